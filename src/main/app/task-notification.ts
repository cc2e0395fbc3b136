import { Notification } from 'electron'

import type { PveTask } from '../../shared/model/task'

const WORDS = {
  en: {
    ok: 'Task done',
    warning: 'Task done with warnings',
    error: 'Task failed',
    on: (node: string) => `on ${node}`,
  },
  fr: {
    ok: 'Tâche terminée',
    warning: 'Tâche terminée avec des avertissements',
    error: 'Échec de la tâche',
    on: (node: string) => `sur ${node}`,
  },
} as const

/**
 * An OS notification when a task PVE Desk started ends (the window's toast says it too): PVE's worker type and
 * id, the node, and PVE's own exit text, which is the reason of a failure.
 */
export function notifyTaskEnded(locale: string): (task: PveTask) => void {
  const words = locale.toLowerCase().startsWith('fr') ? WORDS.fr : WORDS.en
  return (task) => {
    if (!Notification.isSupported()) return
    if (task.state !== 'ok' && task.state !== 'warning' && task.state !== 'error') return
    const what = [task.type, task.id, words.on(task.node)].filter((w) => w !== '').join(' ')
    const body = task.state === 'ok' ? what : `${what}: ${task.exitstatus ?? ''}`
    new Notification({ title: words[task.state], body }).show()
  }
}
