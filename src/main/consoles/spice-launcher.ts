import type { SpawnOptions } from 'node:child_process'
import { spawn as spawnChild } from 'node:child_process'
import type { FSWatcher } from 'node:fs'
import { constants, existsSync, rmSync, watch } from 'node:fs'
import { access, chmod, mkdtemp, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, isAbsolute, join } from 'node:path'

import { AppError } from '../../shared/ipc/errors'
import { Disposable, toDisposable } from '../../shared/lifecycle'

export const VIEWER_PROGRAM = 'remote-viewer'
export const VIEWER_PACKAGE = 'virt-viewer'
/**
 * The .vv file goes at the latest this long after remote-viewer started: it reads the file at start (and
 * deletes it itself when told `delete-this-file=1`), and PVE's SPICE proxy ticket lives 40 s.
 */
export const REMOVE_AFTER_MS = 10_000

export interface SpiceLauncherOptions {
  /** Whose PATH is searched and what the viewer runs with (default: this process's environment, read each time). */
  env?: () => NodeJS.ProcessEnv
  removeAfterMs?: number
  /** Where the private folders are made (default the system's temporary folder). */
  tmpdir?: string
  spawn?: (command: string, args: readonly string[], options: SpawnOptions) => ViewerProcess
}

/** What the launcher uses of the viewer's process (a `ChildProcess`). */
export interface ViewerProcess {
  once(event: 'spawn' | 'exit', listener: () => void): unknown
  once(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  removeAllListeners(event: 'error'): unknown
  unref(): void
}

/** One .vv file waiting to be removed. */
interface Pending {
  readonly folder: string
  readonly file: string
  watcher?: FSWatcher
  timer?: ReturnType<typeof setTimeout>
}

export const viewerMissing = (): AppError =>
  new AppError({
    code: 'viewer_missing',
    message: `${VIEWER_PROGRAM} is not installed (install ${VIEWER_PACKAGE}) or not on PATH`,
    detail: { program: VIEWER_PROGRAM, package: VIEWER_PACKAGE },
  })

/**
 * SPICE in remote-viewer (virt-viewer), as PVE's GUI hands it over (pve-manager www/manager6/Utils.js
 * `openSpiceViewer`: `[virt-viewer]` then one `key=value` line per field of the spiceproxy answer), except that
 * the file never goes through a download folder: it is written mode 0600 into a folder of its own made by
 * `mkdtemp` (0700), handed to remote-viewer started detached (it outlives PVE Desk, with no terminal), and
 * removed once the viewer has read it — when the viewer deleted it (`delete-this-file=1`) or exited, or after
 * {@link REMOVE_AFTER_MS} at the latest. Disposing removes every folder still there.
 */
export class SpiceLauncher extends Disposable {
  private readonly pending = new Set<Pending>()

  constructor(private readonly options: SpiceLauncherOptions = {}) {
    super()
    this._register(
      toDisposable(() => {
        for (const p of [...this.pending]) this.remove(p)
      }),
    )
  }

  /** Folders not removed yet (tests prove they go). */
  get pendingFolders(): string[] {
    return [...this.pending].map((p) => p.folder)
  }

  /**
   * The absolute path of remote-viewer on PATH, or `viewer_missing`. Relative PATH entries (`.`, empty) are
   * skipped: a console must never run a program from whatever folder PVE Desk was started in.
   */
  async findViewer(): Promise<string> {
    const env = this.env()
    const names = process.platform === 'win32' ? [`${VIEWER_PROGRAM}.exe`, VIEWER_PROGRAM] : [VIEWER_PROGRAM]
    for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
      if (dir === '' || !isAbsolute(dir)) continue
      for (const name of names) {
        const candidate = join(dir, name)
        try {
          await access(candidate, constants.X_OK)
          if ((await stat(candidate)).isFile()) return candidate
        } catch {
          // Not there, or not executable: the next PATH entry.
        }
      }
    }
    throw viewerMissing()
  }

