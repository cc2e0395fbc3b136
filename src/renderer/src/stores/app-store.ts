import { create } from 'zustand'

import type { AppHealth, AppInfo } from '../../../shared/ipc/contract'
import type { AppErrorShape } from '../../../shared/ipc/errors'

/** How the start went: the app shows its tree only once main answered, and a screen with Retry if it did not. */
export type Startup =
  { state: 'starting' } | { state: 'ready'; info: AppInfo } | { state: 'failed'; error: AppErrorShape }

/** An action that failed, for the one place that tells the operator (see `actions.ts`). */
export interface ActionFailure {
  /** i18n key under `failure.` naming what was being done. */
  action: string
  error: AppErrorShape
}

/** What main told us about the app itself, how the start went, and the last failed action. */
export interface AppStore {
  startup: Startup
  health: AppHealth | undefined
  failure: ActionFailure | undefined
  setStartup: (startup: Startup) => void
  setHealth: (health: AppHealth) => void
  setFailure: (failure: ActionFailure | undefined) => void
}

export const useAppStore = create<AppStore>()((set) => ({
  startup: { state: 'starting' },
  health: undefined,
  failure: undefined,
  setStartup: (startup) => {
    set({ startup })
  },
  setHealth: (health) => {
    set({ health })
  },
  setFailure: (failure) => {
    set({ failure })
  },
}))
