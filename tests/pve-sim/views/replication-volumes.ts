// Which of a guest's volumes storage replication copies, and why a job's runs fail before they copy anything.
// Source side, qemu-server PVE/QemuConfig.pm and pve-container src/PVE/LXC/Config.pm `get_replicatable_volumes`:
// a volume on a shared storage is skipped, a local one needs the `replicate` feature, which among the
// simulated plugins only pve-storage ZFSPoolPlugin.pm `volume_has_feature` has (LvmThinPlugin.pm's and
// Plugin.pm's lack it) — else `missing replicate feature on volume '…'`. Target side, pve-manager
// PVE/CLI/pvesr.pm `prepare_local_job` (`$check_wanted_volid` → PVE::Storage `storage_check_node`): the
// volume's storage must exist on the target node, else the remote dies and the ssh command fails.

import type { ClusterState, GuestState, ReplicationJob } from '../model'
import { findGuest } from '../model'
import { diskStorageOf, diskVolume } from './guest-config'

/** The volumes a run would replicate, or the error `get_replicatable_volumes` dies with. */
export function replicatableVolumes(
  cluster: ClusterState,
  guest: GuestState,
): { volumes: string[]; error?: string } {
  const storage = diskStorageOf(guest)
  const defined = cluster.storages.filter((s) => s.storage === storage)
  // A shared storage's volumes are reachable from the target already: nothing to copy.
  if (defined.some((s) => s.shared)) return { volumes: [] }
  const volid = diskVolume(cluster, guest)
  if (!defined.some((s) => s.plugintype === 'zfspool'))
    return { volumes: [], error: `missing replicate feature on volume '${volid}'` }
  return { volumes: [volid] }
}

/** The storages of these volumes that the target node does not have. */
function missingOnTarget(cluster: ClusterState, volumes: readonly string[], target: string): string[] {
  const storages = [...new Set(volumes.map((v) => v.split(':')[0] ?? ''))]
  return storages.filter((id) => !cluster.storages.some((s) => s.node === target && s.storage === id))
}

/** What the target's `pvesr prepare-local-job` printed before it died, and the error the run ends with. */
export interface Refusal {
  error: string
  /** The remote's own message (the run's log shows it as `(remote_prepare_local_job) …`). */
  remote?: string
  volumes: string[]
}

/**
 * Why every run of the job fails whatever the control API says (a storage that cannot replicate, or a target
 * without it), undefined when its volumes can be replicated. The source-side check comes first, as in
 * Replication.pm `replicate`.
 */
export function storageRefusal(cluster: ClusterState, job: ReplicationJob): Refusal | undefined {
  const guest = findGuest(cluster, job.guest)
  if (guest === undefined) return undefined
  const { volumes, error } = replicatableVolumes(cluster, guest)
  if (error !== undefined) return { error, volumes }
  const missing = missingOnTarget(cluster, volumes, job.target)[0]
  if (missing === undefined) return undefined
  const id = `${job.guest}-${job.jobnum}`
  return {
    error: `command '/usr/bin/ssh -e none -o 'BatchMode=yes' root@${job.target} -- pvesr prepare-local-job ${id} ${volumes.join(' ')} --last_sync 0' failed: exit code 255`,
    remote: `storage '${missing}' is not available on node '${job.target}'`,
    volumes,
  }
}

/** Whether the job has copied its volumes to the target at least once (they are there, listed on its storage). */
export function hasSynced(cluster: ClusterState, job: ReplicationJob): boolean {
  if (job.disable === true && job.createdAt !== undefined) return false
  if (storageRefusal(cluster, job) !== undefined) return false
  return job.failure === undefined || (job.broken !== undefined && job.broken.lastSync > 0)
}
