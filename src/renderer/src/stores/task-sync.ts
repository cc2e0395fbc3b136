import type { PveDeskApi } from '../../../shared/ipc/api'
import type { ActionPreferences } from '../../../shared/model/guest-action'
import type { PveTask } from '../../../shared/model/task'
import { useActionStore } from './action-store'
import { useTaskStore } from './task-store'

export type NotifyPreference = ActionPreferences['notify']

/** Does this ended task deserve a toast? `failed`: only what did not end OK (an error, a lost task). */
export function wantsNotice(preference: NotifyPreference, task: PveTask): boolean {
  if (preference === 'off') return false
  if (preference === 'failed') return task.state === 'error' || task.state === 'unknown'
  return true
}

/**
 * Keeps the task store in step with main: subscribe to `task:delta` and `task:ended` first, then list (the store
 * merges, so a task in both is applied once). `notify` reads the user's preference when a task ends, not at
 * start: changed in the preferences dialog, it holds for the next end (the action store's copy, loaded by
 * `useActionPreferences`, which the toasts mount). Returns the function that stops it all.
 */
export function subscribeTasks(
  api: PveDeskApi,
  notify: () => NotifyPreference = () => useActionStore.getState().preferences.notify,
): { stop: () => void; list: () => Promise<void> } {
  const store = useTaskStore.getState()
  const stops = [
    api.onTaskDelta((delta) => store.applyDelta(delta)),
    api.onTaskEnded(({ task }) => store.ended(task, task.mine && wantsNotice(notify(), task))),
    api.onClusterConfig((event) => {
      if (event.kind === 'removed') store.dropCluster(event.clusterId)
    }),
  ]
  return {
    stop: () => {
      for (const stop of stops) stop()
    },
    list: async () => {
      const result = await api.taskList({})
      // A failed list leaves what the deltas bring: the timeline fills from the next poll on.
      if (result.ok) store.load(result.value)
    },
  }
}
