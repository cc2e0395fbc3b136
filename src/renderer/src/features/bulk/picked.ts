import type { BulkActionKind } from '../../../../shared/model/bulk'
import { BULK_ACTION_KINDS } from '../../../../shared/model/bulk'
import type { FleetGuest } from '../../../../shared/model/fleet'
import type { GuestRef } from '../../../../shared/model/guest-action'
import type { FleetStore } from '../../stores/fleet-store'

/** The bulk actions, in the order the menus and the bar offer them. */
export const BULK_ACTIONS: readonly BulkActionKind[] = BULK_ACTION_KINDS

/**
 * The picked guests as the live fleet has them now, in the tree's order (cluster, then VMID). A key whose guest
 * has gone (deleted, its cluster removed) is left out: nothing is asked of a guest the window no longer knows.
 */
export function pickedGuests(fleet: Pick<FleetStore, 'items'>, multi: ReadonlySet<string>): FleetGuest[] {
  const found: FleetGuest[] = []
  if (multi.size === 0) return found
  for (const items of Object.values(fleet.items)) {
    for (const key of multi) {
      const item = items.get(key)
      if (item?.kind === 'guest') found.push(item)
    }
  }
  return found.sort((a, b) => a.clusterId.localeCompare(b.clusterId) || a.vmid - b.vmid)
}

export const guestRefs = (guests: readonly FleetGuest[]): GuestRef[] =>
  guests.map((g) => ({ clusterId: g.clusterId, vmid: g.vmid }))

/** A guest's site as the tree places it: its node's site, else the cluster's site for that node or its default. */
export function guestSite(fleet: Pick<FleetStore, 'clusters' | 'trees'>, guest: FleetGuest): string {
  const summary = fleet.clusters[guest.clusterId]?.summary
  const node = fleet.trees[guest.clusterId]?.groups.get(guest.node)?.node
  return node?.site ?? summary?.sites[guest.node] ?? summary?.defaultSite ?? ''
}
