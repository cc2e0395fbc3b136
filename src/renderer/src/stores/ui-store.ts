import { create } from 'zustand'

import type { Selection } from './selection'

/** View state of the main window: selection, collapsed tree rows (by row id), search text. */
export interface UiStore {
  selected: Selection | undefined
  collapsed: ReadonlySet<string>
  filter: string
  select: (selection: Selection | undefined) => void
  setExpanded: (id: string, expanded: boolean) => void
  setFilter: (filter: string) => void
}

export const useUiStore = create<UiStore>()((set) => ({
  selected: undefined,
  collapsed: new Set(),
  filter: '',
  select: (selected) => {
    set({ selected })
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
}))
