import { getEventListeners } from 'node:events'

import { describe, expect, it } from 'vitest'

import type { Params } from './http-client'
import type { PveClient } from './pve-client'
import type { TaskLogApi } from './tasks'
import { readTaskLog } from '../tasks/task-api'
import { delay, followTask, taskLogTail } from './tasks'

const UPID = 'UPID:km4-pve1:0000A1B2:0001C3D4:6740A0B0:qmstart:101:root@pam:'

/** A client whose task is `running` for `polls` status reads, then `stopped` with OK. */
function clientRunningFor(polls: number): { client: PveClient; reads: () => number } {
  let reads = 0
  const client = {
    clusterId: 'km4',
    call: () => {
      reads++
      return Promise.resolve(reads > polls ? { status: 'stopped', exitstatus: 'OK' } : { status: 'running' })
    },
  }
  // Only `call` and `clusterId` are used by followTask.
  return { client: client as unknown as PveClient, reads: () => reads }
}

describe('followTask', () => {
  it('leaves no abort listener behind after many polls with one signal', async () => {
    const warnings: Error[] = []
    const onWarning = (w: Error): void => {
      warnings.push(w)
    }
    process.on('warning', onWarning)
    try {
      const controller = new AbortController()
      const { client, reads } = clientRunningFor(25)
      const result = await followTask(client, UPID, { intervalMs: 0, signal: controller.signal })
      expect(result).toEqual({ upid: UPID, exitstatus: 'OK', ok: true })
      expect(reads()).toBe(26)
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([])
    } finally {
      process.off('warning', onWarning)
    }
  })

  it('stops waiting with cancelled as soon as the signal aborts', async () => {
    const controller = new AbortController()
    const waiting = delay(60_000, controller.signal)
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' })
    await expect(delay(60_000, controller.signal)).rejects.toMatchObject({ code: 'cancelled' })
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})

/** A task log of `length` lines as PVE pages it (`start`, `limit`, `total`); `withTotal` as a PveClient gives it. */
function logClient(
  length: number,
  withTotal: boolean,
): { client: TaskLogApi; reads: { start: number; limit: number }[] } {
  const reads: { start: number; limit: number }[] = []
  const page = (params: Params | undefined): { data: unknown; total: number } => {
    const start = Number(params?.start ?? 0)
    const limit = Number(params?.limit ?? 50)
    reads.push({ start, limit })
    const data = []
    for (let n = start + 1; n <= Math.min(length, start + limit); n++) data.push({ n, t: `line ${n}` })
    return { data, total: length }
  }
  const call = (_m: string, _p: string, params?: Params): Promise<unknown> =>
    Promise.resolve(page(params).data)
  const callWithMeta = (
    _m: string,
    _p: string,
    params?: Params,
  ): Promise<{ data: unknown; total?: number }> => Promise.resolve(page(params))
  return { client: { clusterId: 'km4', call, ...(withTotal ? { callWithMeta } : {}) }, reads }
}

describe('taskLogTail', () => {
  it('reads the last lines of a long log: the first page, then straight to PVE’s total', async () => {
    const { client, reads } = logClient(12_345, true)
    const tail = await taskLogTail(client, UPID, 50)
    expect(tail.map((l) => l.n)).toEqual(Array.from({ length: 50 }, (_, i) => 12_296 + i))
    expect(tail.at(-1)).toEqual({ n: 12_345, t: 'line 12345' })
    expect(reads).toHaveLength(2)
    expect(reads[1]?.start).toBe(12_345 - 50)
  })

  it('pages to the end when the client gives no total', async () => {
    const { client, reads } = logClient(12_345, false)
    const tail = await taskLogTail(client, UPID, 20)
    expect(tail.map((l) => l.n)).toEqual(Array.from({ length: 20 }, (_, i) => 12_326 + i))
    expect(reads.length).toBeLessThanOrEqual(4)
  })

  it('answers a short log whole, in one read', async () => {
    const { client, reads } = logClient(3, true)
    expect((await taskLogTail(client, UPID)).map((l) => l.t)).toEqual(['line 1', 'line 2', 'line 3'])
    expect(reads).toEqual([{ start: 0, limit: 51 }])
  })

  it('stops after a bounded number of reads on a log that never ends (a hostile server)', async () => {
    const { client, reads } = logClient(Number.MAX_SAFE_INTEGER, false)
    const tail = await taskLogTail(client, UPID, 10)
    expect(tail).toHaveLength(10)
    expect(reads.length).toBeLessThanOrEqual(200)
  })
})

describe('readTaskLog with PVE’s total', () => {
  it('gives PVE’s own count before the end, never less than what was read', async () => {
    const { client } = logClient(12_345, true)
    expect((await readTaskLog(client, UPID, 0, 10)).total).toBe(12_345)
    const lying: TaskLogApi = {
      ...client,
      callWithMeta: async (m, p, params) => ({ data: await client.call(m, p, params), total: 2 }),
    }
    expect((await readTaskLog(lying, UPID, 0, 10)).total).toBe(11)
    // Without it: at least one more line than the page holds.
    expect((await readTaskLog(logClient(12_345, false).client, UPID, 0, 10)).total).toBe(11)
  })
})
