import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { InventorySchedule } from '../../shared/ipc/domains/inventory'
import type { IDisposable } from '../../shared/lifecycle'
import type { LastRun, ScheduleClock } from './capture-schedule'
import { CaptureSchedule, MAX_TIMER_MS, nextRunAt } from './capture-schedule'
import { SCHEDULE_FILE, ScheduleStore } from './schedule-store'

/** A clock the test moves by hand, and the timers armed on it. */
class FakeClock implements ScheduleClock {
  timers: { at: number; callback: () => void; live: boolean }[] = []
  constructor(public time: number) {}
  now(): number {
    return this.time
  }
  setTimer(callback: () => void, ms: number): IDisposable {
    const timer = { at: this.time + ms, callback, live: true }
    this.timers.push(timer)
    return { dispose: () => (timer.live = false) }
  }
  get live(): number {
    return this.timers.filter((t) => t.live).length
  }
  /** Moves to `time`, firing every timer due on the way, in order. */
  async advanceTo(time: number): Promise<void> {
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= time).sort((a, b) => a.at - b.at)[0]
      if (due === undefined) break
      this.time = Math.max(this.time, due.at)
      due.live = false
      due.callback()
      // An enabled schedule always arms its next timer, once the run and its file write are done.
      await vi.waitFor(() => expect(this.live).toBe(1))
    }
    this.time = time
  }
}

const local = (y: number, m: number, d: number, h: number, min: number): number =>
  new Date(y, m - 1, d, h, min).getTime()

describe('nextRunAt: daily at HH:MM local time', () => {
  let tz: string | undefined
  beforeEach(() => {
    tz = process.env.TZ
    process.env.TZ = 'Europe/Paris'
  })
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ
    else process.env.TZ = tz
  })

  it('is later today when the time has not come, else tomorrow', () => {
    const now = local(2026, 12, 1, 1, 0)
    expect(new Date(nextRunAt('02:00', now)).toISOString()).toBe('2026-12-01T01:00:00.000Z')
    expect(new Date(nextRunAt('00:30', now)).toISOString()).toBe('2026-12-01T23:30:00.000Z')
    // The very minute it ran: the next is tomorrow, never the same one again.
    expect(nextRunAt('02:00', local(2026, 12, 1, 2, 0))).toBe(local(2026, 12, 2, 2, 0))
  })

  it('on the day clocks go forward, a time in the gap runs as late as the gap (02:30 → 03:30 CEST)', () => {
    const next = nextRunAt('02:30', Date.parse('2026-03-28T23:00:00Z'))
    expect(new Date(next).toISOString()).toBe('2026-03-29T01:30:00.000Z') // 03:30 CEST
    // A time after the gap keeps its hour, now an hour nearer in UTC.
    expect(new Date(nextRunAt('04:00', Date.parse('2026-03-28T23:00:00Z'))).toISOString()).toBe(
      '2026-03-29T02:00:00.000Z',
    )
  })

  it('on the day clocks go back, a time that happens twice runs once, at its first occurrence', () => {
    const first = nextRunAt('02:30', Date.parse('2026-10-24T22:00:00Z'))
    expect(new Date(first).toISOString()).toBe('2026-10-25T00:30:00.000Z') // 02:30 CEST
    // Just after that run, the second 02:30 (CET) of the same day is not another run: the next is a day on.
    const second = nextRunAt('02:30', first + 60_000)
    expect(new Date(second).toISOString()).toBe('2026-10-26T01:30:00.000Z') // 02:30 CET, next day
  })
})

