import type { DrBackup, DrGuestRow, DrHa, DrReplication, DrTargets } from '../model/dr'
import type { InventoryCluster, PveObject } from '../model/inventory-snapshot'
import type { ClusterIndex } from './cluster-index'
import { guestFlags, levelOf } from './guest-flags'
import { bool, cut, num, objects, splitList, str, vmidOf } from './pve-fields'
import { hasTarget, resolveTarget } from './targets'

/** PVE leaves the default schedule out of /cluster/replication (pve-guest-common, PVE::ReplicationConfig). */
export const DEFAULT_REPLICATION_SCHEDULE = '*/15'
const MAX_ERROR = 500
const MAX_TEXT = 200

function replicationRows(guestNode: string, vmid: number, index: ClusterIndex, now: number): DrReplication[] {
  return (index.replicationJobs.get(vmid) ?? []).map((job) => {
    const id = str(job.id) ?? ''
    const states = index.replicationState.get(id) ?? []
    // The state lives on the job's source node, which is where the guest is (PVE::Replication::run_jobs).
    const state = (states.find((s) => s.node === guestNode) ?? states[0])?.entry ?? {}
    const target = cut(str(job.target) ?? str(state.target) ?? '', MAX_TEXT)
    const lastSync = num(state.last_sync)
    const synced = lastSync !== undefined && lastSync > 0 ? lastSync : undefined
    const nextSync = num(state.next_sync)
    const error = str(state.error)
    return {
      id: cut(id, MAX_TEXT),
      target,
      targetSite: target !== '' ? index.siteOf(target) : undefined,
      schedule: cut(str(job.schedule) ?? str(state.schedule) ?? DEFAULT_REPLICATION_SCHEDULE, MAX_TEXT),
      disabled: bool(job.disable) === true,
      lastSync: synced,
      nextSync: nextSync !== undefined && nextSync > 0 ? nextSync : undefined,
      lagSeconds: synced !== undefined ? Math.max(0, now - synced) : undefined,
      durationSeconds: num(state.duration),
      failCount: Math.max(0, Math.floor(num(state.fail_count) ?? 0)),
      error: error !== undefined && error !== '' ? cut(error, MAX_ERROR) : undefined,
    }
  })
}

function haOf(type: 'qemu' | 'lxc', vmid: number, index: ClusterIndex): DrHa | undefined {
  const sid = `${type === 'qemu' ? 'vm' : 'ct'}:${vmid}`
  const resource = index.haResources.get(sid)
  const status = index.haStatus.get(sid)
  if (resource === undefined && status === undefined) return undefined
  const group = str(resource?.group)
  return {
    sid,
    group: group !== undefined ? cut(group, MAX_TEXT) : undefined,
    rules: (index.haRules.get(sid) ?? []).slice(0, 50).map((r) => cut(r, MAX_TEXT)),
    requested: str(resource?.state) ?? str(status?.request_state),
    current: str(status?.state) ?? str(status?.crm_state),
    node: str(status?.node),
  }
}

function jobIncludes(job: PveObject, vmid: number, node: string, pool: string | undefined): boolean {
  if (bool(job.enabled) === false) return false
  const jobNode = str(job.node)
  if (jobNode !== undefined && jobNode !== '' && jobNode !== node) return false
  const id = String(vmid)
  if (bool(job.all) === true) return !splitList(job.exclude).includes(id)
  const jobPool = str(job.pool)
  if (jobPool !== undefined && jobPool !== '') return jobPool === pool
  return splitList(job.vmid).includes(id)
}

function guestRow(
  cluster: InventoryCluster,
  resource: PveObject,
  index: ClusterIndex,
  targets: DrTargets,
  now: number,
): DrGuestRow | undefined {
  const type = resource.type === 'qemu' || resource.type === 'lxc' ? resource.type : undefined
  const vmid = vmidOf(resource.vmid) ?? vmidOf(str(resource.id)?.split('/')[1])
  if (type === undefined || vmid === undefined) return undefined
  const node = cut(str(resource.node) ?? '', MAX_TEXT)
  const site = index.siteOf(node)
  const tags = splitList(resource.tags)
    .slice(0, 50)
    .map((t) => cut(t, MAX_TEXT))
  const poolText = str(resource.pool)
  const pool = poolText !== undefined && poolText !== '' ? cut(poolText, MAX_TEXT) : undefined
  const template = bool(resource.template) === true
  const target = resolveTarget(targets, { clusterId: cluster.id, tags, pool, template })

  const archives = [...(index.backups.get(vmid) ?? [])].sort((a, b) => b.ctime - a.ctime)
  const newest = archives[0]
  const lastBackup: DrBackup | undefined =
    newest === undefined
      ? undefined
      : {
          volid: cut(newest.volid, MAX_TEXT * 2),
          storage: cut(newest.storage, MAX_TEXT),
          storageSite: newest.site,
          time: newest.ctime,
          ageSeconds: Math.max(0, now - newest.ctime),
          size: newest.size,
          protected: newest.protected,
          verification: newest.verification,
        }
  const row: DrGuestRow = {
    clusterId: cluster.id,
    clusterName: cluster.name,
    vmid,
    type,
    name: cut(str(resource.name) ?? '', MAX_TEXT),
    node,
    site,
    status: cut(str(resource.status) ?? 'unknown', MAX_TEXT),
    tags,
    pool,
    template,
    target,
    replication: replicationRows(node, vmid, index, now),
    ha: haOf(type, vmid, index),
    lastBackup,
    backupCount: archives.length,
    backupSites: [...new Set(archives.flatMap((a) => a.site ?? []))].sort(),
    backupJobs: index.backupJobs
      .filter((job) => jobIncludes(job, vmid, node, pool))
      .flatMap((job) => str(job.id) ?? [])
      .map((id) => cut(id, MAX_TEXT)),
    level: 'none',
    flags: [],
  }
  if (!hasTarget(target)) return row
  row.flags = guestFlags(row, {
    cluster,
    targets,
    archives,
    inNotBackedUp: index.notBackedUp?.has(vmid),
    vzdumpTask: index.vzdumpTasks.get(vmid),
  })
  row.level = levelOf(row.flags)
  return row
}

/** One row per guest of `/cluster/resources` (type qemu or lxc) of the cluster. */
export function guestRows(
  cluster: InventoryCluster,
  index: ClusterIndex,
  targets: DrTargets,
  now: number,
): DrGuestRow[] {
  const rows: DrGuestRow[] = []
  const seen = new Set<number>()
  for (const resource of objects(cluster.resources)) {
    const row = guestRow(cluster, resource, index, targets, now)
    // A vmid is unique within a cluster; a duplicate is a malformed answer, the first one is kept.
    if (row === undefined || seen.has(row.vmid)) continue
    seen.add(row.vmid)
    rows.push(row)
  }
  return rows
}
