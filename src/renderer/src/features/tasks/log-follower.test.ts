import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { TaskLogPage } from '../../../../shared/model/task'
import type { LogView } from './log-follower'
import { LogFollower } from './log-follower'

/** A task's log the test writes to, read as PVE serves it (`start` 0-based, `n` 1-based), with every call kept. */
function fakeLog(lineCount: number): {
  fetch: (start: number, limit: number, signal: AbortSignal) => Promise<TaskLogPage>
  write: (...lines: string[]) => void
  end: (line?: string) => void
  calls: { start: number; limit: number }[]
  signals: AbortSignal[]
} {
  const lines = Array.from({ length: lineCount }, (_, i) => `line ${i + 1}`)
  let running = true
  const calls: { start: number; limit: number }[] = []
  const signals: AbortSignal[] = []
  return {
    fetch: (start, limit, signal) => {
      calls.push({ start, limit })
      signals.push(signal)
      const page = lines.slice(start, start + limit).map((t, i) => ({ n: start + i + 1, t }))
      return Promise.resolve({ lines: page, total: lines.length, running })
    },
    write: (...more) => lines.push(...more),
    end: (line = 'TASK OK') => {
      lines.push(line)
      running = false
    },
    calls,
    signals,
  }
}

const follow = (
  log: ReturnType<typeof fakeLog>,
  options = {},
): { follower: LogFollower; views: LogView[] } => {
  const views: LogView[] = []
  const follower = new LogFollower(log.fetch, (v) => views.push(v), {
    pageSize: 10,
    intervalMs: 1000,
    ...options,
  })
  follower.start()
  return { follower, views }
}

const texts = (follower: LogFollower): string[] => follower.current.lines.map((l) => l.t)

describe('log follower', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('opens a long log on its last page, and loads the earlier ones on demand', async () => {
    const log = fakeLog(35)
    const { follower } = follow(log)
    await vi.advanceTimersByTimeAsync(0)
    expect(texts(follower)[0]).toBe('line 26')
    expect(texts(follower).at(-1)).toBe('line 35')
    expect(follower.current.hasEarlier).toBe(true)
    follower.loadEarlier()
    await vi.advanceTimersByTimeAsync(0)
    expect(texts(follower)[0]).toBe('line 16')
    expect(follower.current.lines.map((l) => l.n)).toEqual(Array.from({ length: 20 }, (_, i) => 16 + i))
    follower.dispose()
  })

  it('follows while the task runs, reads once more after its end, then asks nothing', async () => {
    const log = fakeLog(3)
    const { follower } = follow(log)
    await vi.advanceTimersByTimeAsync(0)
    expect(texts(follower)).toEqual(['line 1', 'line 2', 'line 3'])
    log.write('line 4')
    await vi.advanceTimersByTimeAsync(1000)
    expect(texts(follower).at(-1)).toBe('line 4')
    log.end('TASK ERROR: no space left')
    await vi.advanceTimersByTimeAsync(1000)
    expect(texts(follower).at(-1)).toBe('TASK ERROR: no space left')
    expect(follower.current.running).toBe(false)
    const asked = log.calls.length
    await vi.advanceTimersByTimeAsync(10_000)
    expect(log.calls.length).toBe(asked)
    follower.dispose()
  })

  it('asks nothing more once disposed, and cancels the read under way', async () => {
    const log = fakeLog(3)
    const { follower, views } = follow(log)
    await vi.advanceTimersByTimeAsync(0)
    const asked = log.calls.length
    const seen = views.length
    follower.dispose()
    expect(log.signals.every((s) => s.aborted)).toBe(true)
    log.write('line 4')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(log.calls.length).toBe(asked)
    expect(views.length).toBe(seen)
  })

  it('catches up on a fast writer a few pages per tick, and keeps only the newest lines', async () => {
    const log = fakeLog(1)
    const { follower } = follow(log, { maxLines: 25, pagesPerTick: 2 })
    await vi.advanceTimersByTimeAsync(0)
    log.write(...Array.from({ length: 100 }, (_, i) => `burst ${i + 1}`))
    await vi.advanceTimersByTimeAsync(1000)
    // Two pages of ten in this tick, not the whole burst.
    expect(texts(follower).at(-1)).toBe('burst 20')
    await vi.advanceTimersByTimeAsync(5000)
    expect(texts(follower).at(-1)).toBe('burst 100')
    expect(follower.current.lines).toHaveLength(25)
    expect(texts(follower)[0]).toBe('burst 76')
    follower.dispose()
  })

  it('does not hold PVE’s "no content" line of an empty log in the place of its first line', async () => {
    let written: string[] = []
    const fetch = (start: number, limit: number): Promise<TaskLogPage> =>
      Promise.resolve(
        written.length === 0
          ? { lines: [{ n: 1, t: 'no content' }], total: 1, running: true }
          : {
              lines: written.slice(start, start + limit).map((t, i) => ({ n: start + i + 1, t })),
              total: written.length,
              running: false,
            },
      )
    const follower = new LogFollower(fetch, () => undefined, { pageSize: 10 })
    follower.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(follower.current.lines).toEqual([])
    written = ['TASK OK']
    await vi.advanceTimersByTimeAsync(1000)
    expect(texts(follower)).toEqual(['TASK OK'])
    follower.dispose()
  })

  it('shows each line once, in order, and cuts a monstrous one (a hostile server)', async () => {
    const pages: TaskLogPage[] = [
      {
        lines: [
          { n: 2, t: 'two' },
          { n: 1, t: 'one' },
          { n: 2, t: 'two again' },
          { n: 3, t: 'x'.repeat(100_000) },
        ],
        total: 3,
        running: false,
      },
    ]
    const follower = new LogFollower(
      () => Promise.resolve(pages[0] as TaskLogPage),
      () => undefined,
      {
        pageSize: 10,
      },
    )
    follower.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(follower.current.lines.map((l) => l.n)).toEqual([1, 2, 3])
    expect(texts(follower)[1]).toBe('two')
    expect(texts(follower)[2]?.length).toBeLessThan(10_000)
    follower.dispose()
  })

  it('says why when a read fails, and stops following', async () => {
    let calls = 0
    const follower = new LogFollower(
      () => {
        calls++
        return Promise.reject(new Error('unreachable'))
      },
      () => undefined,
    )
    follower.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(follower.current.error).toBeInstanceOf(Error)
    expect(follower.current.loading).toBe(false)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(calls).toBe(1)
    follower.dispose()
  })
})
