import type { ReactElement } from 'react'

import { pveDesk } from '../../../api/client'
import { PanelFrame } from '../PanelFrame'
import { usePanelQuery } from '../use-panel-query'
import { ClusterPanelView } from './ClusterPanelView'

/** The cluster's panel, read live every 30 s; a failed refresh keeps the last answer with its age. */
export function ClusterPanel({ clusterId }: { clusterId: string }): ReactElement {
  const query = usePanelQuery(
    `${clusterId}/cluster`,
    (options) => pveDesk().panelCluster({ clusterId }, options),
    { refreshMs: 30_000 },
  )
  return (
    <PanelFrame query={query} testId="cluster-panel">
      {(value) => <ClusterPanelView value={value} />}
    </PanelFrame>
  )
}
