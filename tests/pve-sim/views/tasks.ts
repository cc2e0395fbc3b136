// Task entries as pve-manager's API2/Tasks.pm and API2/Cluster.pm list them: the UPID's fields, a token's tasks
// split into `user` + `tokenid`, and `endtime`/`status` once finished (`status` holds the exit status).

import { splitTokenId } from '../access/config'
import type { Task } from '../tasks/engine'

export type TaskEntry = Record<string, string | number>

export function taskEntry(task: Task): TaskEntry {
  const entry: TaskEntry = {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    user: task.user,
  }
  const token = splitTokenId(task.user)
  if (token !== undefined) {
    entry.user = token[0]
    entry.tokenid = token[1]
  }
  if (task.status === 'stopped') {
    entry.endtime = task.endtime ?? task.starttime
    entry.status = task.exitstatus ?? 'unknown'
  }
  return entry
}

/** GET …/tasks/{upid}/status: the same fields plus `status` running/stopped and `exitstatus` once stopped. */
export function taskStatus(task: Task): TaskEntry {
  const entry = taskEntry(task)
  delete entry.endtime
  entry.status = task.status
  if (task.status === 'stopped') entry.exitstatus = task.exitstatus ?? 'unknown'
  return entry
}

export interface TaskFilter {
  userfilter?: string
  typefilter?: string
  vmid?: number
  errors?: boolean
  source: 'archive' | 'active' | 'all'
  since?: number
  until?: number
  /** ok, warning, error, unknown */
  statusfilter?: readonly string[]
}

function statusClass(task: Task): string {
  const exit = task.exitstatus ?? ''
  if (exit === 'OK') return 'ok'
  if (exit.startsWith('WARNINGS')) return 'warning'
  return exit === '' ? 'unknown' : 'error'
}

export function matchesFilter(task: Task, f: TaskFilter): boolean {
  if (f.source === 'archive' && task.status === 'running') return false
  if (f.source === 'active' && task.status !== 'running') return false
  if (f.userfilter !== undefined && !task.user.includes(f.userfilter)) return false
  if (f.typefilter !== undefined && !task.type.includes(f.typefilter)) return false
  if (f.vmid !== undefined && task.id !== String(f.vmid)) return false
  if (f.since !== undefined && task.starttime < f.since) return false
  if (f.until !== undefined && task.starttime > f.until) return false
  if (task.status === 'stopped') {
    if (f.errors === true && statusClass(task) === 'ok') return false
    if (
      f.statusfilter !== undefined &&
      f.statusfilter.length > 0 &&
      !f.statusfilter.includes(statusClass(task))
    ) {
      return false
    }
  }
  return true
}

/** Newest first, as PVE's task index lists them. */
export const newestFirst = (tasks: readonly Task[]): Task[] =>
  [...tasks].sort((a, b) => b.starttime - a.starttime || b.pid - a.pid)
