import { readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'

import { AppError } from '../../shared/ipc/errors'
import { writeFileAtomic } from './atomic-file'
import type { Settings } from './settings-schema'
import { CURRENT_SCHEMA_VERSION, emptySettings, parseSettings } from './settings-schema'

export interface SettingsLoad {
  settings: Settings
  /** Set when the file on disk could not be read: where it was moved, and why. Reported to the user. */
  corrupt?: { movedTo: string; reason: string }
}

/**
 * The settings file (`settings.json` in the PVE Desk home): read and migrated on load, written atomically, and
 * never silently reset — a file that cannot be read is moved aside (`settings.json.corrupt-<time>`) and
 * reported, so the operator can recover what was in it.
 */
export class SettingsStore {
  readonly path: string

  constructor(
    home: string,
    private readonly now: () => number = Date.now,
  ) {
    this.path = join(home, 'settings.json')
  }

  async load(): Promise<SettingsLoad> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return { settings: emptySettings() }
      throw new AppError({ code: 'internal', message: `cannot read ${this.path}: ${String(error)}` })
    }
    try {
      return { settings: parseSettings(JSON.parse(text) as unknown) }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      const movedTo = `${this.path}.corrupt-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}`
      await rename(this.path, movedTo)
      return { settings: emptySettings(), corrupt: { movedTo, reason } }
    }
  }

  async save(settings: Settings): Promise<void> {
    const data = { ...settings, schemaVersion: CURRENT_SCHEMA_VERSION }
    await writeFileAtomic(this.path, `${JSON.stringify(data, null, 2)}\n`)
  }
}
