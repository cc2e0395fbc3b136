import { AppError } from '../../shared/ipc/errors'
import { parseUpid } from '../../shared/upid'
import type { PveClient } from './pve-client'

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
  client: PveClient,
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
export async function taskLog(client: PveClient, upid: string, limit = 500): Promise<TaskLogLine[]> {
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

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(new AppError({ code: 'internal', message: 'task follow-up cancelled' }))
      },
      { once: true },
    )
  })
}
