import type { PveTask, TaskState } from '../../shared/model/task'
import { taskVmid } from '../../shared/task-types'
import type { Upid } from '../../shared/upid'
import { parseUpid } from '../../shared/upid'

/** Tasks kept per cluster: PVE's own cluster list is about this long, and a hostile server's is not. */
export const MAX_TASKS_PER_CLUSTER = 1_000
/** Rows of one `/cluster/tasks` answer looked at: the newest come first, a 10^6-row answer is not walked. */
export const MAX_ROWS_READ = 10_000
/** Longest exit status kept: PVE's are one line (a failed command's text at most). */
export const MAX_EXIT_STATUS = 2_000
/** A UPID is short (node names are at most 63 characters); past this it is junk. */
const MAX_UPID = 512

export const taskKey = (clusterId: string, upid: string): string => `${clusterId}/${upid}`

/**
 * A task's state from PVE's exit status (pve-common RESTEnvironment / PVE::Tools `upid_read_status`): `OK`,
 * `WARNINGS: <n>`, `unknown` when PVE itself could not read it, any other text is the error. `/cluster/tasks`
 * rows of running tasks have neither `status` nor `endtime` (pve-manager API2/Cluster.pm `tasks` passes the
 * cluster's task list as is); a node's list says `RUNNING`.
 */
export function stateOf(exitstatus: string | undefined, ended: boolean): TaskState {
  if (exitstatus === undefined || exitstatus === '' || exitstatus === 'RUNNING')
    return ended ? 'unknown' : 'running'
  if (exitstatus === 'OK') return 'ok'
  if (/^WARNINGS: \d+$/.test(exitstatus)) return 'warning'
  if (exitstatus === 'unknown') return 'unknown'
  return 'error'
}

/** A one-line exit text of bounded length; anything but a string is none. */
export function exitText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  // Control characters (a newline, an escape sequence) would break the one line a timeline row shows.
  const line = Array.from(value.slice(0, MAX_EXIT_STATUS + 1), (c) => (c < ' ' || c === '\u007f' ? ' ' : c))
    .join('')
    .trim()
  return line.length > MAX_EXIT_STATUS ? `${line.slice(0, MAX_EXIT_STATUS - 1)}…` : line
}

/** Epoch seconds, or nothing for anything else (a hostile server's strings, negatives, NaN). */
function epoch(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined
}

/**
 * The task a UPID names, as the timeline holds it. Node, type, id, user and start come from the UPID itself, not
 * from the row around it: they are what the status and log calls use, and a row cannot contradict them.
 */
export function taskFromUpid(
  clusterId: string,
  upid: string,
  parsed: Upid,
  end: { state: TaskState; exitstatus?: string; endtime?: number },
  mine = false,
): PveTask {
  const vmid = taskVmid(parsed.type, parsed.id)
  return {
    key: taskKey(clusterId, upid),
    clusterId,
    upid,
    node: parsed.node,
    type: parsed.type,
    id: parsed.id,
    user: parsed.user,
    starttime: parsed.starttime,
    state: end.state,
    mine,
    ...(end.endtime === undefined ? {} : { endtime: end.endtime }),
    ...(end.exitstatus === undefined ? {} : { exitstatus: end.exitstatus }),
    ...(vmid === undefined ? {} : { vmid }),
  }
}

/** One row of `/cluster/tasks` (or a node's list), or nothing when its UPID does not read. */
export function taskFromRow(clusterId: string, row: unknown): PveTask | undefined {
  if (row === null || typeof row !== 'object') return undefined
  const { upid, status, endtime } = row as Record<string, unknown>
  if (typeof upid !== 'string' || upid.length > MAX_UPID) return undefined
  const parsed = parseUpid(upid)
  if (parsed === undefined) return undefined
  const exitstatus = exitText(status)
  const end = epoch(endtime)
  const state = stateOf(exitstatus, end !== undefined)
  return taskFromUpid(clusterId, upid, parsed, {
    state,
    ...(end === undefined ? {} : { endtime: end }),
    ...(state === 'running' || exitstatus === undefined ? {} : { exitstatus }),
  })
}

/** Newest first (start time, then UPID for a stable order). */
export function newestFirst(a: PveTask, b: PveTask): number {
  return b.starttime - a.starttime || (a.upid < b.upid ? 1 : a.upid > b.upid ? -1 : 0)
}

/**
 * A `/cluster/tasks` answer as tasks, newest first, at most `limit`, one per UPID. Rows that are not objects
 * or whose UPID does not parse are left out; an answer that is not a list is no task.
 */
export function readTaskRows(clusterId: string, data: unknown, limit = MAX_TASKS_PER_CLUSTER): PveTask[] {
  if (!Array.isArray(data)) return []
  const byUpid = new Map<string, PveTask>()
  const rows = data.length > MAX_ROWS_READ ? data.slice(0, MAX_ROWS_READ) : data
  for (const row of rows) {
    const task = taskFromRow(clusterId, row)
    if (task !== undefined && !byUpid.has(task.upid)) byUpid.set(task.upid, task)
  }
  return [...byUpid.values()].sort(newestFirst).slice(0, limit)
}
