import { z } from 'zod'

import { AppError } from '../../shared/ipc/errors'
import type { DrTargets } from '../../shared/model/dr'
import { DrTargets as Schema } from '../../shared/model/dr'
import { withFileLock } from '../platform/settings-lock'
import { SettingsStore } from '../platform/settings-store'
import { readDrTargets } from './dr-targets-file'

/**
 * The DR targets in the settings file (`dr`), read from the file as it is now and written under the settings
 * lock like every other reader and writer (the CLI and another PVE Desk write the same file), so that a cluster
 * saved meanwhile is never undone by a targets write. A part that cannot be read gets its default, reported once
 * per distinct reason; writes are refused while the file is read-only or unreadable.
 */
export class DrTargetsStore {
  private readonly store: SettingsStore
  private reported: string | undefined

  constructor(
    readonly home: string,
    private readonly report: (message: string) => void = (m) => console.error(m),
  ) {
    this.store = new SettingsStore(home)
  }

  async read(): Promise<DrTargets> {
    const loaded = await withFileLock(this.store.path, () => this.store.load())
    const { targets, problems } = readDrTargets(loaded.settings.dr)
    const reason = problems.join('; ')
    if (problems.length > 0 && reason !== this.reported) {
      this.reported = reason
      this.report(
        `[settings] parts of the DR targets in ${this.store.path} cannot be read, using defaults: ${reason}`,
      )
    }
    return targets
  }

  /** Writes the targets (validated again: the caller may be a compromised renderer) and answers them. */
  async write(targets: DrTargets): Promise<DrTargets> {
    const parsed = Schema.safeParse(targets)
    if (!parsed.success)
      throw new AppError({ code: 'invalid_request', message: z.prettifyError(parsed.error).slice(0, 2_000) })
    const dr = parsed.data
    return withFileLock(this.store.path, async (hold) => {
      const current = await this.store.load()
      this.store.assertWritable()
      hold.assertHeld()
      await this.store.save({ ...current.settings, dr }, current.carried ?? [])
      return dr
    })
  }
}
