import { create } from 'zustand'

/**
 * The window-wide overlays any part of the app may open: the command palette (Ctrl+K) and the keyboard
 * shortcuts help. One at a time: opening one closes the other.
 */
export interface OverlayStore {
  palette: boolean
  shortcuts: boolean
  openPalette: (open: boolean) => void
  openShortcuts: (open: boolean) => void
}

export const useOverlayStore = create<OverlayStore>()((set) => ({
  palette: false,
  shortcuts: false,
  openPalette: (open) => {
    set(open ? { palette: true, shortcuts: false } : { palette: false })
  },
  openShortcuts: (open) => {
    set(open ? { shortcuts: true, palette: false } : { shortcuts: false })
  },
}))
