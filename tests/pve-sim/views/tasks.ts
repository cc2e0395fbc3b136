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
  /** ok, warning, error, unknown (lower-cased as Tasks.pm does). */
  statusfilter?: readonly string[]
}

/** PVE::UPID `normalize_status_type`: a running task has no status yet, hence `unknown`. */
export function statusClass(exit: string | undefined): string {
  if (exit === undefined || exit === '') return 'unknown'
  if (exit === 'OK') return 'ok'
  if (/^WARNINGS: \d+$/.test(exit)) return 'warning'
  return 'error'
}

/** Tasks.pm `$filter_task`, minus the ownership and paging parts. */
export function matchesFilter(task: Task, f: TaskFilter, user: string): boolean {
  if (
    f.userfilter !== undefined &&
    f.userfilter !== '' &&
    !user.toLowerCase().includes(f.userfilter.toLowerCase())
  )
    return false
  if (f.typefilter !== undefined && f.typefilter !== '' && task.type !== f.typefilter) return false
  if (f.vmid !== undefined && f.vmid !== 0 && task.id !== String(f.vmid)) return false
  if (f.since !== undefined && task.starttime < f.since) return false
  if (f.until !== undefined && task.starttime > f.until) return false
  const type = statusClass(task.status === 'running' ? undefined : task.exitstatus)
  // `errors` wins over `statusfilter` and only drops the OK ones.
  if (f.errors === true) return type !== 'ok'
  if (f.statusfilter !== undefined) return f.statusfilter.map((x) => x.toLowerCase()).includes(type)
  return true
}

/** Newest first, as PVE's task index lists them. */
export const newestFirst = (tasks: readonly Task[]): Task[] =>
  [...tasks].sort((a, b) => b.starttime - a.starttime || b.pid - a.pid)

/**
 * The archive (/var/log/pve/tasks/index read backwards): tasks in the order they ended, the last first (they
 * are archived by the reaper as they end).
 */
export const archiveOrder = (tasks: readonly Task[]): Task[] =>
  [...tasks].sort(
    (a, b) =>
      (b.endtime ?? b.starttime) - (a.endtime ?? a.starttime) || b.starttime - a.starttime || b.pid - a.pid,
  )

/** How many tasks a node keeps in its broadcast list (RESTEnvironment.pm `active_workers`: `$MAX_FINISHED`). */
export const BROADCAST_MAX = 25
/** pvestatd re-broadcasts every node's task list every `$updatetime` seconds. */
export const PVESTATD_INTERVAL_MS = 10_000

/**
 * The time of the node's last broadcast of its task list: pvestatd's cycle (each node has its own phase), a task
 * forked (fork_worker) or reaped (the worker reaper's `log_task_result`) on it.
 */
function lastBroadcast(tasks: readonly Task[], phase: number, now: number): number {
  let last = Math.floor((now - phase) / PVESTATD_INTERVAL_MS) * PVESTATD_INTERVAL_MS + phase
  for (const t of tasks) {
    if (t.startMs <= now) last = Math.max(last, t.startMs)
    if (t.status === 'stopped' && t.endtime !== undefined) last = Math.max(last, Math.min(now, t.endMs))
  }
  return last
}

/**
 * One node's part of /cluster/tasks, as `active_workers` broadcasts it through pmxcfs: its running tasks
 * (`pid`, no `pstart`) then its most recent finished ones (no `pid`/`pstart`; `endtime`, `status`) up to 25 rows
 * in all. `saved` comes from the active file as the strings "0"/"1", except in the broadcast that just archived a
 * task (the number 1) and for a task forked since the last re-read (no `saved` yet).
 */
export function broadcastList(tasks: readonly Task[], phase: number, now: number): TaskEntry[] {
  const last = lastBroadcast(tasks, phase, now)
  const running = tasks
    .filter((t) => t.status === 'running')
    .sort((a, b) => a.startMs - b.startMs || a.pid - b.pid)
  const finished = newestFirst(tasks.filter((t) => t.status === 'stopped'))
  const rows = [...running, ...finished.slice(0, Math.max(0, BROADCAST_MAX - running.length))]
  return rows.map((task) => {
    const entry = taskEntry(task)
    delete entry.pstart
    if (task.status === 'running') {
      if (task.startMs < last) entry.saved = '0'
      return entry
    }
    delete entry.pid
    entry.saved = task.endMs >= last ? 1 : '1'
    return entry
  })
}
