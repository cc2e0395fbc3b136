// Realistic inventory snapshots for tests and benches: what a capture of a PVE fleet gives, shaped as PVE answers
// (`/cluster/resources` entries, guest configs with their property strings, `/access/users?full=1` with token
// ids…, as the fixtures in /work/shared/pve-api/fixtures and tests/pve-sim serve them), seeded so that one seed
// always gives the same inventory snapshot. `mutate` applies the changes a diff test expects to find.

import type {
  InventoryCluster,
  InventoryIssue,
  InventoryNode,
  InventorySnapshot,
  PveObject,
} from '../../src/shared/model/inventory-snapshot'
import { INVENTORY_FORMAT, INVENTORY_SCHEMA_VERSION } from '../../src/shared/model/inventory-snapshot'
import type { Prng } from '../pve-sim/prng'
import { createPrng } from '../pve-sim/prng'
import type { ClusterPlan, GuestPlan, NodePlan } from './inventory-fixture-parts'
import {
  backups,
  DAY,
  GiB,
  ha,
  HOSTILE_NAMES,
  hex,
  makeGuest,
  makeNode,
  POOLS,
  replication,
  ROLES,
  storageDefinitions,
  TAGS,
} from './inventory-fixture-parts'

import { access, consoleSessions, firewall } from './inventory-fixture-access'

export { HOSTILE_NAMES } from './inventory-fixture-parts'
export type { Mutation } from './inventory-fixture-mutate'
export { mutate } from './inventory-fixture-mutate'

export interface InventoryFixtureOptions {
  /** Guests over the whole fleet, spread over the clusters (default 40). */
  guests?: number
  /** Clusters (default 2). */
  clusters?: number
  /** Nodes per cluster (default: one per 250 guests, at least 3). */
  nodesPerCluster?: number
  seed?: number
  /** When the inventory snapshot was taken (default 2026-12-01T12:00:00.000Z). */
  takenAt?: string
  /**
   * Adds what a hostile server or user could send: a guest named `<img src=x onerror=alert(1)>`, one named
   * `=HYPERLINK("http://evil")`, a note `@SUM(1+1)`, a name in CJK that no standard PDF font encodes.
   */
  hostile?: boolean
  /** The last cluster is unreachable, its data last-known from an earlier capture. */
  unreachable?: boolean
}

const PLANS: readonly ClusterPlan[] = [
  {
    id: 'par-prod',
    name: 'Paris production',
    prefix: 'par',
    sites: ['Paris-Défense', 'Paris-Île-Seguin'],
    version: '9.1.4',
  },
  { id: 'lyo-prod', name: 'Lyon', prefix: 'lyo', sites: ['Lyon-Gerland'], version: '8.4.1' },
  { id: 'mtl-dr', name: 'Montréal DR', prefix: 'mtl', sites: ['Montréal'], version: '9.1.4' },
  { id: 'abj-edge', name: 'Abidjan edge', prefix: 'abj', sites: ['Abidjan-Plateau'], version: '8.4.1' },
  { id: 'dkr-lab', name: 'Dakar lab', prefix: 'dkr', sites: ['Dakar'], version: '9.1.4' },
]

