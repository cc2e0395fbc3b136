import { randomBytes } from 'node:crypto'
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

import { AppError } from '../../../shared/ipc/errors'
import { writeFileExclusiveAtomic } from '../file/atomic-write'

/**
 * Exports are written so that a reader sees the old output or the whole new one: a file through a temp file and
 * a rename (the inventory file's own writer), a CSV folder as a temp folder renamed into place.
 */
export const writeFileAtomically = writeFileExclusiveAtomic

/**
 * Writes `files` (name → bytes) as the folder `path`. A folder already there is replaced only when it holds
 * nothing but what an export writes (regular `<Sheet>.csv` files): never a user's folder, never through a symlink.
 */
export async function writeFolderAtomically(
  path: string,
  files: ReadonlyMap<string, Buffer>,
  isOurs: (name: string) => boolean,
): Promise<void> {
  const parent = dirname(path)
  const stamp = randomBytes(6).toString('hex')
  const temp = join(parent, `.${basename(path)}.${stamp}.tmp`)
  const old = await existing(path, isOurs)
  try {
    await mkdir(temp, { mode: 0o755 })
  } catch (error) {
    throw writeError(path, error)
  }
  try {
    for (const [name, data] of files) await writeFileExclusiveAtomic(join(temp, name), data)
    if (old) {
      // Rename the old export aside, the new one into place, then drop the old: a reader never sees a half folder.
      const aside = join(parent, `.${basename(path)}.${stamp}.old`)
      await rename(path, aside)
      await rename(temp, path)
      await rm(aside, { recursive: true, force: true })
    } else await rename(temp, path)
  } catch (error) {
    await rm(temp, { recursive: true, force: true })
    throw error instanceof AppError ? error : writeError(path, error)
  }
}

/** Whether `path` holds an earlier export to replace; refuses anything else that is there. */
async function existing(path: string, isOurs: (name: string) => boolean): Promise<boolean> {
  let stat
  try {
    stat = await lstat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw writeError(path, error)
  }
  const refuse = (why: string): AppError =>
    new AppError({ code: 'conflict', message: `${path} ${why}: choose another output folder` })
  if (!stat.isDirectory()) throw refuse(stat.isSymbolicLink() ? 'is a symbolic link' : 'is not a folder')
  const entries = await readdir(path, { withFileTypes: true })
  if (!entries.every((e) => isOurs(e.name))) throw refuse('holds files other than an export')
  // The old folder is removed recursively: a folder (or a symlink to one) named `VMs.csv` would take a user's
  // files with it. Only regular files are ours; lstat, so that a symlink is judged as itself.
  for (const e of entries) {
    const s = await lstat(join(path, e.name)).catch((error: unknown) => {
      throw writeError(path, error)
    })
    if (!s.isFile()) throw refuse(`holds ${e.name}, which is not a file an export writes`)
  }
  return true
}

function writeError(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code
  const message = `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`
  if (code === 'ENOENT' || code === 'ENOTDIR') return new AppError({ code: 'not_found', message })
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new AppError({ code: 'forbidden', message })
  if (code === 'EEXIST' || code === 'ENOTEMPTY') return new AppError({ code: 'conflict', message })
  return new AppError({ code: 'internal', message }, { cause: error })
}
