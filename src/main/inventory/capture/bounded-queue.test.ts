import { afterEach, describe, expect, it, vi } from 'vitest'

import { setUnexpectedErrorHandler } from '../../../shared/lifecycle'
import { BoundedQueue } from './bounded-queue'
import { CaptureProgressReporter, PROGRESS_INTERVAL_MS } from './capture-progress'
import type { ProgressEvent } from './capture-progress'

const deferred = (): { promise: Promise<void>; resolve: () => void } => {
  let resolve = (): void => undefined
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('BoundedQueue', () => {
  it('runs at most `limit` tasks at once, the others in the order they came', async () => {
    const queue = new BoundedQueue(2, new AbortController().signal, 'c')
    const gates = [deferred(), deferred(), deferred(), deferred()]
    const started: number[] = []
    const runs = gates.map((gate, i) =>
      queue.run(async () => {
        started.push(i)
        await gate.promise
        return i
      }),
    )
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    expect(queue.inFlight).toBe(2)
    gates[1]?.resolve()
    await runs[1]
    await Promise.resolve()
    expect(started).toEqual([0, 1, 2])
    for (const g of gates) g.resolve()
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3])
    expect(queue.inFlight).toBe(0)
    queue.dispose()
  })

  it('on abort: aborts the tasks in flight, refuses the waiting ones, starts nothing more', async () => {
    const controller = new AbortController()
    const queue = new BoundedQueue(1, controller.signal, 'c')
    const seen: AbortSignal[] = []
    let startedAfter = 0
    const first = queue.run(
      (signal) =>
        new Promise<void>((_, reject) => {
          seen.push(signal)
          signal.addEventListener('abort', () => reject(new Error('aborted')))
        }),
    )
    const second = queue.run(() => {
      startedAfter++
      return Promise.resolve()
    })
    controller.abort()
    await expect(first).rejects.toThrow('aborted')
    await expect(second).rejects.toMatchObject({ code: 'cancelled', clusterId: 'c' })
    await expect(queue.run(() => Promise.resolve(1))).rejects.toMatchObject({ code: 'cancelled' })
    expect(seen[0]?.aborted).toBe(true)
    expect(startedAfter).toBe(0)
    queue.dispose()
  })

  it('gives each task its own signal, so the caller signal carries one listener whatever the load', () => {
    const controller = new AbortController()
    const queue = new BoundedQueue(50, controller.signal, 'c')
    const signals = new Set<AbortSignal>()
    for (let i = 0; i < 50; i++)
      void queue.run((signal) => {
        signals.add(signal)
        return Promise.resolve()
      })
    expect(signals.size).toBe(50)
    expect(signals.has(controller.signal)).toBe(false)
    queue.dispose()
  })

  it('treats a task that throws at once as a failed one', async () => {
    const queue = new BoundedQueue(1, new AbortController().signal, 'c')
    await expect(
      queue.run(() => {
        throw new Error('sync')
      }),
    ).rejects.toThrow('sync')
    expect(await queue.run(() => Promise.resolve('next'))).toBe('next')
    queue.dispose()
  })
})

describe('CaptureProgressReporter', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends at most one event per interval, the last state always, and no timer after finish', () => {
    vi.useFakeTimers()
    let clock = 0
    const events: ProgressEvent[] = []
    const progress = new CaptureProgressReporter(
      ['a', 'b'],
      (p) => events.push(p),
      () => clock,
    )
    const a = progress.entry('a')
    a.state = 'running'
    for (let i = 0; i < 1000; i++) {
      a.total++
      progress.changed()
      a.done++
      progress.changed()
      clock += 1
      vi.advanceTimersByTime(1)
    }
    // 1000 ms of changes: the first at once, then one per interval.
    expect(events.length).toBeLessThanOrEqual(1000 / PROGRESS_INTERVAL_MS + 1)
    expect(events.length).toBeGreaterThanOrEqual(1000 / PROGRESS_INTERVAL_MS - 1)
    a.done = a.total
    a.state = 'done'
    progress.changed()
    progress.finish()
    expect(vi.getTimerCount()).toBe(0)
    const last = events[events.length - 1]
    expect(last).toEqual({
      clusters: [
        { clusterId: 'a', state: 'done', done: 1000, total: 1000 },
        { clusterId: 'b', state: 'waiting', done: 0, total: 0 },
      ],
      done: 1000,
      total: 1000,
    })
    const count = events.length
    progress.changed()
    vi.advanceTimersByTime(1000)
    expect(events.length).toBe(count)
  })

  it('survives a listener that throws, and reports it', () => {
    const reported: unknown[] = []
    const handler = setUnexpectedErrorHandler((e) => reported.push(e))
    try {
      const progress = new CaptureProgressReporter(['a'], () => {
        throw new Error('listener')
      })
      expect(() => {
        progress.changed()
        progress.finish()
      }).not.toThrow()
      expect(reported).toHaveLength(2)
    } finally {
      handler.dispose()
    }
  })
})
