// The large scenario's storage and data protection: local ZFS on every node (the replicated guests' disks),
// Ceph RBD for VM images on two clusters (shared), an NFS backup share and a PBS datastore per cluster (both
// shared), backup jobs with the archives of their last runs (vzdump on NFS; PBS snapshots with verification,
// protection and notes), guests no job covers, replication jobs between nodes (some failing), and node loads
// spread between light and busy instead of all at 100 %.

import type { BackupVolume, ClusterState, GuestState, StorageState } from './model'
import { createPrng } from './prng'
import { GiB } from './scenario-build'
import { fileBackup, pbsBackup } from './scenario-history'
import { pastTask } from './tasks/engine'

const DAY_MS = 86_400_000
const TiB = 1024 * GiB
const QEMU_OVERHEAD = 48 * 1024 * 1024

/** The last `hh:mm` UTC before now, n days back. */
function nightly(now: number, n: number, hour: number, minute = 0): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS + (hour * 60 + minute) * 60_000
  return (today <= now ? today : today - DAY_MS) - n * DAY_MS
}

/** Clusters with a Ceph pool for VM images (`ceph-vm`, RBD). */
const CEPH = new Set(['abj-prod', 'yam-dr'])

export const pbsStorageOf = (prefix: string): string => `pbs-${prefix}`

function addStorages(cluster: ClusterState, prefix: string): void {
  const shared = (
    storage: string,
    plugintype: StorageState['plugintype'],
    content: string,
    size: number,
    used: number,
  ): StorageState[] =>
    cluster.nodes.map((n) => ({
      node: n.name,
      storage,
      plugintype,
      content,
      shared: true,
      disk: Math.round(size * used),
      maxdisk: size,
    }))
  const seed = createPrng(cluster.nodes.length * 7919 + prefix.length)
  for (const node of cluster.nodes) {
    const zfs = 3.5 * TiB
    cluster.storages.push({
      node: node.name,
      storage: 'local-zfs',
      plugintype: 'zfspool',
      content: 'images,rootdir',
      shared: false,
      disk: Math.round(zfs * seed.between(0.1, 0.45)),
      maxdisk: Math.round(zfs),
    })
  }
  if (CEPH.has(cluster.id)) cluster.storages.push(...shared('ceph-vm', 'rbd', 'images', 180 * TiB, 0.52))
  cluster.storages.push(...shared('backup-nfs', 'nfs', 'backup', 60 * TiB, 0.58))
  cluster.storages.push(...shared(pbsStorageOf(prefix), 'pbs', 'backup', 120 * TiB, 0.41))
}

/** Where each guest's disk lives: ZFS for the replicated ones, Ceph for half the VMs where there is Ceph. */
function placeDisks(cluster: ClusterState, replicated: ReadonlySet<number>): void {
  for (const guest of cluster.guests) {
    if (replicated.has(guest.vmid)) guest.diskStorage = 'local-zfs'
    else if (CEPH.has(cluster.id) && guest.type === 'qemu' && guest.vmid % 2 === 0)
      guest.diskStorage = 'ceph-vm'
  }
}

function addReplication(cluster: ClusterState): Set<number> {
  const names = cluster.nodes.map((n) => n.name)
  const candidates = cluster.guests.filter((g) => !g.template && g.vmid % 60 === 11)
  for (const guest of candidates) {
    const here = names.indexOf(guest.node)
    const target = names[(here + 1) % names.length] ?? guest.node
    const job = {
      guest: guest.vmid,
      jobnum: 0,
      target,
      schedule: guest.vmid % 120 === 11 ? '*/30' : '*/15',
      forcedAt: 0,
    }
    cluster.replication.push(
      guest.vmid % 7 === 0
        ? {
            ...job,
            failure: `command 'zfs recv -F -- rpool/data/vm-${guest.vmid}-disk-0' failed: exit code 1`,
          }
        : job,
    )
  }
  return new Set(candidates.map((g) => g.vmid))
}

const inPool = (cluster: ClusterState, pool: string): GuestState[] =>
  cluster.guests.filter((g) => g.pool === pool && !g.template).sort((a, b) => a.vmid - b.vmid)

function verificationUpid(volume: BackupVolume, prefix: string, i: number): string {
  const at = (volume.ctime + 5400).toString(16).toUpperCase()
  return `UPID:${prefix}-pbs01:0000${(0x4000 + (i % 0xbfff)).toString(16).toUpperCase()}:00A1B2C3:${at}:verificationjob:${prefix}\\x3av-${prefix}01:root@pam:`
}

