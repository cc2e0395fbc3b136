import type { FleetGuest } from '../../../../shared/model/fleet'
import { shownFleet } from '../../stores/shown-fleet'
import { useUiStore } from '../../stores/ui-store'
import { revealInTree } from '../palette/reveal'
import type { MatrixRow } from './dr-rows'

/** The fleet's own guest when the tree holds it (its groups then match the tree's), else the row's facts. */
function fleetGuest({ row, facts }: MatrixRow): FleetGuest {
  const items = shownFleet().items[row.clusterId]
  if (items !== undefined)
    for (const item of items.values()) if (item.kind === 'guest' && item.vmid === row.vmid) return item
  return facts.guest
}

/** A matrix row chosen: the guest selected in the tree as the palette does it, then back to its details. */
export function selectRow(matrixRow: MatrixRow): void {
  const { row } = matrixRow
  revealInTree({
    selection: { kind: 'guest', clusterId: row.clusterId, vmid: row.vmid },
    site: row.site,
    clusterName: row.clusterName,
    guest: fleetGuest(matrixRow),
  })
  useUiStore.getState().setMainView('details')
}
