import type { StorageSite } from '../model/dr'
import type { InventoryCluster, PveObject } from '../model/inventory-snapshot'
import { bool, num, objects, splitList, str, vmidOf } from './pve-fields'

/**
 * One pass over a cluster's lists, indexed by vmid, so that building the rows stays linear even when a hostile
 * or very large cluster sends tens of thousands of entries.
 */

/** Storage types PVE treats as shared whatever `shared` says (pve-storage, PVE::Storage::Plugin `shared_storage`). */
const SHARED_TYPES = new Set([
  'nfs',
  'cifs',
  'rbd',
  'cephfs',
  'glusterfs',
  'iscsi',
  'iscsidirect',
  'pbs',
  'zfs',
  'drbd',
])

export interface StorageInfo {
  shared: boolean
  pbs: boolean
}

export interface BackupEntry {
  volid: string
  storage: string
  node: string
  ctime: number
  size?: number
  protected: boolean
  verification?: 'ok' | 'failed' | 'none'
  site?: string
}

export interface ClusterIndex {
  siteOf(node: string): string
  storage(name: string): StorageInfo
  storageSite(storage: string, node: string): string | undefined
  replicationJobs: Map<number, PveObject[]>
  /** Job id → state entries, with the node that reported each. */
  replicationState: Map<string, { node: string; entry: PveObject }[]>
  haResources: Map<string, PveObject>
  haStatus: Map<string, PveObject>
  haRules: Map<string, string[]>
  backups: Map<number, BackupEntry[]>
  backupJobs: PveObject[]
  /** undefined when PVE's list was not read. */
  notBackedUp?: Set<number>
  /** The newest vzdump task per vmid: its own, or a job's run that failed for it (`backupFailures`). */
  vzdumpTasks: Map<number, PveObject>
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list === undefined) map.set(key, [value])
  else list.push(value)
}

export function indexCluster(cluster: InventoryCluster, storageSites: readonly StorageSite[]): ClusterIndex {
  const sites = cluster.sites
  const siteOf = (node: string): string => {
    const site = Object.prototype.hasOwnProperty.call(sites, node) ? sites[node] : undefined
    return typeof site === 'string' && site !== '' ? site : cluster.defaultSite
  }

  const storages = new Map<string, StorageInfo>()
  for (const def of objects(cluster.storage.definitions)) {
    const name = str(def.storage)
    if (name === undefined) continue
    const type = str(def.type) ?? ''
    storages.set(name, { shared: bool(def.shared) === true || SHARED_TYPES.has(type), pbs: type === 'pbs' })
  }
  for (const res of objects(cluster.resources)) {
    if (res.type !== 'storage') continue
    const name = str(res.storage)
    if (name === undefined || storages.has(name)) continue
    const type = str(res.plugintype) ?? ''
    storages.set(name, { shared: bool(res.shared) === true || SHARED_TYPES.has(type), pbs: type === 'pbs' })
  }
  const storage = (name: string): StorageInfo => storages.get(name) ?? { shared: false, pbs: false }
  const storageSite = (name: string, node: string): string | undefined => {
    const listed =
      storageSites.find((s) => s.storage === name && s.clusterId === cluster.id) ??
      storageSites.find((s) => s.storage === name && s.clusterId === undefined)
    if (listed !== undefined) return listed.site
    return storage(name).shared ? undefined : siteOf(node)
  }

  const replicationJobs = new Map<number, PveObject[]>()
  for (const job of objects(cluster.replication.jobs)) {
    const vmid = vmidOf(job.guest) ?? vmidOf(str(job.id)?.split('-')[0])
    if (vmid !== undefined && str(job.id) !== undefined) push(replicationJobs, vmid, job)
  }
  const replicationState = new Map<string, { node: string; entry: PveObject }[]>()
  for (const perNode of cluster.replication.state) {
    const node = perNode.node
    for (const entry of objects(perNode.entries)) {
      const id = str(entry.id)
      if (id !== undefined) push(replicationState, id, { node, entry })
    }
  }

  const haResources = new Map<string, PveObject>()
  for (const res of objects(cluster.ha.resources)) {
    const sid = str(res.sid)
    if (sid !== undefined) haResources.set(sid, res)
  }
  const haStatus = new Map<string, PveObject>()
  for (const entry of objects(cluster.ha.status)) {
    const sid = str(entry.sid)
    if (entry.type === 'service' && sid !== undefined) haStatus.set(sid, entry)
  }
  const haRules = new Map<string, string[]>()
  for (const rule of objects(cluster.ha.rules)) {
    const name = str(rule.rule)
    if (name === undefined) continue
    for (const sid of splitList(rule.resources).slice(0, 10_000)) push(haRules, sid, name)
  }

  const backups = new Map<number, BackupEntry[]>()
  for (const archive of cluster.backups.archives) {
    const storageName = archive.storage
    const node = archive.node
    const info = storage(storageName)
    for (const entry of objects(archive.entries)) {
      const content = str(entry.content)
      if (content !== undefined && content !== 'backup') continue
      const volid = str(entry.volid)
      const vmid = vmidOf(entry.vmid)
      const ctime = num(entry.ctime)
      if (volid === undefined || vmid === undefined || ctime === undefined) continue
      const verify = entry.verification
      const state =
        verify !== null && typeof verify === 'object' && !Array.isArray(verify)
          ? str(verify.state)
          : undefined
      const verification =
        state === 'ok' || state === 'failed' ? state : info.pbs ? ('none' as const) : undefined
      push(backups, vmid, {
        volid,
        storage: storageName,
        node,
        ctime,
        size: num(entry.size),
        protected: bool(entry.protected) === true,
        verification,
        site: storageSite(storageName, node),
      })
    }
  }

  const notBackedUpList = cluster.backups.notBackedUp
  const notBackedUp = Array.isArray(notBackedUpList)
    ? new Set(objects(notBackedUpList).flatMap((e) => vmidOf(e.vmid) ?? []))
    : undefined

  const vzdumpTasks = new Map<number, PveObject>()
  for (const task of objects(cluster.tasks)) {
    if (task.type !== 'vzdump') continue
    const vmid = vmidOf(task.id)
    if (vmid === undefined) continue
    const previous = vzdumpTasks.get(vmid)
    if (previous === undefined || (num(task.starttime) ?? 0) > (num(previous.starttime) ?? 0)) {
      vzdumpTasks.set(vmid, task)
    }
  }
  // A job's run that failed for this guest counts as its vzdump task, with the guest's own error from the log.
  for (const f of cluster.backupFailures ?? []) {
    const previous = vzdumpTasks.get(f.vmid)
    if (previous !== undefined && (num(previous.starttime) ?? 0) >= f.starttime) continue
    vzdumpTasks.set(f.vmid, {
      type: 'vzdump',
      id: String(f.vmid),
      upid: f.upid,
      node: f.node,
      starttime: f.starttime,
      endtime: f.endtime,
      status: f.error,
    })
  }

  return {
    siteOf,
    storage,
    storageSite,
    replicationJobs,
    replicationState,
    haResources,
    haStatus,
    haRules,
    backups,
    backupJobs: objects(cluster.backups.jobs),
    notBackedUp,
    vzdumpTasks,
  }
}
