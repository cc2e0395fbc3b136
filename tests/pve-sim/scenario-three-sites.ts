// Scenario "three-sites": an Ivorian operator's fleet. Production and test at Km4 and replicas at VITIB form
// the 3-node PVE 9 cluster ace-prod; the DR site Yamoussoukro is a standalone PVE 8 node holding the backups.

import { startGuest } from './live'
import type { ClusterState, GuestState, NodeState, StorageState } from './model'
import type { Prng } from './prng'
import { createPrng } from './prng'
import { buildThreeSitesAccess } from './scenario-access'

const GiB = 1024 ** 3
const DAY_MS = 86_400_000

/** Decides the usage pattern of a guest: traffic rates and how busy it starts. */
type Role = 'web' | 'app' | 'db' | 'infra' | 'backup' | 'idle'

interface GuestSeed {
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
}

interface NodeSeed {
  name: string
  site: string
  nodeid: number
  maxcpu: number
  maxmem: number
  rootfsUsed: number
  thinUsed: number
}

const RATES: Record<Role, [netin: number, netout: number, diskread: number, diskwrite: number]> = {
  web: [180_000, 420_000, 20_000, 35_000],
  app: [350_000, 300_000, 60_000, 90_000],
  db: [250_000, 500_000, 900_000, 1_400_000],
  infra: [4_000, 6_000, 2_000, 9_000],
  backup: [2_500_000, 40_000, 300_000, 2_200_000],
  idle: [500, 300, 100, 200],
}

// One row per node or guest reads like an inventory sheet, so the tables keep their long lines.
// prettier-ignore
const ACE_NODES: NodeSeed[] = [
  { name: 'km4-pve1', site: 'Km4', nodeid: 1, maxcpu: 64, maxmem: 540_869_165_056, rootfsUsed: 14.2 * GiB, thinUsed: 0.41 },
  { name: 'km4-pve2', site: 'Km4', nodeid: 2, maxcpu: 32, maxmem: 270_359_781_376, rootfsUsed: 11.7 * GiB, thinUsed: 0.23 },
  { name: 'vitib-pve1', site: 'VITIB', nodeid: 3, maxcpu: 32, maxmem: 202_716_405_760, rootfsUsed: 9.8 * GiB, thinUsed: 0.36 },
]

// prettier-ignore
const YAKRO_NODES: NodeSeed[] = [
  { name: 'yakro-pve1', site: 'Yamoussoukro', nodeid: 0, maxcpu: 16, maxmem: 134_904_995_840, rootfsUsed: 8.9 * GiB, thinUsed: 0.18 },
]

const prod = { pool: 'naorlo-prod', ha: true }
const test = { pool: 'naorlo-test' }
const infra = { pool: 'infra' }

