import type { BulkActionKind } from '../../../../shared/model/bulk'
import { useBulkStore } from '../../stores/bulk-store'
import { useFleetStore } from '../../stores/fleet-store'
import { useUiStore } from '../../stores/ui-store'
import { guestRefs, pickedGuests } from './picked'
import { matchingGuests } from './search-results'

/** Picks every guest the current search matches (all clusters, collapsed rows too); the focus stays where it is. */
export function selectAllResults(): number {
  const ui = useUiStore.getState()
  const keys = new Set(matchingGuests(useFleetStore.getState(), ui.filter).map((g) => g.key))
  ui.setMulti(keys)
  return keys.size
}

/** Opens the bulk dialog for this action over the picked guests (those the live fleet still has). */
export function openBulk(action: BulkActionKind): void {
  const guests = pickedGuests(useFleetStore.getState(), useUiStore.getState().multi)
  if (guests.length === 0) return
  useBulkStore.getState().open({ kind: 'new', action, guests: guestRefs(guests) })
}
