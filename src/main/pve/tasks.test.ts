import { getEventListeners } from 'node:events'

import { describe, expect, it } from 'vitest'

import type { PveClient } from './pve-client'
import { delay, followTask } from './tasks'

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
