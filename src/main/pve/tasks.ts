import { AppError } from '../../shared/ipc/errors'
import { parseUpid } from '../../shared/upid'
import { MAX_LOG_PAGE, readTaskLog } from '../tasks/task-api'
import type { PveClient } from './pve-client'

/** What task calls need of a client: the CLI's bare PveClient, or the app's connection of a cluster. */
export type TaskApi = Pick<PveClient, 'clusterId' | 'call'>
/** A client that may also give PVE's `total` of a log (a PveClient does; a scripted one may not). */
export type TaskLogApi = TaskApi & Partial<Pick<PveClient, 'callWithMeta'>>

/** Most pages {@link taskLogTail} reads: a million lines; a log longer than that (or lying) ends there. */
const MAX_TAIL_READS = 200

export interface TaskResult {
  upid: string
  /** `OK`, `WARNINGS: n`, or the error text of a failed task. */
  exitstatus: string
  ok: boolean
}

export interface TaskLogLine {
  n: number
  t: string
}

/**
 * Follows a Proxmox VE task to its end: polls `GET /nodes/{node}/tasks/{upid}/status` on the node named in the
 * UPID until `status` is `stopped`. A task that ends in warnings counts as done; any other exit status is a
 * failure whose text is PVE's own.
 */
export async function followTask(
  client: TaskApi,
  upid: string,
  options: { intervalMs?: number; signal?: AbortSignal } = {},
): Promise<TaskResult> {
  const parsed = parseUpid(upid)
  if (parsed === undefined) {
    throw new AppError({
      code: 'bad_response',
      clusterId: client.clusterId,
      message: `not a task id: ${upid}`,
    })
  }
  const path = `/nodes/${parsed.node}/tasks/${encodeURIComponent(upid)}/status`
  for (;;) {
    const status = (await client.call('GET', path, undefined, options.signal)) as {
      status?: unknown
      exitstatus?: unknown
    } | null
    if (status?.status === 'stopped') {
      const exitstatus = typeof status.exitstatus === 'string' ? status.exitstatus : 'unknown'
      return { upid, exitstatus, ok: exitstatus === 'OK' || exitstatus.startsWith('WARNINGS') }
    }
    await delay(options.intervalMs ?? 1_000, options.signal)
  }
}

/** The task's log lines (`n`, `t`), first `limit` of them. */
export async function taskLog(client: TaskApi, upid: string, limit = 500): Promise<TaskLogLine[]> {
  const node = parseUpid(upid)?.node
  if (node === undefined) return []
  const data = await client.call('GET', `/nodes/${node}/tasks/${encodeURIComponent(upid)}/log`, {
    start: 0,
    limit,
  })
  if (!Array.isArray(data)) return []
  return data
    .map((line) => line as { n?: unknown; t?: unknown })
    .filter((line) => typeof line.t === 'string')
    .map((line) => ({ n: Number(line.n), t: String(line.t) }))
}

/**
 * The last `lines` lines of a task's log (a failed task's reason, for `--wait`): the first page, then straight
 * to PVE's `total` minus `lines` when the client gives it, else page by page to the end (bounded).
 */
export async function taskLogTail(
  client: TaskLogApi,
  upid: string,
  lines = 50,
  signal?: AbortSignal,
): Promise<TaskLogLine[]> {
  const want = Math.min(MAX_LOG_PAGE, Math.max(1, Math.floor(lines)))
  let start = 0
  let count = want
  let tail: TaskLogLine[] = []
  for (let reads = 0; reads < MAX_TAIL_READS; reads++) {
    const page = await readTaskLog(client, upid, start, count, signal)
    tail = [...tail, ...page.lines].slice(-want)
    if (page.total <= start + count) return tail
    start = Math.max(start + count, page.total - want)
    count = MAX_LOG_PAGE
  }
  return tail
}

/**
 * Waits `ms`, or rejects with `cancelled` as soon as `signal` aborts. The abort listener goes when the timer
 * fires: one follow-up polls many times with the same signal, and each wait left a listener behind
 * (`MaxListenersExceededWarning` after ten).
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = (): AppError => new AppError({ code: 'cancelled', message: 'task follow-up cancelled' })
    if (signal?.aborted === true) {
      reject(cancelled())
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(cancelled())
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