// prettier-ignore
const ACE_GUESTS: GuestSeed[] = [
  // km4-pve1: production
  { vmid: 101, type: 'qemu', name: 'naorlo-web01', node: 'km4-pve1', cores: 4, memGiB: 8, diskGiB: 64, role: 'web', running: true, tags: 'naorlo;prod;web', ...prod },
  { vmid: 102, type: 'qemu', name: 'naorlo-web02', node: 'km4-pve1', cores: 4, memGiB: 8, diskGiB: 64, role: 'web', running: true, tags: 'naorlo;prod;web', ...prod },
  { vmid: 103, type: 'qemu', name: 'naorlo-app01', node: 'km4-pve1', cores: 8, memGiB: 16, diskGiB: 100, role: 'app', running: true, tags: 'naorlo;prod', ...prod },
  { vmid: 104, type: 'qemu', name: 'naorlo-app02', node: 'km4-pve1', cores: 8, memGiB: 16, diskGiB: 100, role: 'app', running: true, tags: 'naorlo;prod', ...prod },
  { vmid: 105, type: 'qemu', name: 'naorlo-db01', node: 'km4-pve1', cores: 16, memGiB: 64, diskGiB: 500, role: 'db', running: true, tags: 'db;naorlo;prod', lock: 'backup', ...prod },
  { vmid: 106, type: 'qemu', name: 'naorlo-db02', node: 'km4-pve1', cores: 16, memGiB: 64, diskGiB: 500, role: 'db', running: true, tags: 'db;naorlo;prod', pool: 'naorlo-prod' },
  { vmid: 107, type: 'qemu', name: 'naorlo-report01', node: 'km4-pve1', cores: 4, memGiB: 12, diskGiB: 80, role: 'app', running: true, tags: 'naorlo;prod', pool: 'naorlo-prod', paused: true },
  { vmid: 110, type: 'lxc', name: 'dns01', node: 'km4-pve1', cores: 1, memGiB: 0.5, diskGiB: 4, role: 'infra', running: true, tags: 'dns;infra', ...infra },
  { vmid: 111, type: 'lxc', name: 'ntp01', node: 'km4-pve1', cores: 1, memGiB: 0.5, diskGiB: 4, role: 'infra', running: true, tags: 'infra;ntp', ...infra },
  { vmid: 112, type: 'lxc', name: 'bastion', node: 'km4-pve1', cores: 2, memGiB: 2, diskGiB: 8, role: 'infra', running: true, tags: 'infra;ssh', ...infra },
  { vmid: 113, type: 'lxc', name: 'zabbix-proxy', node: 'km4-pve1', cores: 2, memGiB: 4, diskGiB: 16, role: 'infra', running: true, tags: 'infra;monitoring', ...infra },
  { vmid: 114, type: 'lxc', name: 'syslog01', node: 'km4-pve1', cores: 0, memGiB: 2, diskGiB: 32, role: 'infra', running: true, tags: 'infra;logs', ...infra },
  { vmid: 120, type: 'qemu', name: 'win-ad01', node: 'km4-pve1', cores: 4, memGiB: 8, diskGiB: 80, role: 'infra', running: true, tags: 'infra;windows', ...infra },
  { vmid: 900, type: 'qemu', name: 'tpl-debian12', node: 'km4-pve1', cores: 2, memGiB: 2, diskGiB: 20, role: 'idle', running: false, template: true },
  // km4-pve2: test copies
  { vmid: 201, type: 'qemu', name: 'naorlo-web01-test', node: 'km4-pve2', cores: 2, memGiB: 4, diskGiB: 64, role: 'web', running: true, tags: 'naorlo;test', ...test },
  { vmid: 202, type: 'qemu', name: 'naorlo-app01-test', node: 'km4-pve2', cores: 4, memGiB: 8, diskGiB: 100, role: 'app', running: true, tags: 'naorlo;test', ...test },
  { vmid: 203, type: 'qemu', name: 'naorlo-db01-test', node: 'km4-pve2', cores: 8, memGiB: 32, diskGiB: 500, role: 'db', running: true, tags: 'naorlo;test', ...test },
  { vmid: 204, type: 'qemu', name: 'naorlo-app02-test', node: 'km4-pve2', cores: 4, memGiB: 8, diskGiB: 100, role: 'app', running: false, tags: 'naorlo;test', ...test },
  { vmid: 205, type: 'lxc', name: 'ci-runner01', node: 'km4-pve2', cores: 4, memGiB: 8, diskGiB: 40, role: 'app', running: true, tags: 'ci' },
  { vmid: 210, type: 'qemu', name: 'sandbox-debian', node: 'km4-pve2', cores: 2, memGiB: 4, diskGiB: 32, role: 'idle', running: false },
  // vitib-pve1: replicas of production, and the second instances of the infrastructure services
  { vmid: 301, type: 'qemu', name: 'naorlo-web01-replica', node: 'vitib-pve1', cores: 4, memGiB: 8, diskGiB: 64, role: 'web', running: false, tags: 'naorlo;replica', pool: 'naorlo-prod' },
  { vmid: 302, type: 'qemu', name: 'naorlo-app01-replica', node: 'vitib-pve1', cores: 8, memGiB: 16, diskGiB: 100, role: 'app', running: false, tags: 'naorlo;replica', pool: 'naorlo-prod' },
  { vmid: 303, type: 'qemu', name: 'naorlo-db01-replica', node: 'vitib-pve1', cores: 16, memGiB: 64, diskGiB: 500, role: 'db', running: false, tags: 'naorlo;replica', pool: 'naorlo-prod' },
  { vmid: 310, type: 'lxc', name: 'dns02', node: 'vitib-pve1', cores: 1, memGiB: 0.5, diskGiB: 4, role: 'infra', running: true, tags: 'dns;infra', ...infra },
  { vmid: 311, type: 'lxc', name: 'ntp02', node: 'vitib-pve1', cores: 1, memGiB: 0.5, diskGiB: 4, role: 'infra', running: true, tags: 'infra;ntp', ...infra },
  { vmid: 312, type: 'lxc', name: 'zabbix-proxy02', node: 'vitib-pve1', cores: 2, memGiB: 4, diskGiB: 16, role: 'infra', running: true, tags: 'infra;monitoring', ...infra },
]

