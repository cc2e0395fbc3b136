// Cluster services: HA, storage replication (cluster jobs and per-node state), firewall, pools.

import { ok } from '../http'
import type { ReplicationJob } from '../model'
import { int, str } from '../params'
import type { Route, RouteContext } from '../router'
import { ApiError, caller, demand } from '../router'
import {
  failedRuns,
  haResources,
  haStatus,
  replicationEntry,
  replicationId,
  replicationState,
} from '../views/cluster-jobs'
import {
  clusterRules,
  firewallAliases,
  firewallGroups,
  firewallIpsets,
  firewallOptions,
  groupRules,
  guestFirewallOptions,
  guestRules,
  ipsetEntries,
} from '../views/firewall'
import { GROUPS_MIGRATED, haGroupEntries, haRuleEntries, managerStatus } from '../views/ha-config'
import { majorOf } from '../model'
import { diskVolume } from '../views/guest-config'
import { storageRefusal } from '../views/replication-volumes'
import { poolEntry, poolMembers } from '../views/pools'
import { guestOf } from './guest-common'

const mayAudit = (rc: RouteContext, vmid: number): boolean =>
  rc.perms.has(caller(rc).authid, `/vms/${vmid}`, 'VM.Audit')

/** Replication jobs whose guest currently lives on {node} (the state is kept where the guest runs). */
const jobsOn = (rc: RouteContext): ReplicationJob[] => {
  const node = str(rc.params, 'node') ?? ''
  return rc.cluster.replication.filter(
    (j) => rc.cluster.guests.find((g) => g.vmid === j.guest)?.node === node,
  )
}

function jobOf(rc: RouteContext): ReplicationJob {
  const id = str(rc.params, 'id') ?? ''
  const job = jobsOn(rc).find((j) => replicationId(j) === id)
  if (job === undefined) throw new ApiError(500, `no such replication job '${id}'\n`)
  return job
}

/** The job's last run as Replication.pm `run_replication_nolock` logs it (`<time> <id>: <message>`). */
function replicationLog(rc: RouteContext, job: ReplicationJob): { n: number; t: string }[] {
  const state = replicationState(rc.cluster, job, rc.now)
  const at = new Date(Number(state.last_try) * 1000).toISOString().slice(0, 19).replace('T', ' ')
  const id = replicationId(job)
  const guest = rc.cluster.guests.find((g) => g.vmid === job.guest)
  const refused = storageRefusal(rc.cluster, job)
  const messages = ['start replication job']
  // get_replicatable_volumes dies before the guest and its volumes are logged; a target without the storage
  // fails in prepare-local-job, after them.
  if (refused === undefined || refused.volumes.length > 0) {
    const kind = guest?.type === 'lxc' ? 'CT' : 'VM'
    messages.push(`guest => ${kind} ${job.guest}, running => ${guest?.status === 'running' ? 1 : 0}`)
    const volumes = refused?.volumes ?? (guest === undefined ? [] : [diskVolume(rc.cluster, guest)])
    messages.push(`volumes => ${volumes.join(',')}`)
  }
  if (refused?.remote !== undefined) messages.push(`(remote_prepare_local_job) ${refused.remote}`)
  const error = state.error
  if (typeof error === 'string') messages.push(`end replication job with error: ${error}`)
  else messages.push('using secure transmission, rate limit: none', 'end replication job')
  return messages.map((m, i) => ({ n: i + 1, t: `${at} ${id}: ${m}` }))
}

