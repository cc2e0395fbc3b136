import type { SpawnOptions } from 'node:child_process'
import { spawn as spawnChild } from 'node:child_process'
import type { FSWatcher } from 'node:fs'
import { constants, existsSync, rmSync, watch } from 'node:fs'
import { access, chmod, mkdtemp, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, isAbsolute, join } from 'node:path'

import { AppError } from '../../shared/ipc/errors'
import type { IDisposable } from '../../shared/lifecycle'
import { Disposable, toDisposable } from '../../shared/lifecycle'

export const VIEWER_PROGRAM = 'remote-viewer'
export const VIEWER_PACKAGE = 'virt-viewer'
/**
 * The .vv file goes at the latest this long after remote-viewer started: it reads the file at start (and
 * deletes it itself when told `delete-this-file=1`), and PVE's SPICE proxy ticket lives 40 s.
 */
export const REMOVE_AFTER_MS = 10_000
/** SPICE launches under way at once in the app (each asks PVE for a ticket and starts a program). */
export const MAX_SPICE_LAUNCHES = 4
/** After a viewer started for a guest, another one for it waits this long (a double click is not two viewers). */
export const SPICE_COOLDOWN_MS = 2_000

export interface SpiceLauncherOptions {
  /** Whose PATH is searched and what the viewer runs with (default: this process's environment, read each time). */
  env?: () => NodeJS.ProcessEnv
  removeAfterMs?: number
  /** Where the private folders are made (default the system's temporary folder). */
  tmpdir?: string
  spawn?: (command: string, args: readonly string[], options: SpawnOptions) => ViewerProcess
  /** Launches under way at once (default {@link MAX_SPICE_LAUNCHES}). */
  maxLaunches?: number
  /** Default {@link SPICE_COOLDOWN_MS}. */
  cooldownMs?: number
  now?: () => number
  /** Runs `run` after `ms` (default setTimeout): tests fire the removal deadline when they choose. */
  schedule?: (run: () => void, ms: number) => IDisposable
}

/** One launch under way for a guest: released when it is over, `started` when a viewer runs. */
export interface SpiceSlot {
  release(started: boolean): void
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
  deadline?: IDisposable
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
  /** Guests with a launch under way. */
  private readonly launching = new Set<string>()
  /** When each guest's last viewer started (the cool-down); entries older than it are dropped. */
  private readonly startedAt = new Map<string, number>()

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
   * Takes the launch slot of `guest` (a key naming the cluster and guest), or refuses with `conflict`
   * (`spice_busy`): one launch at a time per guest, a short cool-down after its viewer started, and at most
   * {@link MAX_SPICE_LAUNCHES} under way in the app — a renderer cannot have PVE Desk start viewers without end.
   */
  reserve(guest: string): SpiceSlot {
    const now = this.now()
    const cooldown = this.options.cooldownMs ?? SPICE_COOLDOWN_MS
    for (const [key, at] of this.startedAt) if (now - at >= cooldown) this.startedAt.delete(key)
    if (this.launching.has(guest)) throw spiceBusy('a SPICE viewer is already starting for this guest')
    if (this.startedAt.has(guest))
      throw spiceBusy('a SPICE viewer just started for this guest: wait a moment before opening another')
    const max = this.options.maxLaunches ?? MAX_SPICE_LAUNCHES
    if (this.launching.size >= max)
      throw spiceBusy(`${max} SPICE viewers are starting already: try again in a moment`)
    this.launching.add(guest)
    let released = false
    return {
      release: (started) => {
        if (released) return
        released = true
        this.launching.delete(guest)
        if (started) this.startedAt.set(guest, this.now())
      },
    }
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

  /** Writes the .vv for `fields` (spiceproxy's answer) and starts `viewer` on it; `onExit` when it exits. */
  async launch(viewer: string, fields: unknown, onExit?: () => void): Promise<void> {
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
      if (onExit !== undefined) child.once('exit', onExit)
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
    const schedule = this.options.schedule ?? scheduleTimeout
    pending.deadline = schedule(() => this.remove(pending), this.options.removeAfterMs ?? REMOVE_AFTER_MS)
  }

  private remove(pending: Pending): void {
    if (!this.pending.delete(pending)) return
    pending.deadline?.dispose()
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

  private now(): number {
    return (this.options.now ?? Date.now)()
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

const scheduleTimeout = (run: () => void, ms: number): IDisposable => {
  const timer = setTimeout(run, ms)
  return toDisposable(() => clearTimeout(timer))
}

const spiceBusy = (message: string): AppError =>
  new AppError({ code: 'conflict', message, detail: { reason: 'spice_busy' } })

const badField = (key: string): AppError =>
  new AppError({
    code: 'bad_response',
    message: `spiceproxy answered a setting remote-viewer cannot take: ${key.slice(0, 64)}`,
  })
