import { useAppStore } from '../../stores/app-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { applyDensity } from './density'
import { applyLanguage, resolveLanguage } from './language'

let bootLocale = 'en'
let stop: (() => void) | undefined

/** The system locale: main's once the app started (a retry after a failed start may bring it late), else boot's. */
export function systemLocale(): string {
  const startup = useAppStore.getState().startup
  return startup.state === 'ready' ? startup.info.locale : bootLocale
}

/**
 * Applies the workspace's language and density now, then follows them (the theme is Mantine's, through
 * color-scheme-manager.ts). Called once the workspace is loaded and before the first render, so nothing shows in
 * the system's language first. Answers the unsubscribe; a second start replaces the first.
 */
export async function startLook(locale: string): Promise<() => void> {
  bootLocale = locale
  stop?.()
  const { preferences } = useWorkspaceStore.getState()
  applyDensity(preferences.density)
  await applyLanguage(resolveLanguage(preferences.language, systemLocale()))
  const unsubscribe = useWorkspaceStore.subscribe((state, previous) => {
    const now = state.preferences
    const was = previous.preferences
    if (now.density !== was.density) applyDensity(now.density)
    if (now.language !== was.language) void applyLanguage(resolveLanguage(now.language, systemLocale()))
  })
  const stopHere = (): void => {
    unsubscribe()
    if (stop === stopHere) stop = undefined
  }
  stop = stopHere
  return stopHere
}
