import i18next from 'i18next'

import type { AppInfo } from '../../../shared/ipc/contract'
import { AppError } from '../../../shared/ipc/errors'
import type { Result } from '../../../shared/ipc/errors'
import { pveDesk } from '../api/client'
import { resolveLanguage } from '../i18n'
import { useAppStore } from './app-store'
import { useFleetStore } from './fleet-store'
import { subscribeFleet } from './fleet-sync'
import { subscribeTasks } from './task-sync'
import { useWorkspaceStore } from './workspace-store'

/**
 * The renderer's calls to main, as store actions with one error path: whatever goes wrong (an error envelope,
 * a missing bridge, a closed socket) ends as one {@link AppErrorShape} in the app store, never as a promise
 * rejected into the void nor a screen that waits for ever.
 */
async function settle<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call()
  } catch (error: unknown) {
    return { ok: false, error: AppError.from(error).toShape() }
  }
}

/** Runs an action; on failure records it (`failure.<action>` names it to the operator) and gives undefined. */
export async function runAction<T>(action: string, call: () => Promise<Result<T>>): Promise<T | undefined> {
  const result = await settle(call)
  if (result.ok) return result.value
  useAppStore.getState().setFailure({ action, error: result.error })
  return undefined
}

/** Version and locale from main, without failing: the start screen needs a language even when main is silent. */
export const loadAppInfo = (): Promise<Result<AppInfo>> => settle(() => pveDesk().appInfo({}))

let stopSync: (() => void) | undefined
let taskSync: ReturnType<typeof subscribeTasks> | undefined

/**
 * Starts (or, from the failed-start screen, starts again) the app: app info, then the fleet subscriptions and
 * the whole fleet. Either step failing shows the failed-start screen with its reason.
 */
export async function startApp(prefetched?: Result<AppInfo>): Promise<void> {
  // A retry leaves the failed-start screen up (its button busy) until the outcome is known.
  const app = useAppStore.getState()
  const info = prefetched ?? (await loadAppInfo())
  if (!info.ok) {
    app.setStartup({ state: 'failed', error: info.error })
    return
  }
  // The operator's choice (workspace) first; `system` is main's locale, which the failed-start screen lacked.
  const language = resolveLanguage(useWorkspaceStore.getState().preferences.language, info.value.locale)
  if (i18next.isInitialized && i18next.language !== language) {
    await i18next.changeLanguage(language)
    document.documentElement.lang = language
  }
  const fleet = await settle(() => {
    const api = pveDesk()
    stopSync ??= subscribeFleet(api)
    return api.fleetGet({})
  })
  if (!fleet.ok) {
    app.setStartup({ state: 'failed', error: fleet.error })
    return
  }
  useFleetStore.getState().load(fleet.value)
  app.setStartup({ state: 'ready', info: info.value })
  void startTasks()
  const health = await runAction('health', () => pveDesk().appHealth({}))
  if (health !== undefined) app.setHealth(health)
}

/**
 * The task timeline: subscribed, then listed. It is no reason to fail the start (the fleet is up): a failed list
 * leaves the dock to fill from the next deltas.
 */
async function startTasks(): Promise<void> {
  try {
    taskSync ??= subscribeTasks(pveDesk())
    await taskSync.list()
  } catch {
    // The dock shows what deltas bring; the fleet and every action work without the list.
  }
}

/** Stops listening to main (tests; the window itself never stops). */
export function stopApp(): void {
  stopSync?.()
  stopSync = undefined
  taskSync?.stop()
  taskSync = undefined
}

/** Retry now: poll this cluster at once, outside its back-off. */
export async function refreshCluster(clusterId: string): Promise<void> {
  await runAction('refresh', () => pveDesk().clusterRefresh({ clusterId }))
}