/** A valid (zod) inventory snapshot of a fleet shaped like a real capture. */
export function makeInventory(options: InventoryFixtureOptions = {}): InventorySnapshot {
  const guests = options.guests ?? 40
  const clusterCount = Math.min(options.clusters ?? 2, PLANS.length)
  const prng = createPrng(options.seed ?? 1)
  const takenAt = options.takenAt ?? '2026-12-01T12:00:00.000Z'
  const now = Math.floor(Date.parse(takenAt) / 1000)
  const clusters: InventoryCluster[] = []
  const issues: InventoryIssue[] = []
  for (let c = 0; c < clusterCount; c++) {
    const plan = PLANS[c] as ClusterPlan
    const share = Math.floor(guests / clusterCount) + (c < guests % clusterCount ? 1 : 0)
    const nodeCount = options.nodesPerCluster ?? Math.max(3, Math.ceil(share / 250))
    const unreachable = options.unreachable === true && c === clusterCount - 1 && c > 0
    const cluster = makeCluster(plan, nodeCount, share, prng, now, c === 0 && options.hostile === true)
    if (unreachable) {
      cluster.reach = 'unreachable'
      cluster.lastKnown = { at: new Date((now - 7 * DAY) * 1000).toISOString(), source: 'inventory-snapshot' }
      issues.push({
        clusterId: plan.id,
        path: '/cluster/status',
        code: 'unreachable',
        message: 'connect ETIMEDOUT 10.9.0.11:8006',
      })
    } else if (c === 0) {
      // One node's subscription is not readable by the capture's user, as happens with a PVEAuditor token.
      const node = cluster.nodes[cluster.nodes.length - 1] as InventoryNode
      delete node.subscription
      cluster.reach = 'partial'
      issues.push({
        clusterId: plan.id,
        node: node.node,
        path: `/nodes/${node.node}/subscription`,
        code: 'forbidden',
        message: `Permission check failed (/nodes/${node.node}, Sys.Audit)`,
      })
    }
    clusters.push(cluster)
  }
  return {
    format: INVENTORY_FORMAT,
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    meta: {
      takenAt,
      takenBy: { user: 'noc', host: 'noc-desk-01' },
      app: { name: 'PVE Desk', version: '0.1.0' },
      trigger: 'manual',
      durationMs: 4210,
    },
    clusters,
    consoleSessions: consoleSessions(clusters, now),
    issues,
  }
}

function makeCluster(
  plan: ClusterPlan,
  nodeCount: number,
  guestCount: number,
  prng: Prng,
  now: number,
  hostile: boolean,
): InventoryCluster {
  const nodes: NodePlan[] = Array.from({ length: nodeCount }, (_, i) => ({
    name: `${plan.prefix}-pve${String(i + 1).padStart(2, '0')}`,
    site: plan.sites[i % plan.sites.length] as string,
    ip: `10.${PLANS.indexOf(plan) + 1}.0.${11 + i}`,
    online: true,
  }))
  const defaultSite = plan.sites[0] as string
  const sites: Record<string, string> = {}
  for (const n of nodes) if (n.site !== defaultSite) sites[n.name] = n.site

  const guestPlans: GuestPlan[] = []
  for (let i = 0; i < guestCount; i++) {
    const vmid = 100 + i
    const role = prng.pick(ROLES)
    const template = i === 2
    // The hostile names go on VMs, so that tests know the sheet they land in.
    const type = template || (hostile && i < 4) || prng.chance(0.7) ? 'qemu' : 'lxc'
    const node = nodes[i % nodes.length] as NodePlan
    let name = `${plan.prefix}-${role}${String(i + 1).padStart(3, '0')}`
    if (hostile && i === 0) name = HOSTILE_NAMES.html
    if (hostile && i === 1) name = HOSTILE_NAMES.formula
    if (hostile && i === 3) name = HOSTILE_NAMES.cjk
    const tags = TAGS.filter(() => prng.chance(0.18))
    guestPlans.push({
      type,
      vmid,
      node: node.name,
      name,
      running: !template && prng.chance(0.8),
      template,
      pool: prng.chance(0.6) ? prng.pick(POOLS) : undefined,
      tags,
      ha: !template && prng.chance(0.15),
      replicated:
        plan.version === '8.4.1' && !template && prng.chance(0.1)
          ? (nodes[(i + 1) % nodes.length] as NodePlan).name
          : undefined,
      backedUp: template || prng.chance(0.9),
      cores: prng.pick([1, 2, 4, 8]),
      memoryMiB: prng.pick([1024, 2048, 4096, 8192, 16384]),
      diskGiB: prng.pick([8, 16, 32, 64, 100]),
      vlan: prng.pick([10, 20, 30, 110]),
    })
  }

  const resources: PveObject[] = []
  for (const n of nodes) {
    resources.push({
      id: `node/${n.name}`,
      type: 'node',
      node: n.name,
      status: 'online',
      level: 'c',
      cpu: round(prng.between(0.05, 0.6), 4),
      maxcpu: 64,
      mem: Math.round(prng.between(60, 400) * GiB),
      maxmem: 512 * GiB,
      disk: Math.round(prng.between(8, 20) * GiB),
      maxdisk: 100 * GiB,
      uptime: prng.int(DAY, 90 * DAY),
      'cgroup-mode': 2,
    })
  }
  for (const g of guestPlans) resources.push(guestResource(g, prng))
  for (const n of nodes) {
    resources.push(storageResource(n.name, 'local', 'dir', 'iso,vztmpl,backup', 0, 100, prng))
    resources.push(storageResource(n.name, 'local-lvm', 'lvmthin', 'images,rootdir', 0, 1800, prng))
    resources.push(storageResource(n.name, 'ceph-vm', 'rbd', 'images,rootdir', 1, 40_000, prng))
    resources.push(storageResource(n.name, 'pbs-main', 'pbs', 'backup', 1, 80_000, prng))
  }
  for (const pool of POOLS) resources.push({ id: `/pool/${pool}`, type: 'pool', pool })

  return {
    id: plan.id,
    name: plan.name,
    clusterName: plan.prefix,
    sites,
    defaultSite,
    reach: 'captured',
    version: { release: plan.version.slice(0, 3), repoid: hex(prng, 16), version: plan.version },
    status: [
      { type: 'cluster', id: 'cluster', name: plan.prefix, nodes: nodes.length, quorate: 1, version: 12 },
      ...nodes.map((n, i) => ({
        type: 'node',
        id: `node/${n.name}`,
        name: n.name,
        nodeid: i + 1,
        ip: n.ip,
        online: 1,
        local: i === 0 ? 1 : 0,
        level: 'c',
      })),
    ],
    resources,
    nodes: nodes.map((n) => makeNode(n, plan, prng, now)),
    guests: guestPlans.map((g) => makeGuest(g, prng, now, hostile)),
    storage: { definitions: storageDefinitions(prng) },
    backups: backups(plan, nodes, guestPlans, prng, now, hostile),
    replication: replication(nodes, guestPlans, now),
    ha: ha(plan, nodes, guestPlans),
    firewall: firewall(),
    access: access(plan),
    pools: POOLS.map((poolid) => ({
      poolid,
      comment: poolid === 'prod' ? 'Production: change window Sunday 02:00' : `${poolid} guests`,
      members: guestPlans
        .filter((g) => g.pool === poolid)
        .map((g) => ({
          id: `${g.type}/${g.vmid}`,
          type: g.type,
          vmid: g.vmid,
          node: g.node,
          name: g.name,
          status: g.running ? 'running' : 'stopped',
        })),
    })),
  }
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits))

