import { z } from 'zod'

import { AppError } from '../../shared/ipc/errors'
import type { WorkspacePreferences as Preferences } from '../../shared/model/workspace'
import { WorkspacePreferences } from '../../shared/model/workspace'
import { withFileLock } from '../platform/settings-lock'
import { SettingsStore } from '../platform/settings-store'
import { readWorkspace } from './workspace-file'

/**
 * The workspace preferences in the settings file (`workspace`), read from the file as it is now and written under
 * the settings lock like every other reader and writer (the CLI and another PVE Desk write the same file), so a
 * cluster saved meanwhile is never undone by a workspace write, nor a workspace by a cluster save. A field that
 * cannot be read gets its default, reported once per distinct reason; writes are refused while the file is
 * read-only (written by a newer PVE Desk) or unreadable.
 */
export class WorkspaceStore {
  private readonly store: SettingsStore
  private reported: string | undefined

  constructor(
    readonly home: string,
    private readonly report: (message: string) => void = (m) => console.error(m),
  ) {
    this.store = new SettingsStore(home)
  }

  async read(): Promise<Preferences> {
    const loaded = await withFileLock(this.store.path, () => this.store.load())
    const { preferences, problems } = readWorkspace(loaded.settings.workspace)
    const reason = problems.join('; ')
    if (problems.length > 0 && reason !== this.reported) {
      this.reported = reason
      this.report(
        `[settings] parts of the workspace in ${this.store.path} cannot be read, using the defaults: ${reason}`,
      )
    }
    return preferences
  }

  /** Writes the whole workspace (validated again: the caller may be a compromised renderer) and answers it. */
  async write(preferences: Preferences): Promise<Preferences> {
    const parsed = WorkspacePreferences.safeParse(preferences)
    if (!parsed.success) {
      throw new AppError({ code: 'invalid_request', message: z.prettifyError(parsed.error).slice(0, 2_000) })
    }
    const workspace = parsed.data
    return withFileLock(this.store.path, async (hold) => {
      const current = await this.store.load()
      this.store.assertWritable()
      hold.assertHeld()
      await this.store.save({ ...current.settings, workspace }, current.carried ?? [])
      return workspace
    })
  }
}
