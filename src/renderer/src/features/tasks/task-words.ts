import type { TFunction } from 'i18next'

import type { ClusterSummary } from '../../../../shared/model/fleet'
import type { PveTask } from '../../../../shared/model/task'
import { taskTypesEn } from '../../i18n/task-types-en'
import type { TaskFacts } from './task-rows'

/**
 * A worker type in words (`tasks.type.<type>`), else PVE's own code. Only listed types are looked up: a type
 * comes from a server, and one such as `a.b` or `__proto__` must not reach into another part of the strings.
 */
export function typeWords(type: string, t: TFunction): string {
  return Object.hasOwn(taskTypesEn, type) ? t(`tasks.type.${type}`, { defaultValue: type }) : type
}

/** What the status column says: running, OK, PVE's `WARNINGS: n` or its error text, as PVE wrote them. */
export function stateText(task: PveTask, t: TFunction): string {
  if (task.state === 'running') return t('tasks.state.running')
  if (task.state === 'unknown') return t('tasks.lost')
  if (task.exitstatus !== undefined && task.exitstatus !== '') return task.exitstatus
  return t(`tasks.state.${task.state}`)
}

/** `web-01 (210)`, `210` when the fleet does not have it (gone, or another cluster's view), '' when no guest. */
export function guestLabel(facts: Pick<TaskFacts, 'task' | 'guestName'>): string {
  const { vmid } = facts.task
  if (vmid === undefined) return ''
  return facts.guestName === undefined ? String(vmid) : `${facts.guestName} (${vmid})`
}

/** `42 s`, `3 min 05 s`, `1 h 02 min`: exact enough for a task, short enough for a column. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const pad = (n: number): string => String(n).padStart(2, '0')
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`
}

/** Epoch seconds as the operator's local date and time, to the second (tasks of one minute differ). */
export function formatTime(epochSeconds: number, locale: string): string {
  const date = new Date(epochSeconds * 1000)
  if (Number.isNaN(date.getTime())) return String(epochSeconds)
  return date.toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium' })
}

/** Who PVE Desk logs in as on this cluster: `user@realm` or `user@realm!token`. */
export const loginOf = (summary: Pick<ClusterSummary, 'auth'>): string | undefined =>
  summary.auth === undefined
    ? undefined
    : summary.auth.kind === 'password'
      ? summary.auth.username
      : summary.auth.tokenId

/**
 * Is the task this login's? As pve-manager PVE/API2/Tasks.pm `$check_task_user`: the same user, or (for a
 * token's task) the token itself or its user; a token does not own its user's tasks. The owner may stop a task
 * without `Sys.Modify`.
 */
export function ownsTask(login: string | undefined, taskUser: string): boolean {
  if (login === undefined) return false
  if (login === taskUser) return true
  const bang = taskUser.indexOf('!')
  return bang > 0 && taskUser.slice(0, bang) === login
}

/** One line naming the task for a toast or a confirmation: its type, guest and node. */
export function taskTitle(facts: TaskFacts, t: TFunction): string {
  const guest = guestLabel(facts)
  return [typeWords(facts.task.type, t), guest, facts.task.node].filter((p) => p !== '').join(' · ')
}
