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

const notYet = (what: string): Promise<never> =>
  Promise.reject(new AppError({ code: 'internal', message: `not yet: ${what}` }))

/**
 * Actions on one guest for the UI (the CLI runs the same functions over its own client): checks the read-only
 * flag and the cached privileges, calls PVE, hands the UPID to the task tracker.
 * SKELETON: the guests lane fills it in; the public names stay.
 */
export class GuestService extends Disposable {
  constructor(
    readonly registry: ClusterRegistry,
    readonly tasks: TaskService,
    readonly home: string,
  ) {
    super()
  }

  act(guest: GuestRef, action: GuestAction): Promise<ActionStarted> {
    return notYet(`${guest.clusterId}/${guest.vmid} ${action.kind}`)
  }

  migrateCheck(guest: GuestRef, _signal?: AbortSignal): Promise<MigrationCheck> {
    return notYet(`migrate check ${guest.vmid}`)
  }

  backupTargets(guest: GuestRef, _signal?: AbortSignal): Promise<BackupTarget[]> {
    return notYet(`backup targets ${guest.vmid}`)
  }

  snapshots(guest: GuestRef, _signal?: AbortSignal): Promise<GuestSnapshot[]> {
    return notYet(`snapshots ${guest.vmid}`)
  }

  preferences(): Promise<ActionPreferences> {
    return notYet('preferences')
  }

  setPreferences(_preferences: ActionPreferences): Promise<ActionPreferences> {
    return notYet('set preferences')
  }
}
