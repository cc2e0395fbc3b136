import type { ActionPreferences } from '../../shared/model/guest-action'
import type { PveTask } from '../../shared/model/task'

/**
 * Whether an ended task PVE Desk followed is worth an OS notification under the user's `notify` preference:
 * `all` (every end), `failed` (an error only: warnings are a success PVE annotates), `off`.
 */
export function shouldNotifyTask(task: PveTask, notify: ActionPreferences['notify']): boolean {
  if (!task.mine || notify === 'off') return false
  if (notify === 'failed') return task.state === 'error'
  return task.state === 'ok' || task.state === 'warning' || task.state === 'error'
}

/**
 * Hands `task` to `notify` if the preferences (read now: the user may just have changed them) want it. Without
 * readable preferences every end notifies, as the default does.
 */
export async function notifyIfWanted(
  task: PveTask,
  preferences: () => Promise<Pick<ActionPreferences, 'notify'>>,
  notify: (task: PveTask) => void,
): Promise<void> {
  const wanted = await preferences().then(
    (p) => p.notify,
    () => 'all' as const,
  )
  if (shouldNotifyTask(task, wanted)) notify(task)
}
