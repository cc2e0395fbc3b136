import type { Selection } from '../../stores/selection'
import type { TreeRows } from '../tree/tree-row'

/** What picking guests starts from: the guests already picked, the range's anchor, the focused row. */
export interface PickState {
  multi: ReadonlySet<string>
  anchor: Selection | undefined
  selected: Selection | undefined
}

/** The modifiers of a click: Shift extends a range, Ctrl (Cmd on macOS) toggles one guest. */
export interface PickMods {
  range: boolean
  toggle: boolean
}

export interface Picked {
  multi: ReadonlySet<string>
  anchor: Selection
}

/** The fleet key of a row's guest; undefined for any other row. */
function guestKeyAt(rows: TreeRows, index: number): string | undefined {
  const row = rows.at(index)
  return row?.kind === 'guest' ? row.item.key : undefined
}

/** The guests among the visible rows from one row to another, both included, in either order. */
export function rangeKeys(rows: TreeRows, from: number, to: number): Set<string> {
  const keys = new Set<string>()
  const first = Math.max(0, Math.min(from, to))
  const last = Math.min(rows.length - 1, Math.max(from, to))
  for (let i = first; i <= last; i++) {
    const key = guestKeyAt(rows, i)
    if (key !== undefined) keys.add(key)
  }
  return keys
}

/** Where a range starts: the anchor if it is shown, else the focused row, else `fallback`. */
function anchorIndex(state: PickState, rows: TreeRows, fallback: number): number {
  const anchor = state.anchor === undefined ? -1 : rows.indexOf(state.anchor)
  if (anchor >= 0) return anchor
  const focused = state.selected === undefined ? -1 : rows.indexOf(state.selected)
  return focused >= 0 ? focused : fallback
}

/**
 * What a click with Shift or Ctrl does to the picked guests, as in a file explorer: Shift picks the guests from
 * the anchor to the clicked row (Ctrl+Shift adds them to those picked); Ctrl adds or removes the clicked guest,
 * the focused guest being the first picked when nothing was yet. Undefined for a plain click, or Ctrl on a row
 * that is no guest: the caller selects that one row.
 */
export function pickOnClick(
  state: PickState,
  rows: TreeRows,
  index: number,
  mods: PickMods,
): Picked | undefined {
  const row = rows.at(index)
  if (row === undefined) return undefined
  if (mods.range) {
    const start = anchorIndex(state, rows, index)
    const range = rangeKeys(rows, start, index)
    const multi = mods.toggle ? new Set([...state.multi, ...range]) : range
    return { multi, anchor: rows.at(start)?.target ?? row.target }
  }
  if (!mods.toggle) return undefined
  const key = guestKeyAt(rows, index)
  if (key === undefined) return undefined
  const multi = new Set(state.multi)
  if (multi.size === 0 && state.selected !== undefined) {
    const focused = guestKeyAt(rows, rows.indexOf(state.selected))
    if (focused !== undefined) multi.add(focused)
  }
  if (multi.has(key)) multi.delete(key)
  else multi.add(key)
  return { multi, anchor: row.target }
}

/** Shift+Up/Down: the focus moves from `from` to `to` and the picked guests are those from the anchor to it. */
export function pickOnMove(state: PickState, rows: TreeRows, from: number, to: number): Picked | undefined {
  if (rows.at(to) === undefined) return undefined
  const start = anchorIndex(state, rows, from)
  const anchor = rows.at(start)?.target
  return anchor === undefined ? undefined : { multi: rangeKeys(rows, start, to), anchor }
}
