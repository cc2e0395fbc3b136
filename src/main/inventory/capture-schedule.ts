import { AppError } from '../../shared/ipc/errors'
import type { InventorySchedule, InventoryScheduleState } from '../../shared/ipc/domains/inventory'
import type { IDisposable } from '../../shared/lifecycle'
import { Disposable, toDisposable } from '../../shared/lifecycle'
import type { ScheduleFile, ScheduleStore } from './schedule-store'
import { DEFAULT_SCHEDULE } from './schedule-store'

/** Time as the schedule sees it: injected by tests, which prove the next run and that no timer survives. */
export interface ScheduleClock {
  now(): number
  setTimer(callback: () => void, ms: number): IDisposable
}

export const systemClock: ScheduleClock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms)
    return toDisposable(() => clearTimeout(timer))
  },
}

/**
 * The timer wakes at least this often and looks at the wall clock again: a sleeping laptop or a clock set by
 * hand must not push a run by hours.
 */
export const MAX_TIMER_MS = 15 * 60_000

/**
 * When a capture scheduled daily at `time` (`HH:MM`, local time) next runs after `now` (epoch ms). Local time
 * as the system's time zone has it: on the day clocks go forward a time that does not exist runs as late as
 * the gap (02:30 → 03:30), and on the day they go back a time that happens twice runs at its first occurrence
 * only (ECMAScript's rule for local times, ECMA-262 LocalTime / UTC(t)).
 */
export function nextRunAt(time: string, now: number): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number]
  const today = new Date(now)
  for (let day = 0; ; day++) {
    const at = new Date(today.getFullYear(), today.getMonth(), today.getDate() + day, hours, minutes)
    if (at.getTime() > now) return at.getTime()
  }
}

export type LastRun = NonNullable<InventoryScheduleState['lastRun']>

/**
 * The daily capture while the app runs: the schedule read from its file, one timer at a time, the run handed to
 * `run` (the service's scheduled capture) and its outcome written back. Disposed, no timer is left and a run
 * under way is not followed by another.
 */
export class CaptureSchedule extends Disposable {
  private file: ScheduleFile | undefined
  private timer: IDisposable | undefined
  private next: number | undefined
  private running = false

  constructor(
    private readonly store: ScheduleStore,
    private readonly run: (schedule: InventorySchedule) => Promise<LastRun>,
    private readonly clock: ScheduleClock = systemClock,
  ) {
    super()
    this._register(
      toDisposable(() => {
        this.disarm()
        this.next = undefined
      }),
    )
  }

  async start(): Promise<void> {
    this.file = await this.store.load()
    this.arm()
  }

  state(): InventoryScheduleState {
    const file = this.file ?? { schemaVersion: 1, schedule: DEFAULT_SCHEDULE }
    return {
      schedule: file.schedule,
      ...(this.next === undefined ? {} : { nextRunAt: this.next }),
      ...(file.lastRun === undefined ? {} : { lastRun: file.lastRun }),
    }
  }

  async set(schedule: InventorySchedule): Promise<InventoryScheduleState> {
    const file: ScheduleFile = { ...(this.file ?? { schemaVersion: 1 }), schemaVersion: 1, schedule }
    await this.store.save(file)
    this.file = file
    this.arm()
    return this.state()
  }

  private arm(): void {
    this.disarm()
    const schedule = this.file?.schedule
    this.next =
      this.isDisposed || schedule?.enabled !== true ? undefined : nextRunAt(schedule.time, this.clock.now())
    this.wait()
  }

  private wait(): void {
    if (this.next === undefined) return
    const delay = Math.max(0, Math.min(this.next - this.clock.now(), MAX_TIMER_MS))
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined
      this.wake()
    }, delay)
  }

  private wake(): void {
    if (this.isDisposed || this.next === undefined) return
    if (this.clock.now() < this.next || this.running) {
      this.wait()
      return
    }
    void this.runNow()
  }

  private async runNow(): Promise<void> {
    const schedule = this.file?.schedule
    if (schedule === undefined) return
    this.running = true
    this.next = undefined
    let lastRun: LastRun
    try {
      lastRun = await this.run(schedule)
    } catch (error) {
      // The service answers every outcome as a LastRun; a throw here is a bug, kept from stopping the schedule.
      lastRun = { at: this.clock.now(), ok: false, error: AppError.from(error).toShape() }
    } finally {
      this.running = false
    }
    if (this.isDisposed) return
    const file: ScheduleFile = { ...(this.file ?? { schemaVersion: 1, schedule }), lastRun }
    this.file = file
    await this.store.save(file).catch((error: unknown) => {
      console.warn(`[inventory] cannot write ${this.store.path}: ${String(error)}`)
    })
    this.arm()
  }

  private disarm(): void {
    this.timer?.dispose()
    this.timer = undefined
  }
}
