import type { DragEvent } from 'react'

import type { GuestRef } from '../../../../shared/model/guest-action'
import { useFleetStore } from '../../stores/fleet-store'
import { useUiStore } from '../../stores/ui-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { guestRefs, pickedGuests } from '../bulk/picked'
import type { TreeRow } from '../tree/tree-row'
import { addToFolder } from './workspace-edits'

/** The drag's own type: a drop from elsewhere (a file, a text) is no guest and is refused. */
const DRAG_TYPE = 'application/x-pvedesk-guests'

/**
 * The guests being dragged, kept here rather than read back from the drag's data: what is dropped is what this
 * window started to drag, never a text another window or page put in a drag (a drop names no guest itself).
 */
let dragged: GuestRef[] = []

/** The guests a drag of this row carries: the picked guests when the row is one of them, else the row's. */
export function startGuestDrag(row: TreeRow, event: DragEvent<HTMLElement>): void {
  if (row.kind !== 'guest') return
  const { multi } = useUiStore.getState()
  const picked = multi.has(row.item.key) ? pickedGuests(useFleetStore.getState(), multi) : []
  dragged = picked.length > 0 ? guestRefs(picked) : [{ clusterId: row.item.clusterId, vmid: row.item.vmid }]
  event.dataTransfer.effectAllowed = 'copy'
  event.dataTransfer.setData(DRAG_TYPE, String(dragged.length))
  event.dataTransfer.setData('text/plain', row.item.name)
}

export function endGuestDrag(): void {
  dragged = []
}

/** A folder row takes this drag: guests of this window. */
export function acceptsDrop(row: TreeRow, event: DragEvent<HTMLElement>): boolean {
  return (
    row.kind === 'group' &&
    row.group.kind === 'folder' &&
    dragged.length > 0 &&
    event.dataTransfer.types.includes(DRAG_TYPE)
  )
}

/** Drops the dragged guests into the folder of the row. True when the row took them. */
export function dropOnRow(row: TreeRow, event: DragEvent<HTMLElement>): boolean {
  if (!acceptsDrop(row, event) || row.kind !== 'group' || row.group.kind !== 'folder') return false
  const refs = dragged
  const folderId = row.group.folderId
  dragged = []
  useWorkspaceStore.getState().update((p) => addToFolder(p, folderId, refs))
  return true
}
