import type { ReactElement } from 'react'

import { pveDesk } from '../../../api/client'
import { PanelFrame } from '../PanelFrame'
import { usePanelQuery } from '../use-panel-query'
import { StoragePanelView } from './StoragePanelView'

/** The storage's panel, read live every 30 s (usage per node, content, backups). */
export function StoragePanel({ clusterId, storage }: { clusterId: string; storage: string }): ReactElement {
  const query = usePanelQuery(
    `${clusterId}/storage/${storage}`,
    (options) => pveDesk().panelStorage({ clusterId, storage }, options),
    { refreshMs: 30_000 },
  )
  return (
    <PanelFrame query={query} testId="storage-panel">
      {(value) => <StoragePanelView value={value} nowSeconds={(query.at ?? 0) / 1000} />}
    </PanelFrame>
  )
}