  /** Writes the .vv for `fields` (spiceproxy's answer) and starts `viewer` on it. */
  async launch(viewer: string, fields: unknown): Promise<void> {
    if (this.isDisposed) throw new AppError({ code: 'internal', message: 'SPICE launcher disposed' })
    const content = vvFile(fields)
    const folder = await mkdtemp(join(this.options.tmpdir ?? tmpdir(), 'pvedesk-spice-'))
    const pending: Pending = { folder, file: join(folder, 'pve-spice.vv') }
    this.pending.add(pending)
    try {
      await chmod(folder, 0o700)
      await writeFile(pending.file, content, { mode: 0o600, flag: 'wx' })
      if (this.disposedNow()) throw new AppError({ code: 'cancelled', message: 'PVE Desk is quitting' })
      const child = await this.start(viewer, pending.file)
      this.removeWhenRead(pending, child)
    } catch (error) {
      this.remove(pending)
      throw error
    }
  }

  private start(viewer: string, file: string): Promise<ViewerProcess> {
    const spawn = this.options.spawn ?? spawnChild
    return new Promise((resolve, reject) => {
      const child = spawn(viewer, [file], { detached: true, stdio: 'ignore', env: this.env() })
      child.once('spawn', () => {
        child.removeAllListeners('error')
        // A viewer failing later is its own business (it shows its own error window); never a crash here.
        child.on('error', () => undefined)
        child.unref()
        resolve(child)
      })
      child.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'ENOENT' || error.code === 'EACCES'
            ? viewerMissing()
            : new AppError({ code: 'internal', message: `cannot start ${viewer}: ${error.message}` }),
        )
      })
    })
  }

  private removeWhenRead(pending: Pending, child: ViewerProcess): void {
    if (!this.pending.has(pending)) return
    child.once('exit', () => this.remove(pending))
    try {
      pending.watcher = watch(pending.folder, { persistent: false }, () => {
        if (!existsSync(pending.file)) this.remove(pending)
      })
      pending.watcher.on('error', () => undefined)
    } catch {
      // No watch (out of watches): the deadline below still removes it.
    }
    pending.timer = setTimeout(() => this.remove(pending), this.options.removeAfterMs ?? REMOVE_AFTER_MS)
  }

  private remove(pending: Pending): void {
    if (!this.pending.delete(pending)) return
    clearTimeout(pending.timer)
    pending.watcher?.close()
    try {
      rmSync(pending.folder, { recursive: true, force: true })
    } catch (error) {
      console.error(`[consoles] cannot remove ${pending.folder}: ${String(error)}`)
    }
  }

  /** A method, not the getter, after an await: disposed meanwhile? */
  private disposedNow(): boolean {
    return this.isDisposed
  }

  private env(): NodeJS.ProcessEnv {
    return this.options.env?.() ?? process.env
  }
}

/**
 * The settings PVE puts in a spiceproxy answer, and the only ones that reach the file: pve-access-control
 * src/PVE/AccessControl.pm `remote_viewer_config` builds exactly these (qemu-server's spiceproxy, and
 * pve-manager PVE/API2Tools.pm `run_spiceterm` behind a container's, return its config as is). Anything else a node answers — `enable-usbredir`, `usb-filter`,
 * `enable-usb-autoshare`, `newer-version-url`, `secure-channels`, a plain `port`… — would be a setting PVE never
 * gives, turning the viewer against the user's machine: it is dropped.
 */
export const VV_KEYS: ReadonlySet<string> = new Set([
  'type',
  'title',
  'host',
  'proxy',
  'tls-port',
  'host-subject',
  'ca',
  'password',
  'secure-attention',
  'toggle-fullscreen',
  'release-cursor',
  'delete-this-file',
])

/**
 * The .vv file of a spiceproxy answer: PVE's settings only (see {@link VV_KEYS}), the others dropped. A value
 * that could break the file's lines (a newline, which would let an answer slip in settings of its own) is
 * refused: PVE sends the CA with its newlines escaped as `\n`.
 */
export function vvFile(fields: unknown): string {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    throw new AppError({ code: 'bad_response', message: 'spiceproxy did not answer the viewer settings' })
  }
  let text = '[virt-viewer]\n'
  for (const [key, value] of Object.entries(fields)) {
    if (!VV_KEYS.has(key)) continue
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw badField(key)
    const line = String(value)
    if (/[\r\n\0]/.test(line)) throw badField(key)
    text += `${key}=${line}\n`
  }
  return text
}

const badField = (key: string): AppError =>
  new AppError({
    code: 'bad_response',
    message: `spiceproxy answered a setting remote-viewer cannot take: ${key.slice(0, 64)}`,
  })
