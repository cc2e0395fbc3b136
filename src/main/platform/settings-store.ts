import { readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'

import { AppError } from '../../shared/ipc/errors'
import { writeFileAtomic } from './atomic-file'
import type { DroppedCluster, Settings } from './settings-schema'
import { CURRENT_SCHEMA_VERSION, emptySettings, parseSettings } from './settings-schema'

export interface SettingsLoad {
  settings: Settings
  /** Set when the file on disk could not be read: where it was moved, and why. Reported to the user. */
  corrupt?: { movedTo: string; reason: string }
  /** Set when a newer PVE Desk wrote the file: it is shown but never written nor moved by this one. */
  readOnly?: { schemaVersion: number; supported: number }
  /** Cluster entries left out because they could not be read (kept in the file as they were). */
  dropped?: DroppedCluster[]
  /** Those entries as they are in the file, for the next write to keep. */
  carried?: unknown[]
  /** Why the file's action preferences could not be read: the defaults stand in for them. */
  actionsUnreadable?: string
}

/**
 * The settings file (`settings.json` in the PVE Desk home): read and migrated on load, written atomically, and
 * never silently reset — a file that cannot be read at the app's start is moved aside
 * (`settings.json.corrupt-<time>`) and reported, so the operator can recover what was in it; read at any other
 * time, it is left as it is and every write is refused until it reads again. A file from a newer PVE Desk is opened read-only; a bad
 * cluster entry costs only itself. Callers that change the file go through `ClusterCatalog`, which locks it.
 */
export class SettingsStore {
  readonly path: string
  readonly home: string
  private newerVersion: number | undefined

  constructor(
    home: string,
    private readonly now: () => number = Date.now,
  ) {
    this.home = home
    this.path = join(home, 'settings.json')
  }

  /**
   * Reads the file. Only the app's start-up load passes `moveAside`: a file it cannot read is then moved aside and
   * the app starts empty. Every other read (the app following the file, the re-read before each write, any
   * `pvedesk` command) fails with `conflict` (`settings_unreadable`) and leaves the file as it is — it may be
   * half-written by an editor, and moving it would orphan every cluster in it. Writes stay refused until it reads.
   */
  async load(options: { moveAside?: boolean } = {}): Promise<SettingsLoad> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') {
        this.newerVersion = undefined
        return { settings: emptySettings() }
      }
      throw new AppError({ code: 'internal', message: `cannot read ${this.path}: ${String(error)}` })
    }
    let parsed
    try {
      parsed = parseSettings(JSON.parse(text) as unknown)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      if (options.moveAside !== true) throw unreadableError(this.path, reason)
      const movedTo = `${this.path}.corrupt-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}`
      await rename(this.path, movedTo)
      this.newerVersion = undefined
      return { settings: emptySettings(), corrupt: { movedTo, reason } }
    }
    this.newerVersion = parsed.newerVersion
    return {
      settings: parsed.settings,
      ...(parsed.newerVersion === undefined
        ? {}
        : { readOnly: { schemaVersion: parsed.newerVersion, supported: CURRENT_SCHEMA_VERSION } }),
      ...(parsed.dropped.length === 0 ? {} : { dropped: parsed.dropped, carried: parsed.carried }),
      ...(parsed.actionsUnreadable === undefined ? {} : { actionsUnreadable: parsed.actionsUnreadable }),
    }
  }

  /** Refuses to write over a file from a newer PVE Desk (as last loaded): it would lose what this one cannot read. */
  assertWritable(): void {
    if (this.newerVersion === undefined) return
    throw readOnlyError(this.newerVersion)
  }

  /** Writes the settings, and after them `carried` (entries this version could not read) unchanged. */
  async save(settings: Settings, carried: readonly unknown[] = []): Promise<void> {
    this.assertWritable()
    const data = {
      ...settings,
      schemaVersion: CURRENT_SCHEMA_VERSION,
      clusters: [...settings.clusters, ...carried],
    }
    await writeFileAtomic(this.path, `${JSON.stringify(data, null, 2)}\n`)
  }
}

export const unreadableError = (path: string, reason: string): AppError =>
  new AppError({
    code: 'conflict',
    message: `${path} cannot be read (${reason}): nothing was changed; correct the file, or restore it from a backup`,
    detail: { reason: 'settings_unreadable', file: path, error: reason },
  })

export const readOnlyError = (schemaVersion: number): AppError =>
  new AppError({
    code: 'conflict',
    message: `settings.json was written by a newer PVE Desk (schemaVersion ${schemaVersion}; this one reads up to ${CURRENT_SCHEMA_VERSION}): it is open read-only, and nothing was changed`,
    detail: { reason: 'settings_read_only', schemaVersion: String(schemaVersion) },
  })
