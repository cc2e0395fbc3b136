import type { PveTask } from '../../shared/model/task'
import type { TaskAbout } from '../tasks/task-about'

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

/** Longest exit text shown: PVE's are a line; a hostile server's could be a megabyte. */
const MAX_EXIT_TEXT = 300

/**
 * Notification servers of the freedesktop spec (libnotify, GNOME, KDE) read the body as a markup subset: `<b>`,
 * `<a href>`, `<img>`. A hostile server's exit text must show as text, never as a link or an image.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * The title and body of the notification for an ended task: the cluster's name first (operators watch
 * several), PVE's worker type, the vmid and the guest's name when known, the node, then PVE's own exit text for
 * a failure or warnings. Everything from the server or the settings file is escaped (see {@link escapeMarkup}).
 */
export function taskNotificationText(
  task: PveTask,
  locale: string,
  about: TaskAbout = {},
): { title: string; body: string } | undefined {
  if (task.state !== 'ok' && task.state !== 'warning' && task.state !== 'error') return undefined
  const words = locale.toLowerCase().startsWith('fr') ? WORDS.fr : WORDS.en
  const id = about.guestName === undefined ? task.id : `${task.id} (${about.guestName})`
  const what = [task.type, id, words.on(task.node)].filter((w) => w !== '').join(' ')
  const where = about.cluster === undefined || about.cluster === '' ? what : `${about.cluster}: ${what}`
  const exit = (task.exitstatus ?? '').slice(0, MAX_EXIT_TEXT)
  const body = task.state === 'ok' || exit === '' ? where : `${where}: ${exit}`
  return { title: words[task.state], body: escapeMarkup(body) }
}
