import { randomBytes } from 'node:crypto'
import { constants, type FileHandle, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

import { AppError } from '../../../shared/ipc/errors'

/**
 * Writes `data` at `path` so that a reader sees the old file or the whole new one, never a torn one: a temp file
 * in the same folder, created exclusively and never through a symlink (someone who can write the folder cannot
 * plant a link at the temp name to make us write elsewhere), fsync, rename over `path`, fsync the folder.
 * An inventory snapshot is an audit record meant to be handed on: 0644, not private. The folder must exist.
 */
export async function writeFileExclusiveAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  // O_NOFOLLOW does not exist on Windows, where O_EXCL already refuses an existing link.
  const noFollow = (constants as Partial<typeof constants>).O_NOFOLLOW ?? 0
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | noFollow
  let handle: FileHandle
  try {
    handle = await open(temp, flags, 0o644)
  } catch (error) {
    throw writeError(path, error)
  }
  try {
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw writeError(path, error)
  }
  await syncDirectory(dir)
}

async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Some platforms (Windows) cannot open or fsync a folder; the rename is still atomic there.
  } finally {
    await handle?.close()
  }
}

function writeError(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code
  const message = `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`
  if (code === 'ENOENT' || code === 'ENOTDIR') return new AppError({ code: 'not_found', message })
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new AppError({ code: 'forbidden', message })
  return new AppError({ code: 'internal', message }, { cause: error })
}
