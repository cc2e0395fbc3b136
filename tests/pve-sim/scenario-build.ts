// Builders shared by the scenarios: nodes, guests (with usage rates by role), storages, and a cluster with its
// access configuration and history.

import { startGuest } from './live'
import type { ClusterState, GuestState, NodeState, StorageState } from './model'
import type { Prng } from './prng'
import { createPrng } from './prng'
import { buildThreeSitesAccess } from './scenario-access'
import { addHistory } from './scenario-history'

export const GiB = 1024 ** 3
const DAY_MS = 86_400_000

/** Decides the usage pattern of a guest: traffic rates and how busy it starts. */
export type Role = 'web' | 'app' | 'db' | 'infra' | 'backup' | 'idle'

export interface GuestSeed {
  vmid: number
  type: 'qemu' | 'lxc'
  name: string
  node: string
  /** vCPUs; 0 on a container means "no core limit", which PVE reports as the host's core count. */
  cores: number
  memGiB: number
  diskGiB: number
  role: Role
  running: boolean
  tags?: string
  pool?: string
  ha?: boolean
  lock?: string
  template?: boolean
  paused?: boolean
  /** The storage of its disk when not the LVM-thin pool (`local-zfs` for the replicated ones). */
  disk?: string
}

export interface NodeSeed {
  name: string
  site: string
  nodeid: number
  maxcpu: number
  maxmem: number
  rootfsUsed: number
  thinUsed: number
  /** A `local-zfs` pool (rpool/data) on the node, this full. */
  zfsUsed?: number
}

/**
 * Which PVE the node backs up to: its own (`own`, a figure drawn from the scenario's stream), another site's
 * (`remote`: the same datastore, its figures copied from that site's afterwards, nothing drawn), or none.
 */
export type PbsLink = 'own' | 'remote' | 'none'

const RATES: Record<Role, [netin: number, netout: number, diskread: number, diskwrite: number]> = {
  web: [180_000, 420_000, 20_000, 35_000],
  app: [350_000, 300_000, 60_000, 90_000],
  db: [250_000, 500_000, 900_000, 1_400_000],
  infra: [4_000, 6_000, 2_000, 9_000],
  backup: [2_500_000, 40_000, 300_000, 2_200_000],
  idle: [500, 300, 100, 200],
}

// One row per node or guest reads like an inventory sheet, so the tables keep their long lines.
export function buildNode(seed: NodeSeed, prng: Prng, now: number): NodeState {
  return {
    name: seed.name,
    site: seed.site,
    nodeid: seed.nodeid,
    online: true,
    bootedAt: now - prng.int(20, 140) * DAY_MS - prng.int(0, DAY_MS),
    maxcpu: seed.maxcpu,
    maxmem: seed.maxmem,
    baseCpu: prng.between(0.005, 0.03),
    baseMem: Math.round(prng.between(3.5, 6) * GiB),
    // What a fresh install has; the scenarios' inventory content (scenario-inventory.ts) sets the real ones.
    subscription: { status: 'notfound' },
    dns: { search: 'local', dns1: '10.10.0.53' },
    timezone: 'Africa/Abidjan',
  }
}

export function buildGuest(
  seed: GuestSeed,
  nodes: readonly NodeState[],
  prng: Prng,
  now: number,
): GuestState {
  const node = nodes.find((n) => n.name === seed.node)
  if (node === undefined) throw new Error(`scenario: guest ${seed.vmid} on unknown node ${seed.node}`)
  const [netin, netout, diskread, diskwrite] = RATES[seed.role]
  const scale = prng.between(0.6, 1.4)
  const guest: GuestState = {
    vmid: seed.vmid,
    type: seed.type,
    name: seed.name,
    node: seed.node,
    maxcpu: seed.cores === 0 ? node.maxcpu : seed.cores,
    maxmem: Math.round(seed.memGiB * GiB),
    maxdisk: seed.diskGiB * GiB,
    template: seed.template ?? false,
    tags: seed.tags === undefined ? [] : seed.tags.split(';'),
    ha: seed.ha ?? false,
    status: 'stopped',
    paused: false,
    startedAt: 0,
    cpu: 0,
    mem: 0,
    disk: 0,
    rates: {
      netin: netin * scale,
      netout: netout * scale,
      diskread: diskread * scale,
      diskwrite: diskwrite * scale,
    },
    snapshots: [],
  }
  if (seed.pool !== undefined) guest.pool = seed.pool
  if (seed.lock !== undefined) guest.lock = seed.lock
  if (seed.disk !== undefined) guest.diskStorage = seed.disk
  if (seed.running) {
    // Guests came up after their node booted, most of them with it.
    startGuest(guest, prng, Math.min(now, node.bootedAt + prng.int(60, (4 * DAY_MS) / 1000) * 1000))
    if (seed.paused === true) {
      guest.paused = true
      guest.cpu = 0
    }
  }
  return guest
}

