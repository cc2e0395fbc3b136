import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { z } from 'zod'

import { InventorySchedule, InventoryScheduleState } from '../../shared/ipc/domains/inventory'
import { writeFileAtomic } from '../platform/atomic-file'

export const SCHEDULE_FILE = 'inventory-schedule.json'
/** A schedule file larger than this was not written by PVE Desk: it is ignored unread. */
const MAX_SCHEDULE_BYTES = 64 * 1024

/** Off until the user turns it on: every night at 02:00, keeping a week. */
export const DEFAULT_SCHEDULE: InventorySchedule = { enabled: false, time: '02:00', keep: 7 }

const ScheduleFile = z.object({
  schemaVersion: z.literal(1),
  schedule: InventorySchedule,
  lastRun: InventoryScheduleState.shape.lastRun,
})
export type ScheduleFile = z.infer<typeof ScheduleFile>

/**
 * `<home>/inventory-schedule.json`: the scheduled capture and how its last run went. A file that does not read
 * (edited by hand, torn, from a newer PVE Desk) is reported and read as the default schedule, which is off: a
 * broken file never starts captures nobody asked for, and never stops the app. Writes are atomic.
 */
export class ScheduleStore {
  readonly path: string

  constructor(
    home: string,
    private readonly report: (message: string) => void = (m) => console.warn(`[inventory] ${m}`),
  ) {
    this.path = join(home, SCHEDULE_FILE)
  }

  async load(): Promise<ScheduleFile> {
    const fallback: ScheduleFile = { schemaVersion: 1, schedule: DEFAULT_SCHEDULE }
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.report(`cannot read ${this.path}: ${String(error)}; the schedule is off`)
      return fallback
    }
    if (text.length > MAX_SCHEDULE_BYTES) {
      this.report(`${this.path} is too large to be PVE Desk's schedule: the schedule is off`)
      return fallback
    }
    try {
      const parsed = ScheduleFile.safeParse(JSON.parse(text))
      if (parsed.success) return parsed.data
    } catch {
      // Not JSON: reported below like any file that does not read.
    }
    this.report(
      `${this.path} does not read as an inventory schedule: the schedule is off until it is set again`,
    )
    return fallback
  }

  save(file: ScheduleFile): Promise<void> {
    return writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`)
  }
}
