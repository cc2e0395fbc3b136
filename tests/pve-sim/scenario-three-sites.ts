// Scenario "three-sites": an Ivorian operator's fleet, the seed's plan. Production and test at Km4 and the
// secondary site VITIB form the 3-node PVE 9 cluster ace-prod: production's disks are on ZFS (`local-zfs`) and
// replicated to VITIB; the DR site Yamoussoukro is a standalone PVE 8 node whose PBS (`pbs-yakro`) holds its own
// backups and, as a storage of ace-prod too, production's nightly ones.

import type { ClusterState } from './model'
import type { Prng } from './prng'
import type { GuestSeed, NodeSeed } from './scenario-build'
import { buildCluster, GiB } from './scenario-build'
import { plantThreeSites } from './scenario-inventory'
import { plantPanels } from './scenario-panels'

// prettier-ignore
const ACE_NODES: NodeSeed[] = [
  { name: 'km4-pve1', site: 'Km4', nodeid: 1, maxcpu: 64, maxmem: 540_869_165_056, rootfsUsed: 14.2 * GiB, thinUsed: 0.29, zfsUsed: 0.62 },
  { name: 'km4-pve2', site: 'Km4', nodeid: 2, maxcpu: 32, maxmem: 270_359_781_376, rootfsUsed: 11.7 * GiB, thinUsed: 0.23, zfsUsed: 0.01 },
  { name: 'vitib-pve1', site: 'VITIB', nodeid: 3, maxcpu: 32, maxmem: 202_716_405_760, rootfsUsed: 9.8 * GiB, thinUsed: 0.36, zfsUsed: 0.6 },
]

// prettier-ignore
const YAKRO_NODES: NodeSeed[] = [
  { name: 'yakro-pve1', site: 'Yamoussoukro', nodeid: 0, maxcpu: 16, maxmem: 134_904_995_840, rootfsUsed: 8.9 * GiB, thinUsed: 0.18 },
]

// Production's disks are on ZFS, which replication needs (views/replication-volumes.ts).
const prod = { pool: 'naorlo-prod', ha: true, disk: 'local-zfs' }
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
  // The second database was made on the LVM-thin pool: its replication job can never run (scenario-history.ts).
  { vmid: 106, type: 'qemu', name: 'naorlo-db02', node: 'km4-pve1', cores: 16, memGiB: 64, diskGiB: 500, role: 'db', running: true, tags: 'db;naorlo;prod', pool: 'naorlo-prod' },
  { vmid: 107, type: 'qemu', name: 'naorlo-report01', node: 'km4-pve1', cores: 4, memGiB: 12, diskGiB: 80, role: 'app', running: true, tags: 'naorlo;prod', pool: 'naorlo-prod', paused: true, disk: 'local-zfs' },
  { vmid: 110, type: 'lxc', name: 'dns01', node: 'km4-pve1', cores: 1, memGiB: 0.5, diskGiB: 4, role: 'infra', running: true, tags: 'dns;infra', ...infra },
  { vmid: 111, type: 'lxc', name: 'ntp01', node: 'km4-pve1', cores: 1, memGiB: 0.5, diskGiB: 4, role: 'infra', running: true, tags: 'infra;ntp', ...infra },
  { vmid: 112, type: 'lxc', name: 'bastion', node: 'km4-pve1', cores: 2, memGiB: 2, diskGiB: 8, role: 'infra', running: true, tags: 'infra;ssh', ...infra },
  { vmid: 113, type: 'lxc', name: 'zabbix-proxy', node: 'km4-pve1', cores: 2, memGiB: 4, diskGiB: 16, role: 'infra', running: true, tags: 'infra;monitoring', ...infra },
  { vmid: 114, type: 'lxc', name: 'syslog01', node: 'km4-pve1', cores: 0, memGiB: 2, diskGiB: 32, role: 'infra', running: true, tags: 'infra;logs', ...infra },
  // The domain controller belongs to the Windows team: in no pool, so that the NOC's pool roles do not reach it.
  { vmid: 120, type: 'qemu', name: 'win-ad01', node: 'km4-pve1', cores: 4, memGiB: 8, diskGiB: 80, role: 'infra', running: true, tags: 'infra;windows' },
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
    'remote',
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
    'own',
    prng,
    now,
  )
  // ace-prod's pbs-yakro is Yamoussoukro's datastore (10.30.0.20): the same figures from either cluster, its
  // own namespace so that each cluster lists only its backups (PBSPlugin.pm `namespace`).
  const datastore = yakro.storages.find((s) => s.storage === 'pbs-yakro')
  for (const storage of ace.storages.filter((s) => s.storage === 'pbs-yakro')) {
    storage.disk = datastore?.disk ?? storage.disk
    storage.namespace = 'ace-prod'
  }
  plantThreeSites(ace, yakro, now)
  plantPanels(ace, yakro, now)
  return [ace, yakro]
}
