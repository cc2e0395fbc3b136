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

/**
 * Deletes the scheduled captures of `folder` beyond the newest `keep`: only regular files named as PVE Desk
 * names scheduled captures (never a manual or CLI capture, a file the user put there, a folder or a link).
 * Answers the names deleted.
 */
export async function pruneScheduledCaptures(folder: string, keep: number): Promise<string[]> {
  const scheduled: { name: string; order: string }[] = []
  for (const name of await readdir(folder)) {
    const match = SCHEDULED_NAME.exec(name)
    if (match === null) continue
    const stats = await lstat(join(folder, name)).catch(() => undefined)
    if (stats?.isFile() !== true) continue
    scheduled.push({ name, order: `${match[1] ?? ''}.${(match[2] ?? '1').padStart(3, '0')}` })
  }
  scheduled.sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0))
  const deleted: string[] = []
  for (const { name } of scheduled.slice(keep)) {
    await rm(join(folder, name), { force: true })
    deleted.push(name)
  }
  return deleted
}