describe('CaptureSchedule', () => {
  const schedule: InventorySchedule = { enabled: true, time: '02:00', keep: 3 }
  const start = local(2026, 12, 1, 1, 0)

  function setUp(): { home: string; clock: FakeClock; runs: number[]; plan: CaptureSchedule } {
    const home = mkdtempSync(join(tmpdir(), 'pvedesk-schedule-'))
    const clock = new FakeClock(start)
    const runs: number[] = []
    const plan = new CaptureSchedule(
      new ScheduleStore(home, () => undefined),
      (): Promise<LastRun> => {
        runs.push(clock.now())
        return Promise.resolve({ at: clock.now(), ok: true, name: `run-${runs.length}.zip` })
      },
      clock,
    )
    return { home, clock, runs, plan }
  }

  it('is off by default, with no timer', async () => {
    const { plan, clock } = setUp()
    await plan.start()
    expect(plan.state()).toEqual({ schedule: { enabled: false, time: '02:00', keep: 7 } })
    expect(clock.live).toBe(0)
  })

  it('runs once a day at the set time, says when it runs next, and remembers the last run across a restart', async () => {
    const { plan, clock, runs, home } = setUp()
    await plan.start()
    const state = await plan.set(schedule)
    expect(state.nextRunAt).toBe(local(2026, 12, 1, 2, 0))
    // The timer never sleeps longer than MAX_TIMER_MS: it looks at the clock again.
    expect(Math.max(...clock.timers.map((t) => t.at - start))).toBeLessThanOrEqual(MAX_TIMER_MS)
    await clock.advanceTo(local(2026, 12, 1, 1, 59))
    expect(runs).toEqual([])
    await clock.advanceTo(local(2026, 12, 3, 1, 0))
    expect(runs).toEqual([local(2026, 12, 1, 2, 0), local(2026, 12, 2, 2, 0)])
    expect(plan.state()).toMatchObject({
      nextRunAt: local(2026, 12, 3, 2, 0),
      lastRun: { at: local(2026, 12, 2, 2, 0), ok: true, name: 'run-2.zip' },
    })
    expect(clock.live).toBe(1)
    plan.dispose()
    const again = new CaptureSchedule(new ScheduleStore(home), () => Promise.reject(new Error('no')), clock)
    await again.start()
    expect(again.state().lastRun?.name).toBe('run-2.zip')
    again.dispose()
  })

  it('a clock that jumps (a laptop asleep) is caught up at the next wake-up, with one run, not one per missed day', async () => {
    const { plan, clock, runs } = setUp()
    await plan.start()
    await plan.set(schedule)
    clock.time = local(2026, 12, 4, 9, 0) // woke up days later; the pending timer fires now
    await clock.advanceTo(local(2026, 12, 4, 9, 20))
    expect(runs).toEqual([local(2026, 12, 4, 9, 0)])
    expect(plan.state().nextRunAt).toBe(local(2026, 12, 5, 2, 0))
    plan.dispose()
  })

  it('turned off, or disposed, leaves no timer and runs nothing more', async () => {
    const { plan, clock, runs } = setUp()
    await plan.start()
    await plan.set(schedule)
    expect(clock.live).toBe(1)
    const off = await plan.set({ ...schedule, enabled: false })
    expect(off.nextRunAt).toBeUndefined()
    expect(clock.live).toBe(0)
    await plan.set(schedule)
    plan.dispose()
    expect(clock.live).toBe(0)
    await clock.advanceTo(local(2026, 12, 9, 0, 0))
    expect(runs).toEqual([])
    expect(plan.state().nextRunAt).toBeUndefined()
  })

  it('a file edited by hand reads as the default schedule (off), reported, never fatal', async () => {
    const home = mkdtempSync(join(tmpdir(), 'pvedesk-schedule-'))
    for (const text of [
      '{not json',
      JSON.stringify({ schemaVersion: 1, schedule: { enabled: true, time: '25:00', keep: 3 } }),
      JSON.stringify({ schemaVersion: 2, schedule }),
    ]) {
      writeFileSync(join(home, SCHEDULE_FILE), text)
      const reports: string[] = []
      const clock = new FakeClock(start)
      const plan = new CaptureSchedule(
        new ScheduleStore(home, (m) => reports.push(m)),
        () => Promise.reject(new Error('never')),
        clock,
      )
      await plan.start()
      expect(plan.state().schedule.enabled).toBe(false)
      expect(reports).toHaveLength(1)
      expect(clock.live).toBe(0)
      plan.dispose()
    }
  })
})
