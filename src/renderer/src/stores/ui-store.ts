import { create } from 'zustand'

/** View state of the main window: selection, collapsed tree rows, search text. */
export interface UiStore {
  selectedId: string | undefined
  collapsed: ReadonlySet<string>
  filter: string
  select: (id: string | undefined) => void
  setExpanded: (id: string, expanded: boolean) => void
  setFilter: (filter: string) => void
}

export const useUiStore = create<UiStore>()((set) => ({
  selectedId: undefined,
  collapsed: new Set(),
  filter: '',
  select: (selectedId) => {
    set({ selectedId })
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
