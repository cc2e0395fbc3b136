import type { KeyboardEvent } from 'react'

import type { Selection } from '../../stores/selection'
import { DETAILS_TAB, useConsoleStore } from '../../stores/console-store'
import { shownFleet } from '../../stores/shown-fleet'
import { useUiStore } from '../../stores/ui-store'
import { selectAllResults } from '../bulk/bulk-commands'
import { pickOnMove } from '../bulk/multi-select'
import type { MenuRequest } from '../consoles/ConsoleMenu'
import { treeConsoleKey } from '../consoles/tree-console-key'
import { choicesFor, launch } from '../consoles/use-console-choices'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { collapseKey } from './tree-memory'
import type { TreeRows } from './tree-row'

export const domId = (rowId: string): string => `tree-row-${rowId}`

export const isPicked = (multi: ReadonlySet<string>, guest: Selection & { kind: 'guest' }): boolean => {
  const key = shownFleet().trees[guest.clusterId]?.guests.get(guest.vmid)?.key
  return key !== undefined && multi.has(key)
}

/** Choosing a row in the tree asks for its details: the workspace shows its Details tab. */
export const showDetails = (): void => {
  useConsoleStore.getState().activate(DETAILS_TAB)
}

/**
 * The keys that pick guests: Shift+Up/Down extend the range from the anchor, Ctrl/Cmd+A picks every guest the
 * search matches, Escape drops the picked guests, and the context-menu key (Shift+F10) opens the bulk menu while
 * several are picked. True when the key was taken. `activeRowId`: the focused row's id (a guest may show twice).
 */
export function multiKey(
  event: KeyboardEvent<HTMLDivElement>,
  rows: TreeRows,
  activeIndex: number,
  activeRowId: string | undefined,
  setBulkMenu: (at: { x: number; y: number }) => void,
): boolean {
  const ui = useUiStore.getState()
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
    selectAllResults()
    return true
  }
  if (event.key === 'Escape' && ui.multi.size > 0) {
    ui.clearMulti()
    return true
  }
  const menuKey = event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey && !event.ctrlKey)
  if (menuKey && ui.multi.size >= 2) {
    const box = event.currentTarget.getBoundingClientRect()
    const row =
      activeRowId === undefined
        ? undefined
        : document.getElementById(domId(activeRowId))?.getBoundingClientRect()
    setBulkMenu({ x: (row ?? box).left + 24, y: row === undefined ? box.top : row.top + row.height })
    return true
  }
  if (!event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return false
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return false
  const to = Math.max(0, Math.min(rows.length - 1, activeIndex + (event.key === 'ArrowDown' ? 1 : -1)))
  const picked = pickOnMove(ui, rows, activeIndex < 0 ? to : activeIndex, to)
  if (picked === undefined) return false
  ui.setMulti(picked.multi, picked.anchor)
  const row = rows.at(to)
  ui.select(row?.target, row?.parentId)
  return true
}

/**
 * The console keys on the selected row (see {@link treeConsoleKey}); the context-menu key opens the menu under
 * the row. True when the key was taken.
 */
export function consoleKey(
  event: KeyboardEvent<HTMLDivElement>,
  selected: Selection,
  activeRowId: string | undefined,
  setMenu: (request: MenuRequest) => void,
): boolean {
  if (selected.kind !== 'node' && selected.kind !== 'guest') return false
  const action = treeConsoleKey(event, choicesFor(shownFleet(), selected))
  if (action.type === 'menu') {
    const row =
      activeRowId === undefined
        ? undefined
        : document.getElementById(domId(activeRowId))?.getBoundingClientRect()
    const box = row ?? event.currentTarget.getBoundingClientRect()
    setMenu({ selection: selected, x: box.left + 24, y: box.top + (row ? box.height : 0) })
  } else if (action.type === 'launch') launch(selected.clusterId, action.choice)
  return action.type !== 'none'
}

/** Opens or closes a row in the grouping shown (the collapsed state is kept per grouping). */
export function setRowExpanded(rowId: string, expanded: boolean): void {
  const { grouping } = useWorkspaceStore.getState().preferences
  useUiStore.getState().setExpanded(collapseKey(grouping, rowId), expanded)
}
