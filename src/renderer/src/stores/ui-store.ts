import { create } from 'zustand'

import type { Selection } from './selection'

const NONE: ReadonlySet<string> = new Set()

/** What the main area shows: the selection's details (and consoles), or the disaster recovery view. */
export type MainView = 'details' | 'dr'

/**
 * View state of the main window: selection, collapsed tree rows (by row id), search text, and the guests picked
 * for a bulk action.
 */
export interface UiStore {
  /** The focused row (the details pane's subject when no several guests are picked). */
  selected: Selection | undefined
  /**
   * The row id of the group the selection was made in: a guest shows once per tag, folder or in the favourites,
   * and the focus stays on the row chosen (undefined: the guest's first row).
   */
  selectedIn: string | undefined
  collapsed: ReadonlySet<string>
  filter: string
  /** Guests picked together (Ctrl/Shift click, Shift+arrows, select all results), by fleet key; empty = none. */
  multi: ReadonlySet<string>
  /** The guest a Shift range starts from. */
  anchor: Selection | undefined
  mainView: MainView
  setMainView: (view: MainView) => void
  select: (selection: Selection | undefined, within?: string) => void
  setExpanded: (id: string, expanded: boolean) => void
  setFilter: (filter: string) => void
  /** Replaces the picked guests (and the range's anchor when given). */
  setMulti: (multi: ReadonlySet<string>, anchor?: Selection) => void
  /** Back to one selected row; the anchor moves to it. */
  clearMulti: () => void
}

export const useUiStore = create<UiStore>()((set) => ({
  selected: undefined,
  selectedIn: undefined,
  collapsed: new Set(),
  filter: '',
  multi: NONE,
  anchor: undefined,
  mainView: 'details',
  setMainView: (mainView) => {
    set({ mainView })
  },
  select: (selected, selectedIn) => {
    set({ selected, selectedIn })
  },
  setExpanded: (id, expanded) => {
    set((current) => {
      if (current.collapsed.has(id) !== expanded) return current
      const collapsed = new Set(current.collapsed)
      if (expanded) collapsed.delete(id)
      else collapsed.add(id)
      return { collapsed }
    })
  },
  setFilter: (filter) => {
    set({ filter })
  },
  setMulti: (multi, anchor) => {
    set((current) => ({ multi: multi.size === 0 ? NONE : multi, anchor: anchor ?? current.anchor }))
  },
  clearMulti: () => {
    set((current) => (current.multi.size === 0 ? current : { multi: NONE }))
  },
}))
