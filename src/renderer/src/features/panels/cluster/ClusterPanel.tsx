import type { ReactElement } from 'react'

import { pveDesk } from '../../../api/client'
import { PanelFrame } from '../PanelFrame'
import { usePanelQuery } from '../use-panel-query'
import { ClusterPanelView } from './ClusterPanelView'

/**
 * The cluster's panel, read live every 30 s; a failed refresh keeps the last answer with its age. While the
 * cluster does not answer and nothing was read yet, it shows nothing: the connection's own error and Retry now
 * are just above, a second refusal with a second Retry would only repeat them.
 */
export function ClusterPanel({
  clusterId,
  connected,
}: {
  clusterId: string
  connected: boolean
}): ReactElement | null {
  const query = usePanelQuery(
    `${clusterId}/cluster`,
    (options) => pveDesk().panelCluster({ clusterId }, options),
    { refreshMs: 30_000 },
  )
  if (!connected && query.value === undefined) return null
  return (
    <PanelFrame query={query} testId="cluster-panel">
      {(value) => <ClusterPanelView value={value} />}
    </PanelFrame>
  )
}