export const CLUSTER_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/cluster/ha/status/current',
    run: (rc) => ok(haStatus(rc.cluster, rc.ctx.node, rc.now)),
  },
  {
    method: 'GET',
    path: '/cluster/ha/resources',
    run: (rc) => {
      const type = str(rc.params, 'type')
      return ok(haResources(rc.cluster).filter((r) => type === undefined || r.type === type))
    },
  },
  {
    method: 'GET',
    path: '/cluster/ha/resources/{sid}',
    run: (rc) => {
      // pve-ha-manager API2/HA/Resources.pm `read`: a bare vmid is looked up in the VM list (`parse_sid`),
      // then the section is copied with its digest; an unknown one dies `no such resource`.
      const raw = str(rc.params, 'sid') ?? ''
      const guest = /^\d+$/.test(raw) ? rc.cluster.guests.find((g) => g.vmid === Number(raw)) : undefined
      const sid = guest === undefined ? raw : `${guest.type === 'qemu' ? 'vm' : 'ct'}:${raw}`
      const found = haResources(rc.cluster).find((r) => r.sid === sid)
      if (found === undefined) throw new ApiError(500, `no such resource '${sid}'\n`)
      return ok(found)
    },
  },
  {
    method: 'GET',
    path: '/cluster/ha/status/manager_status',
    run: (rc) => ok(managerStatus(rc.cluster, rc.ctx.node, rc.now)),
  },
  {
    method: 'GET',
    path: '/cluster/ha/groups',
    run: (rc) => {
      // pve-ha-manager 5 (PVE 9) migrates groups to rules; the index then refuses (Groups.pm `index`).
      if (majorOf(rc.cluster) >= 9) throw new ApiError(500, GROUPS_MIGRATED)
      return ok(haGroupEntries(rc.cluster))
    },
  },
  {
    method: 'GET',
    path: '/cluster/ha/rules',
    since: 9,
    run: (rc) => {
      const filter: { type?: string; resource?: string } = {}
      const type = str(rc.params, 'type')
      const resource = str(rc.params, 'resource')
      if (type !== undefined) filter.type = type
      if (resource !== undefined) filter.resource = resource
      return ok(haRuleEntries(rc.cluster, filter))
    },
  },
  {
    method: 'GET',
    path: '/cluster/replication',
    run: (rc) =>
      ok(
        rc.cluster.replication
          .filter((j) => mayAudit(rc, j.guest))
          .map((j) => replicationEntry(rc.cluster, j)),
      ),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/replication',
    run: (rc) => {
      const guest = int(rc.params, 'guest')
      return ok(
        jobsOn(rc)
          .filter((j) => (guest === undefined || j.guest === guest) && mayAudit(rc, j.guest))
          .map((j) => replicationState(rc.cluster, j, rc.now)),
      )
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/replication/{id}/status',
    run: (rc) => {
      const job = jobOf(rc)
      demand(rc, `/vms/${job.guest}`, ['VM.Audit'])
      return ok(replicationState(rc.cluster, job, rc.now))
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/replication/{id}/log',
    run: (rc) => {
      const job = jobOf(rc)
      if (!mayAudit(rc, job.guest)) demand(rc, `/nodes/${str(rc.params, 'node') ?? ''}`, ['Sys.Audit'])
      const lines = replicationLog(rc, job)
      const start = int(rc.params, 'start') ?? 0
      const limit = int(rc.params, 'limit') ?? 50
      return ok(lines.slice(start, limit === 0 ? undefined : start + limit), { total: lines.length })
    },
  },
  {
    method: 'POST',
    path: '/nodes/{node}/replication/{id}/schedule_now',
    // Before pve-manager 9.0 (c81fe5cc, "close #2809"): Datastore.Allocate on /storage, no VM.Replicate yet.
    permissionsBefore: { major: 9, permissions: { check: ['perm', '/storage', ['Datastore.Allocate']] } },
    run: (rc) => {
      const job = jobOf(rc)
      if (majorOf(rc.cluster) >= 9) demand(rc, `/vms/${job.guest}`, ['VM.Replicate'])
      // ReplicationState.pm `schedule_job_now` sets last_try to 0: the job is due and runs at once. A broken
      // job fails once more (fail_count + 1), its retries backing off from there; one its storage refuses
      // fails again at once.
      const nowS = Math.floor(rc.now / 1000)
      const broken = job.broken
      if (storageRefusal(rc.cluster, job) !== undefined) job.forcedAt = nowS
      else if (job.failure !== undefined && broken !== undefined) {
        const runs = failedRuns(broken.at, nowS, broken.before)
        job.broken = { at: nowS, lastSync: broken.lastSync, before: runs.failCount }
      } else job.forcedAt = nowS
      return ok(null)
    },
  },
  { method: 'GET', path: '/cluster/firewall/groups', run: () => ok(firewallGroups()) },
  {
    method: 'GET',
    path: '/cluster/firewall/groups/{group}',
    run: (rc) => {
      const group = str(rc.params, 'group') ?? ''
      const rules = groupRules(group)
      if (rules === undefined) throw new ApiError(500, `no such security group '${group}'\n`)
      return ok(rules)
    },
  },
  { method: 'GET', path: '/cluster/firewall/rules', run: () => ok(clusterRules()) },
  { method: 'GET', path: '/cluster/firewall/options', run: (rc) => ok(firewallOptions(rc.cluster)) },
  { method: 'GET', path: '/cluster/firewall/aliases', run: (rc) => ok(firewallAliases(rc.cluster)) },
  { method: 'GET', path: '/cluster/firewall/ipset', run: (rc) => ok(firewallIpsets(rc.cluster)) },
  {
    method: 'GET',
    path: '/cluster/firewall/ipset/{name}',
    run: (rc) => {
      const name = str(rc.params, 'name') ?? ''
      const entries = ipsetEntries(rc.cluster, name)
      // IPSet.pm `load_config`: an unknown set dies with this message.
      if (entries === undefined) throw new ApiError(500, `no such IPSet '${name}'\n`)
      return ok(entries)
    },
  },
  { method: 'GET', path: '/nodes/{node}/firewall/rules', run: () => ok([]) },
  ...(['qemu', 'lxc'] as const).map((type): Route => ({
    method: 'GET',
    path: `/nodes/{node}/${type}/{vmid}/firewall/rules`,
    run: (rc) => ok(guestRules(guestOf(rc, type))),
  })),
  ...(['qemu', 'lxc'] as const).map((type): Route => ({
    method: 'GET',
    path: `/nodes/{node}/${type}/{vmid}/firewall/options`,
    run: (rc) => ok(guestFirewallOptions(guestOf(rc, type))),
  })),
  {
    method: 'GET',
    path: '/pools',
    run: (rc) => {
      const authid = caller(rc).authid
      const only = str(rc.params, 'poolid')
      const type = str(rc.params, 'type')
      const pools = rc.cluster.pools.filter(
        (p) => (only === undefined || p === only) && rc.perms.has(authid, `/pool/${p}`, 'Pool.Audit'),
      )
      if (only !== undefined && pools.length === 0) throw new ApiError(500, `pool '${only}' does not exist\n`)
      return ok(
        pools.map((p) =>
          only === undefined
            ? poolEntry(p)
            : { ...poolEntry(p), members: poolMembers(rc.cluster, p, rc.now, type) },
        ),
      )
    },
  },
  {
    method: 'GET',
    path: '/pools/{poolid}',
    run: (rc) => {
      const pool = str(rc.params, 'poolid') ?? ''
      if (!rc.cluster.pools.includes(pool)) throw new ApiError(500, `pool '${pool}' does not exist\n`)
      const { poolid: _id, ...rest } = poolEntry(pool)
      return ok({ ...rest, members: poolMembers(rc.cluster, pool, rc.now, str(rc.params, 'type')) })
    },
  },
]
