import { create } from 'zustand'

import type { AppHealth } from '../../../shared/ipc/contract'

/** What main told us about the app itself at start: keychain availability, settings problems. */
export interface AppStore {
  health: AppHealth | undefined
  setHealth: (health: AppHealth) => void
}

export const useAppStore = create<AppStore>()((set) => ({
  health: undefined,
  setHealth: (health) => {
    set({ health })
  },
}))
