import { z } from 'zod'

import { AppError } from '../../shared/ipc/errors'
import { ActionPreferences } from '../../shared/model/guest-action'
import { defaultActionPreferences } from '../platform/settings-schema'
import { withFileLock } from '../platform/settings-lock'
import { SettingsStore } from '../platform/settings-store'

/**
 * The guard rails and bulk settings, kept in the settings file (`actions`) beside the clusters. Read from the
 * file as it is now, under the settings lock like every other reader and writer (the CLI and another PVE Desk
 * write the same file), so a change made elsewhere is seen at once and a write never undoes a cluster saved
 * meanwhile. An unreadable `actions` value reads as the defaults, reported once per distinct reason.
 */
export class ActionPreferencesStore {
  private readonly store: SettingsStore
  private reported: string | undefined

  constructor(
    home: string,
    private readonly report: (message: string) => void = (m) => console.error(m),
  ) {
    this.store = new SettingsStore(home)
  }

  async read(): Promise<ActionPreferences> {
    const loaded = await withFileLock(this.store.path, () => this.store.load())
    if (loaded.actionsUnreadable !== undefined && loaded.actionsUnreadable !== this.reported) {
      this.reported = loaded.actionsUnreadable
      this.report(
        `[settings] the action preferences in ${this.store.path} cannot be read, using the defaults: ${loaded.actionsUnreadable.replace(/\s+/g, ' ')}`,
      )
    }
    return loaded.settings.actions
  }

  /** What bulk runs use when the file cannot be read at all: they go on with PVE's own defaults. */
  async readOrDefaults(): Promise<ActionPreferences> {
    try {
      return await this.read()
    } catch {
      return defaultActionPreferences()
    }
  }

  /** Writes the preferences (validated again: the caller may be a compromised renderer) and answers them. */
  async write(preferences: ActionPreferences): Promise<ActionPreferences> {
    const parsed = ActionPreferences.safeParse(preferences)
    if (!parsed.success)
      throw new AppError({ code: 'invalid_request', message: z.prettifyError(parsed.error) })
    const actions = parsed.data
    return withFileLock(this.store.path, async (hold) => {
      const current = await this.store.load()
      this.store.assertWritable()
      hold.assertHeld()
      await this.store.save({ ...current.settings, actions }, current.carried ?? [])
      return actions
    })
  }
}