/** The ZFS mirror of two 960 GB NVMe disks (views/node-disks.ts), less the root dataset. */
const ZFS_DATA = 854_575_431_680

export function buildStorages(seeds: readonly NodeSeed[], pbs: PbsLink, prng: Prng): StorageState[] {
  const storages: StorageState[] = []
  for (const seed of seeds) {
    const rootfs = 100_861_726_720
    const thinpool = 1_919_850_782_720
    storages.push(
      {
        node: seed.name,
        storage: 'local',
        plugintype: 'dir',
        content: 'iso,vztmpl,backup',
        shared: false,
        disk: Math.round(seed.rootfsUsed),
        maxdisk: rootfs,
      },
      {
        node: seed.name,
        storage: 'local-lvm',
        plugintype: 'lvmthin',
        content: 'images,rootdir',
        shared: false,
        disk: Math.round(thinpool * seed.thinUsed),
        maxdisk: thinpool,
      },
    )
    if (seed.zfsUsed !== undefined) {
      storages.push({
        node: seed.name,
        storage: 'local-zfs',
        plugintype: 'zfspool',
        content: 'images,rootdir',
        shared: false,
        disk: Math.round(ZFS_DATA * seed.zfsUsed),
        maxdisk: ZFS_DATA,
      })
    }
    if (pbs !== 'none') {
      const datastore = 15_998_753_030_144
      storages.push({
        node: seed.name,
        storage: 'pbs-yakro',
        plugintype: 'pbs',
        content: 'backup',
        shared: true,
        disk: pbs === 'own' ? Math.round(datastore * prng.between(0.35, 0.45)) : 0,
        maxdisk: datastore,
      })
    }
  }
  return storages
}

export function buildCluster(
  base: Omit<
    ClusterState,
    | 'nodes'
    | 'guests'
    | 'storages'
    | 'access'
    | 'tasks'
    | 'backups'
    | 'replication'
    | 'backupJobs'
    | 'firewall'
    | 'haGroups'
    | 'haRules'
    | 'quorumLost'
  >,
  nodeSeeds: readonly NodeSeed[],
  guestSeeds: readonly GuestSeed[],
  pbs: PbsLink,
  prng: Prng,
  now: number,
  /** Snapshots, backups, jobs and past tasks the cluster starts with. */
  history: (cluster: ClusterState, now: number) => void = addHistory,
): ClusterState {
  const nodes = nodeSeeds.map((seed) => buildNode(seed, prng, now))
  const guests = guestSeeds.map((seed) => buildGuest(seed, nodes, prng, now))
  const storages = buildStorages(nodeSeeds, pbs, prng)
  // Secrets get their own stream, so that adding a user does not change the fleet's figures.
  const secrets = createPrng(prng.int(0, 2 ** 31))
  const access = buildThreeSitesAccess(secrets, {
    pools: base.pools,
    vmids: guests.map((g) => g.vmid),
    storages: [...new Set(storages.map((s) => s.storage))],
  })
  const cluster: ClusterState = {
    ...base,
    nodes,
    guests,
    storages,
    access,
    tasks: [],
    backups: [],
    replication: [],
    backupJobs: [],
    firewall: { options: {}, aliases: [], ipsets: [] },
    haGroups: [],
    haRules: [],
    quorumLost: false,
  }
  history(cluster, now)
  return cluster
}
