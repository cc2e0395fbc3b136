import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

import { lock } from 'proper-lockfile'

import { AppError } from '../../shared/ipc/errors'

/**
 * Serializes read-modify-write of one file, inside this process and across processes (the app, any number of
 * `pvedesk` commands). Across processes: proper-lockfile's lock folder (`<file>.lock`, created with an atomic
 * mkdir, its mtime refreshed while held, taken over once stale — a crashed holder blocks others 10 s at most).
 * Inside the process: a queue per file, because the lock folder cannot tell two holders in one process apart.
 */
const queues = new Map<string, Promise<unknown>>()

/** The lock as its holder sees it: lost if proper-lockfile found it taken over (the holder was too slow). */
export interface FileLockHold {
  /** Throws `conflict` (`settings_lock_lost`) once the lock was lost: a write now could overwrite another's. */
  assertHeld(): void
}

const STALE_MS = 10_000
/** About 25 s of retries in all: longer than a stale lock lives, so a crashed holder never fails a writer. */
const RETRIES = { retries: 60, factor: 1.5, minTimeout: 20, maxTimeout: 500, randomize: true }

export function withFileLock<T>(file: string, work: (hold: FileLockHold) => Promise<T>): Promise<T> {
  const key = resolve(file)
  const previous = queues.get(key) ?? Promise.resolve()
  const run = previous.then(
    () => holdLock(key, work),
    () => holdLock(key, work),
  )
  const settled = run.catch(() => undefined)
  queues.set(key, settled)
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key)
  })
  return run
}

async function holdLock<T>(file: string, work: (hold: FileLockHold) => Promise<T>): Promise<T> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  let lost: Error | undefined
  const hold: FileLockHold = {
    assertHeld: () => {
      if (lost === undefined) return
      throw new AppError(
        {
          code: 'conflict',
          message: `the lock on ${file} was lost (${lost.message}): nothing more was written`,
          detail: { reason: 'settings_lock_lost' },
        },
        { cause: lost },
      )
    },
  }
  let release: () => Promise<void>
  try {
    release = await lock(file, {
      realpath: false,
      stale: STALE_MS,
      retries: RETRIES,
      // A holder too slow to refresh its lock is told so by proper-lockfile (the default would throw from a timer):
      // another process may hold it now, so the write under way is refused rather than made over theirs.
      onCompromised: (error) => {
        lost = error
        console.error(`[settings] lock on ${file} lost: ${error.message}`)
      },
    })
  } catch (error) {
    throw new AppError(
      { code: 'timeout', message: `${file} stayed locked by another PVE Desk process; nothing was changed` },
      { cause: error },
    )
  }
  try {
    return await work(hold)
  } finally {
    await release().catch(() => undefined)
  }
}
