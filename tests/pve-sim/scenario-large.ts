// Scenario "large": a national operator at NOC scale, to measure a client against 10,000 guests. Five clusters
// (three on PVE 9, two on PVE 8) over five sites, 40 nodes, and N guests (default 10,000) spread over the nodes
// in proportion: a mix of VMs and containers, running and stopped, in pools, tagged, some HA-managed, a few
// templates. Only what scales is kept per guest, so that memory stays small.

import type { ClusterState } from './model'
import type { Prng } from './prng'
import type { GuestSeed, NodeSeed, Role } from './scenario-build'
import { buildCluster, GiB } from './scenario-build'
import { plantLarge } from './scenario-inventory'
import { addLargeStorage } from './scenario-large-storage'
import { pastTask } from './tasks/engine'

export const DEFAULT_LARGE_GUESTS = 10_000

interface ClusterPlan {
  id: string
  site: string
  prefix: string
  nodes: number
  version: '9.1.4' | '8.4.1'
}

const PLANS: readonly ClusterPlan[] = [
  { id: 'abj-prod', site: 'Abidjan-Plateau', prefix: 'abj', nodes: 12, version: '9.1.4' },
  { id: 'abj-dev', site: 'Abidjan-Km4', prefix: 'dev', nodes: 8, version: '9.1.4' },
  { id: 'bke-prod', site: 'Bouake', prefix: 'bke', nodes: 8, version: '8.4.1' },
  { id: 'spd-edge', site: 'San-Pedro', prefix: 'spd', nodes: 6, version: '8.4.1' },
  { id: 'yam-dr', site: 'Yamoussoukro', prefix: 'yam', nodes: 6, version: '9.1.4' },
]

const ROLES: readonly Role[] = ['web', 'app', 'db', 'infra', 'idle']
const TAGS = ['prod', 'web', 'api', 'db', 'cache', 'batch', 'monitoring', 'dmz', 'legacy', 'pci']
const POOLS = ['prod', 'staging', 'infra'] as const

function nodeSeeds(plan: ClusterPlan, prng: Prng): NodeSeed[] {
  return Array.from({ length: plan.nodes }, (_, i) => {
    const big = i % 3 === 0
    return {
      name: `${plan.prefix}-pve${String(i + 1).padStart(2, '0')}`,
      site: plan.site,
      nodeid: i + 1,
      maxcpu: big ? 128 : 64,
      maxmem: (big ? 1024 : 512) * GiB,
      rootfsUsed: prng.between(8, 20) * GiB,
      thinUsed: prng.between(0.2, 0.7),
    }
  })
}

function guestSeeds(plan: ClusterPlan, nodes: readonly NodeSeed[], count: number, prng: Prng): GuestSeed[] {
  const seeds: GuestSeed[] = []
  for (let i = 0; i < count; i++) {
    const vmid = 100 + i
    const role = prng.pick(ROLES)
    const qemu = prng.chance(0.7)
    const template = i < 3
    const pool = prng.chance(0.6) ? prng.pick(POOLS) : undefined
    const seed: GuestSeed = {
      vmid,
      type: template || qemu ? 'qemu' : 'lxc',
      name: template
        ? `tpl-${['debian12', 'ubuntu24', 'rocky9'][i] ?? 'os'}`
        : `${plan.prefix}-${role}-${String(vmid).padStart(5, '0')}`,
      node: nodes[i % nodes.length]?.name ?? '',
      cores: prng.pick([1, 2, 2, 4, 4, 8, 16]),
      memGiB: prng.pick([0.5, 1, 2, 4, 8, 16, 32]),
      diskGiB: prng.pick([8, 16, 32, 64, 100, 250]),
      role,
      running: !template && prng.chance(0.75),
      tags: prng.chance(0.8) ? [...new Set([prng.pick(TAGS), prng.pick(TAGS)])].sort().join(';') : undefined,
      template,
    }
    if (pool !== undefined && !template) seed.pool = pool
    if (pool === 'prod' && qemu && prng.chance(0.15)) seed.ha = true
    seeds.push(seed)
  }
  return seeds
}

/** The nodes' package updates (backups and replication come from scenario-large-storage.ts). */
function largeHistory(cluster: ClusterState, now: number): void {
  for (const node of cluster.nodes) {
    pastTask(
      cluster,
      { node: node.name, type: 'aptupdate', id: '', user: 'root@pam', durationMs: 4000 },
      now - 6 * 3600_000,
    )
  }
}

export function buildLarge(prng: Prng, now: number, guests = DEFAULT_LARGE_GUESTS): ClusterState[] {
  const totalNodes = PLANS.reduce((sum, p) => sum + p.nodes, 0)
  let assigned = 0
  return PLANS.map((plan, index) => {
    const last = index === PLANS.length - 1
    const count = last ? guests - assigned : Math.round((guests * plan.nodes) / totalNodes)
    assigned += count
    const nodes = nodeSeeds(plan, prng)
    const v9 = plan.version.startsWith('9')
    const cluster = buildCluster(
      {
        id: plan.id,
        name: plan.id,
        clustered: true,
        version: plan.version,
        release: v9 ? '9.1' : '8.4',
        repoid: v9 ? '5a0d9d2c1bd4e7f3' : '2a2fa54b8503f96c',
        configVersion: plan.nodes + 3,
        pools: [...POOLS],
      },
      nodes,
      guestSeeds(plan, nodes, count, prng),
      'none',
      prng,
      now,
      largeHistory,
    )
    addLargeStorage(cluster, plan.prefix, now)
    plantLarge(cluster, index, now)
    return cluster
  })
}
