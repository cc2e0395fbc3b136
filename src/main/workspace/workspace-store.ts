import type { WorkspacePreferences } from '../../shared/model/workspace'
import { defaultWorkspacePreferences } from '../../shared/model/workspace'

/**
 * The workspace preferences in the settings file (`workspace`), read and written under the settings lock like
 * the action preferences. Placeholder until the appearance lane lands it: answers the defaults, keeps writes in
 * memory.
 */
export class WorkspaceStore {
  private current: WorkspacePreferences = defaultWorkspacePreferences()

  constructor(readonly home: string) {}

  async read(): Promise<WorkspacePreferences> {
    return Promise.resolve(this.current)
  }

  async write(preferences: WorkspacePreferences): Promise<WorkspacePreferences> {
    this.current = preferences
    return Promise.resolve(preferences)
  }
}
