import type { MantineColorScheme, MantineColorSchemeManager } from '@mantine/core'

import type { ThemeChoice } from '../../../../shared/model/workspace'
import { useWorkspaceStore } from '../../stores/workspace-store'

const toScheme = (theme: ThemeChoice): MantineColorScheme => (theme === 'system' ? 'auto' : theme)
const toTheme = (scheme: MantineColorScheme): ThemeChoice => (scheme === 'auto' ? 'system' : scheme)

/**
 * Mantine's colour scheme kept in the workspace (the settings file) instead of localStorage: `system` is Mantine's
 * `auto` (the OS's light or dark, live). Read when Mantine mounts — the workspace is loaded before the first
 * render, so the chosen theme shows from the first paint — and followed when the workspace changes (the look
 * menu, the palette, another window's write read back).
 */
export function workspaceColorSchemeManager(): MantineColorSchemeManager {
  let unsubscribe: (() => void) | undefined
  return {
    get: () => toScheme(useWorkspaceStore.getState().preferences.theme),
    set: (scheme) => {
      const theme = toTheme(scheme)
      // Mantine calls set() for the change the subscription just told it: nothing to write then.
      if (useWorkspaceStore.getState().preferences.theme === theme) return
      useWorkspaceStore.getState().update((p) => ({ ...p, theme }))
    },
    subscribe: (onUpdate) => {
      unsubscribe?.()
      unsubscribe = useWorkspaceStore.subscribe((state, previous) => {
        if (state.preferences.theme !== previous.preferences.theme)
          onUpdate(toScheme(state.preferences.theme))
      })
    },
    unsubscribe: () => {
      unsubscribe?.()
      unsubscribe = undefined
    },
    clear: () => {
      useWorkspaceStore.getState().update((p) => ({ ...p, theme: 'system' }))
    },
  }
}
