import type { ReactElement } from 'react'

import type { Selection } from '../../stores/selection'
import { useOffline } from '../../stores/shown-fleet'
import { useUiStore } from '../../stores/ui-store'
import { BulkSummary } from '../bulk/BulkSummary'
import { CapturedDetails } from '../inventory/CapturedDetails'
import { GroupDetails } from '../views/GroupDetails'
import { ClusterDetails } from './ClusterDetails'
import { DetailsBoundary } from './DetailsBoundary'
import { GuestDetails } from './GuestDetails'
import { NoDetails } from './NoDetails'
import { NodeDetails } from './NodeDetails'
import { SiteDetails } from './SiteDetails'
import { StorageDetails } from './StorageDetails'

/**
 * The main figures of the selected tree item: one component per kind, each reading only what it shows. A panel
 * that fails to draw is caught here, so the tree and the consoles stay; selecting another item draws afresh.
 */
export function DetailsPane(): ReactElement {
  const selected = useUiStore((s) => s.selected)
  const offline = useOffline()
  return (
    <DetailsBoundary resetKey={`${offline ? 'offline' : 'live'}:${JSON.stringify(selected ?? null)}`}>
      <PaneContent selected={selected} offline={offline} />
    </DetailsBoundary>
  )
}

function PaneContent({
  selected,
  offline,
}: {
  selected: Selection | undefined
  offline: boolean
}): ReactElement {
  // Several guests picked: their summary and the bulk actions (live fleet only).
  const picked = useUiStore((s) => s.multi.size)
  if (!offline && picked >= 2) return <BulkSummary />
  // Offline, a guest's or node's details go on with what the inventory snapshot captured of it.
  if (offline && (selected?.kind === 'guest' || selected?.kind === 'node'))
    return (
      <>
        <ItemDetails selected={selected} />
        <CapturedDetails selection={selected} />
      </>
    )
  return <ItemDetails selected={selected} />
}

function ItemDetails({ selected }: { selected: Selection | undefined }): ReactElement {
  switch (selected?.kind) {
    case undefined:
      return <NoDetails />
    case 'site':
      return <SiteDetails site={selected.site} />
    case 'cluster':
      return <ClusterDetails clusterId={selected.clusterId} />
    case 'node':
      return <NodeDetails clusterId={selected.clusterId} node={selected.node} />
    case 'guest':
      return <GuestDetails clusterId={selected.clusterId} vmid={selected.vmid} />
    case 'storage':
      return <StorageDetails clusterId={selected.clusterId} node={selected.node} storage={selected.storage} />
    case 'group':
      return <GroupDetails group={selected.group} />
  }
}