// prettier-ignore
const YAKRO_GUESTS: GuestSeed[] = [
  { vmid: 100, type: 'qemu', name: 'pbs-yakro', node: 'yakro-pve1', cores: 4, memGiB: 16, diskGiB: 32, role: 'backup', running: true, tags: 'backup;pbs', ...infra },
  { vmid: 101, type: 'lxc', name: 'dns03', node: 'yakro-pve1', cores: 1, memGiB: 0.5, diskGiB: 4, role: 'infra', running: true, tags: 'dns;infra', ...infra },
  { vmid: 102, type: 'lxc', name: 'bastion-yakro', node: 'yakro-pve1', cores: 1, memGiB: 1, diskGiB: 8, role: 'infra', running: true, tags: 'infra;ssh', ...infra },
  { vmid: 110, type: 'qemu', name: 'naorlo-db01-dr', node: 'yakro-pve1', cores: 8, memGiB: 32, diskGiB: 500, role: 'db', running: false, tags: 'dr;naorlo' },
  { vmid: 111, type: 'qemu', name: 'naorlo-app01-dr', node: 'yakro-pve1', cores: 4, memGiB: 8, diskGiB: 100, role: 'app', running: false, tags: 'dr;naorlo' },
]

function buildNode(seed: NodeSeed, prng: Prng, now: number): NodeState {
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
  }
}

function buildGuest(seed: GuestSeed, nodes: readonly NodeState[], prng: Prng, now: number): GuestState {
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
  }
  if (seed.pool !== undefined) guest.pool = seed.pool
  if (seed.lock !== undefined) guest.lock = seed.lock
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

function buildStorages(seeds: readonly NodeSeed[], withPbs: boolean, prng: Prng): StorageState[] {
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
    if (withPbs) {
      const datastore = 15_998_753_030_144
      storages.push({
        node: seed.name,
        storage: 'pbs-yakro',
        plugintype: 'pbs',
        content: 'backup',
        shared: true,
        disk: Math.round(datastore * prng.between(0.35, 0.45)),
        maxdisk: datastore,
      })
    }
  }
  return storages
}

function buildCluster(
  base: Omit<ClusterState, 'nodes' | 'guests' | 'storages' | 'access'>,
  nodeSeeds: readonly NodeSeed[],
  guestSeeds: readonly GuestSeed[],
  withPbs: boolean,
  prng: Prng,
  now: number,
): ClusterState {
  const nodes = nodeSeeds.map((seed) => buildNode(seed, prng, now))
  const guests = guestSeeds.map((seed) => buildGuest(seed, nodes, prng, now))
  const storages = buildStorages(nodeSeeds, withPbs, prng)
  // Secrets get their own stream, so that adding a user does not change the fleet's figures.
  const secrets = createPrng(prng.int(0, 2 ** 31))
  const access = buildThreeSitesAccess(secrets, {
    pools: base.pools,
    vmids: guests.map((g) => g.vmid),
    storages: [...new Set(storages.map((s) => s.storage))],
  })
  return { ...base, nodes, guests, storages, access }
}

export function buildThreeSites(prng: Prng, now: number): ClusterState[] {
  const acePools = ['infra', 'naorlo-prod', 'naorlo-test']
  const ace = buildCluster(
    {
      id: 'ace-prod',
      name: 'ace-prod',
      clustered: true,
      version: '9.1.4',
      release: '9.1',
      repoid: '5a0d9d2c1bd4e7f3',
      configVersion: 5,
      pools: acePools,
    },
    ACE_NODES,
    ACE_GUESTS,
    false,
    prng,
    now,
  )
  const yakro = buildCluster(
    // 2a2fa54b8503f96c is the repoid real PVE 8.4.1 reports.
    {
      id: 'yakro-pve1',
      name: 'yakro-pve1',
      clustered: false,
      version: '8.4.1',
      release: '8.4',
      repoid: '2a2fa54b8503f96c',
      configVersion: 0,
      pools: ['infra'],
    },
    YAKRO_NODES,
    YAKRO_GUESTS,
    true,
    prng,
    now,
  )
  return [ace, yakro]
}
