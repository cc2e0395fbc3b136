import type { GuestRef } from '../../../../shared/model/guest-action'
import { useFleetStore } from '../../stores/fleet-store'
import { useUiStore } from '../../stores/ui-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { guestRefs, pickedGuests } from '../bulk/picked'
import { useViewsStore } from './views-store'
import { toggleFavourites } from './workspace-edits'

/** The guests a views key acts on: the picked guests, else the selected guest. */
export function targetGuests(): GuestRef[] {
  const ui = useUiStore.getState()
  if (ui.multi.size > 0) return guestRefs(pickedGuests(useFleetStore.getState(), ui.multi))
  const s = ui.selected
  return s?.kind === 'guest' ? [{ clusterId: s.clusterId, vmid: s.vmid }] : []
}

/**
 * The tree's views keys, on the live fleet: F stars or unstars the selected (or picked) guests, M opens "put in
 * a folder" for them. No modifier (Ctrl+F, Alt+M… stay the system's and the app's). True when the key was taken.
 */
export function viewKey(event: {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  repeat: boolean
}): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false
  const key = event.key.toLowerCase()
  if (key !== 'f' && key !== 'm') return false
  const guests = targetGuests()
  if (guests.length === 0) return false
  if (event.repeat) return true
  if (key === 'f') useWorkspaceStore.getState().update((p) => toggleFavourites(p, guests))
  else useViewsStore.getState().openMove(guests)
  return true
}