function addBackups(cluster: ClusterState, prefix: string, now: number): void {
  const pbs = pbsStorageOf(prefix)
  cluster.backupJobs = [
    {
      id: `backup-${cluster.id}-prod`,
      schedule: '02:30',
      storage: 'backup-nfs',
      enabled: true,
      mode: 'snapshot',
      compress: 'zstd',
      pool: 'prod',
      notesTemplate: '{{guestname}}',
      comment: 'production, nightly to the NFS share',
      prune: { 'keep-daily': 7 },
    },
    {
      id: `backup-${cluster.id}-infra`,
      schedule: '01:00',
      storage: pbs,
      enabled: true,
      mode: 'snapshot',
      compress: 'zstd',
      pool: 'infra',
      notesTemplate: '{{guestname}}',
      prune: { 'keep-daily': 14, 'keep-weekly': 8 },
    },
    {
      id: `backup-${cluster.id}-staging`,
      schedule: 'sun 03:00',
      storage: pbs,
      enabled: cluster.id !== 'spd-edge',
      mode: 'snapshot',
      compress: 'zstd',
      pool: 'staging',
      comment: cluster.id === 'spd-edge' ? 'paused: datastore full' : 'staging, weekly',
      prune: { 'keep-last': 4 },
    },
  ]
  for (const n of cluster.nodes) {
    pastTask(
      cluster,
      { node: n.name, type: 'vzdump', id: '', user: 'root@pam', durationMs: 40 * 60_000 },
      nightly(now, 1, 2, 30),
    )
  }
  // The archives (thousands of them) are made the first time something looks, to keep start-up fast.
  let archives: BackupVolume[] | undefined
  Object.defineProperty(cluster, 'backups', {
    configurable: true,
    enumerable: true,
    get: () => (archives ??= makeArchives(cluster, prefix, now)),
    set: (value: BackupVolume[]) => {
      archives = value
    },
  })
}

function makeArchives(cluster: ClusterState, prefix: string, now: number): BackupVolume[] {
  const pbs = pbsStorageOf(prefix)
  const backups: BackupVolume[] = []
  const node = (g: GuestState): string => g.node
  for (let night = 2; night >= 1; night--) {
    const start = nightly(now, night, 2, 30)
    inPool(cluster, 'prod').forEach((g, i) => {
      const volume = fileBackup(g, 'backup-nfs', node(g), start + (i % 240) * 45_000)
      if (g.vmid % 53 === 0 && night === 2) volume.protected = true
      backups.push(volume)
    })
  }
  let count = 0
  for (let night = 3; night >= 1; night--) {
    const start = nightly(now, night, 1)
    inPool(cluster, 'infra').forEach((g, i) => {
      const volume = pbsBackup(g, pbs, node(g), start + (i % 240) * 30_000)
      // Last night's snapshots wait for the verify job; the older ones were verified, a few failed.
      if (night > 1) {
        volume.verification = {
          state: g.vmid % 37 === 0 && night === 2 ? 'failed' : 'ok',
          upid: verificationUpid(volume, prefix, count++),
        }
      }
      if (g.vmid % 41 === 0 && night === 3) volume.protected = true
      if (g.vmid % 29 === 0) volume.notes = `${g.name} (before ${night === 3 ? 'kernel update' : 'patch'})`
      backups.push(volume)
    })
  }
  if (cluster.backupJobs[2]?.enabled === true) {
    const sunday = new Date(now)
    sunday.setUTCDate(sunday.getUTCDate() - sunday.getUTCDay() - (sunday.getUTCDay() === 0 ? 7 : 0))
    sunday.setUTCHours(3, 0, 0, 0)
    inPool(cluster, 'staging').forEach((g, i) => {
      const volume = pbsBackup(g, pbs, node(g), sunday.getTime() + (i % 240) * 30_000)
      volume.verification = { state: 'ok', upid: verificationUpid(volume, prefix, count++) }
      backups.push(volume)
    })
  }
  return backups
}

/**
 * Each node gets a load between light and busy (CPU 10–70 %, memory 35–85 %), its running guests' usage scaled
 * to reach it, so that no node sits at 100 % (nodeUsage clamps there) whatever the number of guests.
 */
function spreadLoads(cluster: ClusterState): void {
  const prng = createPrng(cluster.id.length * 104_729 + cluster.nodes.length)
  const byNode = new Map<string, GuestState[]>()
  for (const guest of cluster.guests) {
    if (guest.status !== 'running' || guest.paused) continue
    const list = byNode.get(guest.node)
    if (list === undefined) byNode.set(guest.node, [guest])
    else list.push(guest)
  }
  for (const node of cluster.nodes) {
    const running = byNode.get(node.name) ?? []
    const cores = running.reduce((sum, g) => sum + g.maxcpu, 0)
    const memory = running.reduce((sum, g) => sum + g.maxmem, 0)
    if (running.length === 0) continue
    const cpuShare = Math.max(0, prng.between(0.1, 0.7) * node.maxcpu - node.baseCpu * node.maxcpu) / cores
    const memTarget = prng.between(0.35, 0.85) * node.maxmem - node.baseMem - running.length * QEMU_OVERHEAD
    const memShare = Math.max(0, memTarget) / (1.02 * memory)
    for (const guest of running) {
      guest.cpu = Math.min(0.95, Math.max(0.001, cpuShare * prng.between(0.3, 1.7)))
      guest.mem = Math.round(guest.maxmem * Math.min(0.97, Math.max(0.05, memShare * prng.between(0.7, 1.3))))
      guest.usageMean = { cpu: guest.cpu, mem: guest.mem }
    }
  }
}

export function addLargeStorage(cluster: ClusterState, prefix: string, now: number): void {
  addStorages(cluster, prefix)
  const replicated = addReplication(cluster)
  placeDisks(cluster, replicated)
  addBackups(cluster, prefix, now)
  spreadLoads(cluster)
}
