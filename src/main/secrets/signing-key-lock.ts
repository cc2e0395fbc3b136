import { mkdir, open, stat, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { AppError } from '../../shared/ipc/errors'

/**
 * Runs `work` while this process holds the lock file at `path` (created exclusively, O_EXCL; removed after),
 * so that two processes of one OS user (the app and a cron `pvedesk inventory capture`) never make the signing
 * key at the same moment. A lock older than `staleMs` is a crashed holder's and is taken over; one held longer
 * than `timeoutMs` by a live holder fails with `keychain_unavailable` (try again), never with two keys.
 */
export async function withLockFile<T>(
  path: string,
  work: () => Promise<T>,
  options: { staleMs?: number; timeoutMs?: number; retryMs?: number } = {},
): Promise<T> {
  const { staleMs = 30_000, timeoutMs = 20_000, retryMs = 25 } = options
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const started = Date.now()
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600)
      await handle.writeFile(`${process.pid}\n`)
      await handle.close()
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw lockFailed(path, describe(error))
    }
    const held = await stat(path).catch(() => undefined)
    if (held !== undefined && Date.now() - held.mtimeMs > staleMs) {
      await unlink(path).catch(() => undefined)
      continue
    }
    if (Date.now() - started > timeoutMs) throw lockFailed(path, 'another PVE Desk process holds it')
    await sleep(retryMs)
  }
  try {
    return await work()
  } finally {
    await unlink(path).catch(() => undefined)
  }
}

function lockFailed(path: string, why: string): AppError {
  return new AppError({
    code: 'keychain_unavailable',
    message: `The inventory signing key is being made by another process (lock ${path}: ${why}). Try again.`,
  })
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
