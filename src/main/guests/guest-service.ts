import { AppError } from '../../shared/ipc/errors'
import { Disposable } from '../../shared/lifecycle'
import type {
  ActionPreferences,
  ActionStarted,
  BackupTarget,
  GuestAction,
  GuestRef,
  GuestSnapshot,
  MigrationCheck,
} from '../../shared/model/guest-action'
import type { ClusterRegistry } from '../clusters/cluster-registry'
import type { TaskService } from '../tasks/task-service'
import { ActionPreferencesStore } from './action-preferences'
import type { ClusterAccess } from './cluster-access'
import { registryAccess } from './cluster-access'
import { checkMigration, listBackupTargets, listGuestSnapshots, runGuestAction } from './guest-actions'

/**
 * Actions on one guest for the UI (the CLI runs the same functions over its own client): checks the read-only
 * flag and the cached privileges, calls PVE, hands the UPID to the task tracker.
 */
export class GuestService extends Disposable {
  readonly preferenceStore: ActionPreferencesStore

  constructor(
    readonly registry: ClusterRegistry,
    readonly tasks: TaskService,
    readonly home: string,
  ) {
    super()
    this.preferenceStore = new ActionPreferencesStore(home)
  }

  /** The access to a configured cluster (`not_found` for an id that is not one). */
  access(clusterId: string): ClusterAccess {
    if (this.isDisposed) throw new AppError({ code: 'cancelled', clusterId, message: 'PVE Desk is closing' })
    this.registry.get(clusterId)
    return registryAccess(this.registry, clusterId)
  }

  /**
   * Runs one action and hands its task to the tracker, which follows it to its end (and refreshes the tree). The
   * follow-up is not awaited: the answer is the UPID, as soon as PVE gave it.
   */
  async act(guest: GuestRef, action: GuestAction): Promise<ActionStarted> {
    const started = await runGuestAction(this.access(guest.clusterId), guest.vmid, action)
    if (started.upid !== null) this.follow(guest.clusterId, started.upid)
    return started
  }

  /** Hands a task PVE Desk started to the tracker; its end (or its loss) is the tracker's to report. */
  follow(clusterId: string, upid: string): void {
    this.tasks.track(clusterId, upid).catch(() => undefined)
  }

  async migrateCheck(guest: GuestRef, signal?: AbortSignal): Promise<MigrationCheck> {
    return checkMigration(this.access(guest.clusterId), guest.vmid, signal)
  }

  async backupTargets(guest: GuestRef, signal?: AbortSignal): Promise<BackupTarget[]> {
    return listBackupTargets(this.access(guest.clusterId), guest.vmid, signal)
  }

  async snapshots(guest: GuestRef, signal?: AbortSignal): Promise<GuestSnapshot[]> {
    return listGuestSnapshots(this.access(guest.clusterId), guest.vmid, signal)
  }

  preferences(): Promise<ActionPreferences> {
    return this.preferenceStore.read()
  }

  setPreferences(preferences: ActionPreferences): Promise<ActionPreferences> {
    return this.preferenceStore.write(preferences)
  }
}
