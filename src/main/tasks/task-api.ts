import { AppError } from '../../shared/ipc/errors'
import type { Upid } from '../../shared/upid'
import { parseUpid } from '../../shared/upid'
import type { TaskApi, TaskLogApi } from '../pve/tasks'
import { exitText } from './task-rows'

/** Longest log line kept: PVE's are short, a hostile server's could be a megabyte each. */
export const MAX_LOG_LINE = 4_096
/** Most lines one log page asks for (the IPC's own bound). */
export const MAX_LOG_PAGE = 5_000

/** A UPID as the task calls need it; `invalid_request` when it does not read (nothing is sent). */
export function upidOf(api: TaskApi, upid: string): Upid {
  const parsed = upid.length <= 512 ? parseUpid(upid) : undefined
  if (parsed === undefined) {
    throw new AppError({
      code: 'invalid_request',
      clusterId: api.clusterId,
      message: `not a task id: ${upid.slice(0, 100)}`,
    })
  }
  return parsed
}

/** `/nodes/{node}/tasks/{upid}…` on the node the UPID names: where the task's status and log live. */
export function taskPath(api: TaskApi, upid: string, suffix = ''): string {
  return `/nodes/${upidOf(api, upid).node}/tasks/${encodeURIComponent(upid)}${suffix}`
}

export interface TaskStatusRead {
  running: boolean
  /** PVE's exit text once stopped (`OK`, `WARNINGS: n`, the error; `unknown` if it gave none). */
  exitstatus?: string
}

/** `GET /nodes/{node}/tasks/{upid}/status`; a status that is neither `running` nor `stopped` is `bad_response`. */
export async function readTaskStatus(
  api: TaskApi,
  upid: string,
  signal?: AbortSignal,
): Promise<TaskStatusRead> {
  const data = (await api.call('GET', taskPath(api, upid, '/status'), undefined, signal)) as {
    status?: unknown
    exitstatus?: unknown
  } | null
  if (data?.status === 'running') return { running: true }
  if (data?.status === 'stopped')
    return { running: false, exitstatus: exitText(data.exitstatus) || 'unknown' }
  throw new AppError({
    code: 'bad_response',
    clusterId: api.clusterId,
    message: `the status of ${upid} is neither running nor stopped`,
  })
}

/**
 * PVE's answer for a UPID it does not know (pve-manager API2/Tasks.pm: `raise_param_exc({ upid => "no such
 * task" })`, a 400): the task is gone, its follow-up ends as `unknown`.
 */
export function isNoSuchTask(error: unknown): boolean {
  return (
    error instanceof AppError &&
    error.code === 'invalid_request' &&
    /no such task/i.test(error.detail?.upid ?? '')
  )
}

export interface TaskLogRead {
  lines: { n: number; t: string }[]
  /**
   * Lines in the log so far: exact when this page reached the log's end; otherwise PVE's own `total` when the
   * client reads it (`callWithMeta`), else at least one more than the page holds.
   */
  total: number
}

/**
 * One page of a task's log: `GET …/log?start&limit`. One more line than asked is read: when it comes, the log
 * goes on (`total` is PVE's own count if the client gives it, and never less than what was read); when it does
 * not, `total` is the exact count. Lines are bounded in length; rows that are not `{n, t}` are left out. PVE
 * answers an empty log with one line `no content`.
 */
export async function readTaskLog(
  api: TaskLogApi,
  upid: string,
  start: number,
  limit: number,
  signal?: AbortSignal,
): Promise<TaskLogRead> {
  const first = Math.max(0, Math.floor(start))
  const count = Math.min(MAX_LOG_PAGE, Math.max(1, Math.floor(limit)))
  const path = taskPath(api, upid, '/log')
  const params = { start: first, limit: count + 1 }
  const { data, total: pveTotal } =
    api.callWithMeta === undefined
      ? { data: await api.call('GET', path, params, signal), total: undefined }
      : await api.callWithMeta('GET', path, params, signal)
  if (!Array.isArray(data)) {
    throw new AppError({
      code: 'bad_response',
      clusterId: api.clusterId,
      message: `the log of ${upid} is not a list of lines`,
    })
  }
  const rows = data.slice(0, count + 1)
  const lines: { n: number; t: string }[] = []
  for (const [index, row] of rows.slice(0, count).entries()) {
    const { n, t } = (row ?? {}) as { n?: unknown; t?: unknown }
    if (typeof t !== 'string') continue
    const number = typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : first + index + 1
    lines.push({ n: number, t: t.length > MAX_LOG_LINE ? `${t.slice(0, MAX_LOG_LINE - 1)}…` : t })
  }
  const read = first + rows.length
  // The end reached: what was read is the count. Before it, PVE's count, unless it lies below what came.
  const atEnd = rows.length <= count
  return { lines, total: atEnd || pveTotal === undefined ? read : Math.max(read, pveTotal) }
}

/** `DELETE /nodes/{node}/tasks/{upid}`: PVE signals the worker, which ends `interrupted by signal`. */
export async function stopTask(api: TaskApi, upid: string, signal?: AbortSignal): Promise<void> {
  await api.call('DELETE', taskPath(api, upid), undefined, signal)
}
