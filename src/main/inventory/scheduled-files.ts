import { lstat, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The names PVE Desk gives scheduled captures (`inventoryFileName(…, 'scheduled')`, with `-<n>` when a second
 * capture fell in the same second): the only files pruning may ever delete.
 */
const SCHEDULED_NAME = /^pvedesk-inventory-(\d{8}-\d{6})Z-scheduled(?:-(\d{1,3}))?\.zip$/

export function isScheduledCaptureName(name: string): boolean {
  return SCHEDULED_NAME.test(name)
}

/** A free name in `folder` for `name`: itself, or `<stem>-2.zip`, `-3`… (never overwrites an audit file). */
export async function freeName(folder: string, name: string): Promise<string> {
  const stem = name.replace(/\.zip$/, '')
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? name : `${stem}-${n}.zip`
    try {
      await lstat(join(folder, candidate))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return candidate
      throw error
    }
  }
  throw new Error(`no free name for ${name} in ${folder}`)
}

const DAY_MS = 24 * 60 * 60 * 1000

export interface PruneOptions {
  /** Now, epoch ms (the schedule's clock). */
  now: number
  /**
   * The signed time of a file this installation signed as a scheduled capture (verified: trigger `scheduled`,
   * this installation's key), or undefined for any other file, which is never deleted.
   */
  ours: (path: string) => Promise<{ takenAt: string } | undefined>
}

/**
 * Deletes the scheduled captures of `folder` beyond the newest `keep` (by their signed time) that are also
 * older than `keep` days: only regular files named as PVE Desk names scheduled captures (never a folder or a
 * link) that `ours` vouches for. Answers the names deleted.
 */
export async function pruneScheduledCaptures(
  folder: string,
  keep: number,
  { now, ours }: PruneOptions,
): Promise<string[]> {
  const scheduled: { name: string; takenAt: number }[] = []
  for (const name of await readdir(folder)) {
    if (!SCHEDULED_NAME.test(name)) continue
    const path = join(folder, name)
    const stats = await lstat(path).catch(() => undefined)
    if (stats?.isFile() !== true) continue
    const signed = await ours(path)
    const takenAt = signed === undefined ? Number.NaN : Date.parse(signed.takenAt)
    if (!Number.isNaN(takenAt)) scheduled.push({ name, takenAt })
  }
  scheduled.sort((a, b) => b.takenAt - a.takenAt)
  const deleted: string[] = []
  for (const { name, takenAt } of scheduled.slice(keep)) {
    if (now - takenAt < keep * DAY_MS) continue
    await rm(join(folder, name), { force: true })
    deleted.push(name)
  }
  return deleted
}
