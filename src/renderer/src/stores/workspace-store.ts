import { create } from 'zustand'

import type { WorkspacePreferences } from '../../../shared/model/workspace'
import { defaultWorkspacePreferences } from '../../../shared/model/workspace'
import { AppError } from '../../../shared/ipc/errors'
import { pveDesk, unwrap } from '../api/client'
import { useAppStore } from './app-store'

/**
 * The operator's workspace (language, theme, density, grouping, folders, favourites, saved views), as main keeps
 * it in the settings file. Changes show at once and are written behind, one write at a time, the newest last: a
 * failed write is told in the failure banner and the shown workspace goes back to what the file holds.
 */
export interface WorkspaceStore {
  preferences: WorkspacePreferences
  /** True once main answered (or failed to: the defaults then). */
  loaded: boolean
  load: () => Promise<void>
  /** Applies a change now and writes it behind. */
  update: (change: (current: WorkspacePreferences) => WorkspacePreferences) => void
}

let writing: Promise<void> = Promise.resolve()

export const useWorkspaceStore = create<WorkspaceStore>()((set, get) => ({
  preferences: defaultWorkspacePreferences(),
  loaded: false,
  load: async () => {
    try {
      const preferences = await unwrap(pveDesk().workspaceGet({}))
      set({ preferences, loaded: true })
    } catch (error) {
      set({ loaded: true })
      useAppStore.getState().setFailure({ action: 'workspace', error: AppError.from(error).toShape() })
    }
  },
  update: (change) => {
    const next = change(get().preferences)
    if (next === get().preferences) return
    set({ preferences: next })
    writing = writing.then(async () => {
      // Only the newest change is written: an older one queued behind it has nothing left to say.
      if (get().preferences !== next) return
      try {
        const written = await unwrap(pveDesk().workspaceSet({ preferences: next }))
        if (get().preferences === next) set({ preferences: written })
      } catch (error) {
        useAppStore.getState().setFailure({ action: 'workspace', error: AppError.from(error).toShape() })
        try {
          set({ preferences: await unwrap(pveDesk().workspaceGet({})) })
        } catch {
          // The banner already says the workspace could not be saved.
        }
      }
    })
  },
}))
