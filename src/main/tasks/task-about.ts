import type { FleetGuest } from '../../shared/model/fleet'
import type { PveTask } from '../../shared/model/task'
import type { ClusterRegistry } from '../clusters/cluster-registry'

/** What a task's notification names beside PVE's own fields: its cluster's name, its guest's name. */
export interface TaskAbout {
  /** The cluster's name in PVE Desk (a task's UPID names its node only). */
  cluster?: string
  /** The guest's name, when the task is about a guest the inventory knows. */
  guestName?: string
}

/** The cluster's and the guest's names for `task`, from the registry's current inventory (none if gone). */
export function aboutTask(registry: ClusterRegistry, task: PveTask): TaskAbout {
  if (!registry.has(task.clusterId)) return {}
  const connection = registry.get(task.clusterId)
  const guest =
    task.vmid === undefined
      ? undefined
      : connection.items.find((i): i is FleetGuest => i.kind === 'guest' && i.vmid === task.vmid)
  return {
    cluster: connection.config.name,
    ...(guest?.name === undefined || guest.name === '' ? {} : { guestName: guest.name }),
  }
}
