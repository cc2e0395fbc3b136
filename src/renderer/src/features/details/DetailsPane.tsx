import type { ReactElement } from 'react'

import { useUiStore } from '../../stores/ui-store'
import { ClusterDetails } from './ClusterDetails'
import { GuestDetails } from './GuestDetails'
import { NoDetails } from './NoDetails'
import { NodeDetails } from './NodeDetails'
import { SiteDetails } from './SiteDetails'
import { StorageDetails } from './StorageDetails'

/** The main figures of the selected tree item: one component per kind, each reading only what it shows. */
export function DetailsPane(): ReactElement {
  const selected = useUiStore((s) => s.selected)
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
  }
}