function guestResource(g: GuestPlan, prng: Prng): PveObject {
  const r: PveObject = {
    id: `${g.type}/${g.vmid}`,
    type: g.type,
    vmid: g.vmid,
    name: g.name,
    node: g.node,
    status: g.running ? 'running' : 'stopped',
    template: g.template ? 1 : 0,
    cpu: g.running ? round(prng.between(0, 0.5), 4) : 0,
    maxcpu: g.cores,
    mem: g.running ? Math.round(g.memoryMiB * 1024 * 1024 * prng.between(0.2, 0.9)) : 0,
    maxmem: g.memoryMiB * 1024 * 1024,
    disk: g.type === 'lxc' && g.running ? Math.round(g.diskGiB * GiB * 0.4) : 0,
    maxdisk: g.diskGiB * GiB,
    netin: g.running ? prng.int(1e6, 1e10) : 0,
    netout: g.running ? prng.int(1e6, 1e10) : 0,
    diskread: g.running ? prng.int(1e6, 1e10) : 0,
    diskwrite: g.running ? prng.int(1e6, 1e10) : 0,
    uptime: g.running ? prng.int(3600, 60 * DAY) : 0,
  }
  if (g.tags.length > 0) r.tags = g.tags.join(';')
  if (g.pool !== undefined) r.pool = g.pool
  if (g.ha) r.hastate = 'started'
  return r
}

function storageResource(
  node: string,
  storage: string,
  plugintype: string,
  content: string,
  shared: number,
  sizeGiB: number,
  prng: Prng,
): PveObject {
  return {
    id: `storage/${node}/${storage}`,
    type: 'storage',
    storage,
    node,
    status: 'available',
    plugintype,
    content,
    shared,
    disk: Math.round(sizeGiB * GiB * prng.between(0.1, 0.8)),
    maxdisk: sizeGiB * GiB,
  }
}
