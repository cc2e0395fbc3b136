import { create } from 'zustand'

/** The details panels whose tab is remembered. */
export type PanelKind = 'guest' | 'node' | 'cluster' | 'storage'

/** Tab names are the panels' own (`summary`, `hardware`…); anything longer is no tab of ours. */
const MAX_TAB = 64

interface PanelTabStore {
  tabs: Readonly<Record<PanelKind, string>>
  setTab: (kind: PanelKind, tab: string) => void
}

/** Every kind opens on its summary until the operator picks another tab. */
const FIRST: Record<PanelKind, string> = {
  guest: 'summary',
  node: 'summary',
  cluster: 'summary',
  storage: 'summary',
}

/** Exported for the tests, which start each file from its first state (src/renderer/src/test-setup.ts). */
export const useTabStore = create<PanelTabStore>()((set) => ({
  tabs: FIRST,
  setTab: (kind, tab) => {
    if (tab === '' || tab.length > MAX_TAB) return
    set((s) => (s.tabs[kind] === tab ? s : { tabs: { ...s.tabs, [kind]: tab } }))
  },
}))

/**
 * The shown tab of a kind's details panel, kept when the selection moves to another item of that kind (an operator
 * going through guests' backups stays on Backups). A tab the item does not have (HA on a cluster without it) is
 * for the panel to map to its first tab; the remembered choice stays for the next item that has it.
 */
export function usePanelTab(kind: PanelKind): [tab: string, setTab: (tab: string) => void] {
  const tab = useTabStore((s) => s.tabs[kind])
  const setTab = useTabStore((s) => s.setTab)
  return [tab, (next: string) => setTab(kind, next)]
}

/** Tests: every kind back on its summary. */
export function resetPanelTabs(): void {
  useTabStore.setState({ tabs: FIRST })
}
