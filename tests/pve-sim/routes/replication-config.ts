// Replication jobs made and removed through the API: pve-manager PVE/API2/ReplicationConfig.pm `create` and
// `delete`, with their checks in their order and their messages.

import { ok } from '../http'
import type { ClusterState, ReplicationJob } from '../model'
import { findGuest, isQuorate, majorOf, NO_QUORUM } from '../model'
import { bool, str } from '../params'
import type { Route, RouteContext } from '../router'
import { ApiError, demand } from '../router'
import { DEFAULT_SCHEDULE, replicationId } from '../views/cluster-jobs'
import { replicatableVolumes } from '../views/replication-volumes'

/** Before pve-manager 9.0 (c81fe5cc, "close #2809") the config calls wanted Datastore.Allocate on /storage. */
const BEFORE_9 = { major: 9, permissions: { check: ['perm', '/storage', ['Datastore.Allocate']] } }

/** ReplicationConfig.pm `parse_replication_job_id` (the schema's pattern has already refused guests < 100). */
function parseId(id: string): { guest: number; jobnum: number } {
  const match = /^(\d+)-(\d+)$/.exec(id)
  if (match === null) throw new ApiError(500, `invalid replication job id '${id}'\n`)
  return { guest: Number(match[1]), jobnum: Number(match[2]) }
}

/** PVE 9 checks VM.Replicate on the guest in the handler (`user => 'all'` in the schema). */
function mayReplicate(rc: RouteContext, guest: number): void {
  if (majorOf(rc.cluster) >= 9) demand(rc, `/vms/${guest}`, ['VM.Replicate'])
}

/** PVE::Cluster `get_members`: corosync's node list; a standalone node has none. */
const isMember = (cluster: ClusterState, node: string): boolean =>
  cluster.clustered && cluster.nodes.some((n) => n.name === node)

/** `cfs_lock_file` on replication.cfg needs a quorate pmxcfs. */
function lockConfig(rc: RouteContext): void {
  if (!isQuorate(rc.cluster)) throw new ApiError(500, `cfs-lock 'file-replication_cfg' error: ${NO_QUORUM}`)
}

function create(rc: RouteContext): ReplicationJob {
  const id = str(rc.params, 'id') ?? ''
  const target = str(rc.params, 'target') ?? ''
  const { guest: vmid, jobnum } = parseId(id)
  mayReplicate(rc, vmid)
  const guest = findGuest(rc.cluster, vmid)
  if (guest === undefined) throw new ApiError(500, `Guest '${vmid}' does not exist.\n`)
  if (!isMember(rc.cluster, target)) throw new ApiError(500, `Target '${target}' does not exist.\n`)
  const source = str(rc.params, 'source')
  if (source !== undefined && source !== guest.node) {
    throw new ApiError(
      500,
      `Source '${source}' does not match current node of guest '${vmid}' (${guest.node})\n`,
    )
  }
  if (target === guest.node) throw new ApiError(500, 'Source and target must not be identical\n')
  // get_replicatable_volumes with $noerr 0: a volume without the replicate feature fails the call. The target's
  // storages are not looked at here: a target without them fails the job's runs instead.
  const { volumes, error } = replicatableVolumes(rc.cluster, guest)
  if (error !== undefined) throw new ApiError(500, `${error}\n`)
  if (volumes.length === 0) throw new ApiError(500, 'No replicatable volumes found\n')
  lockConfig(rc)
  const jobs = rc.cluster.replication
  if (jobs.some((j) => replicationId(j) === `${vmid}-${jobnum}`))
    throw new ApiError(500, `replication job '${vmid}-${jobnum}' already exists\n`)
  // ReplicationConfig.pm `write_config`: one job per guest and target (`get_unique_target_id`).
  if (jobs.some((j) => j.guest === vmid && j.target === target))
    throw new ApiError(
      500,
      `replication job for guest '${vmid}' to target 'local/${target}' already exists\n`,
    )
  const nowS = Math.floor(rc.now / 1000)
  const job: ReplicationJob = {
    guest: vmid,
    jobnum,
    target,
    schedule: str(rc.params, 'schedule') ?? DEFAULT_SCHEDULE,
    forcedAt: nowS,
    createdAt: nowS,
  }
  const comment = str(rc.params, 'comment')
  if (comment !== undefined) job.comment = comment
  const rate = str(rc.params, 'rate')
  if (rate !== undefined) job.rate = Number(rate)
  if (bool(rc.params, 'disable') === true) job.disable = true
  return job
}

export const REPLICATION_CONFIG_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: '/cluster/replication',
    permissionsBefore: BEFORE_9,
    run: (rc) => {
      const job = create(rc)
      rc.cluster.replication.push(job)
      rc.cluster.replication.sort((a, b) => a.guest - b.guest || a.jobnum - b.jobnum)
      return ok(null)
    },
  },
  {
    method: 'DELETE',
    path: '/cluster/replication/{id}',
    permissionsBefore: BEFORE_9,
    run: (rc) => {
      const id = str(rc.params, 'id') ?? ''
      const { guest } = parseId(id)
      mayReplicate(rc, guest)
      const force = bool(rc.params, 'force') === true
      if (force && bool(rc.params, 'keep') === true) {
        throw new ApiError(400, 'Parameter verification failed.\n', {
          keep: "conflicts with parameter 'force'",
        })
      }
      lockConfig(rc)
      const at = rc.cluster.replication.findIndex((j) => replicationId(j) === id)
      if (at < 0 && !force) throw new ApiError(500, `no such job '${id}'\n`)
      // PVE marks the job `remove_job` and the next pvesr run (within the minute) removes the replication
      // snapshots, the target's volumes unless `keep`, then the job: here that run is immediate.
      if (at >= 0) rc.cluster.replication.splice(at, 1)
      return ok(null)
    },
  },
]
