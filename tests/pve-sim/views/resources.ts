// GET /cluster/resources, shaped like pve-manager's Cluster.pm + API2Tools.pm: numbers forced to numbers,
// booleans as 0/1, optional keys left out rather than null, pools as `/pool/<id>`, and stale-free entries
// for nodes that left the quorum (node 'offline', its guests 'unknown' with no usage figures).

import { guestCounter, guestMemHost, guestUptime, nodeUsage, perlFloat } from '../live'
import type { ClusterState, GuestState, NodeState, StorageState } from '../model'
import { featuresOf, isNodeOnline, secondsSince } from '../model'
import { haCrmState } from '../tasks/ha-agent'

export const RESOURCE_TYPES = ['vm', 'storage', 'node', 'sdn'] as const
export type ResourceType = (typeof RESOURCE_TYPES)[number]

export type Entry = Record<string, string | number>

/** What the caller may see (Cluster.pm `resources` filters every entry by the caller's privileges). */
export interface ResourceVisibility {
  /** VM.Audit on /vms/<vmid>. */
  guest(vmid: number): boolean
  /** Sys.Audit on /nodes/<node>: without it the node is listed without figures. */
  nodeStats(node: string): boolean
  /** Datastore.Audit on /storage/<storage>. */
  storage(storage: string): boolean
  /** Pool.Audit on /pool/<pool>. */
  pool(pool: string): boolean
  /** SDN.Audit on the zone. */
  sdn(zone: string): boolean
}

export const SEE_ALL: ResourceVisibility = {
  guest: () => true,
  nodeStats: () => true,
  storage: () => true,
  pool: () => true,
  sdn: () => true,
}

/** Keys PVE only sends when they have a value. */
function optionalGuestKeys(guest: GuestState): Entry {
  const entry: Entry = {}
  if (guest.pool !== undefined) entry.pool = guest.pool
  if (guest.lock !== undefined) entry.lock = guest.lock
  if (guest.tags.length > 0) entry.tags = guest.tags.join(';')
  // Cluster.pm `resources`: the CRM's service state (`migrate`, `request_stop` while the HA agent works).
  if (guest.ha) entry.hastate = haCrmState(guest)
  return entry
}

export function guestEntry(cluster: ClusterState, guest: GuestState, now: number): Entry {
  const base: Entry = {
    id: `${guest.type}/${guest.vmid}`,
    type: guest.type,
    vmid: guest.vmid,
    node: guest.node,
  }
  if (!isNodeOnline(cluster, guest.node)) {
    // Without fresh status from its node PVE cannot tell whether the guest runs.
    return {
      ...base,
      status: 'unknown',
      name: guest.name,
      template: guest.template ? 1 : 0,
      ...optionalGuestKeys(guest),
    }
  }
  const entry: Entry = {
    ...base,
    status: guest.status,
    name: guest.name,
    uptime: guestUptime(guest, now),
    template: guest.template ? 1 : 0,
    maxcpu: guest.maxcpu,
    cpu: perlFloat(guest.cpu),
    maxmem: guest.maxmem,
    mem: guest.mem,
    maxdisk: guest.maxdisk,
    disk: guest.disk,
    netin: guestCounter(guest, guest.rates.netin, now),
    netout: guestCounter(guest, guest.rates.netout, now),
    diskread: guestCounter(guest, guest.rates.diskread, now),
    diskwrite: guestCounter(guest, guest.rates.diskwrite, now),
  }
  if (featuresOf(cluster).memhost && guest.type === 'qemu' && guest.status === 'running') {
    entry.memhost = guestMemHost(guest)
  }
  return { ...entry, ...optionalGuestKeys(guest) }
}

/** The node's root filesystem is what `local` sits on, so both report the same usage. */
function rootfsOf(cluster: ClusterState, node: string): StorageState | undefined {
  return cluster.storages.find((s) => s.node === node && s.storage === 'local')
}

export function nodeEntry(cluster: ClusterState, node: NodeState, now: number, stats = true): Entry {
  const rootfs = rootfsOf(cluster, node.name)
  const features = featuresOf(cluster)
  const entry: Entry = { id: `node/${node.name}`, type: 'node', node: node.name }
  if (!stats) return { ...entry, status: node.online ? 'online' : 'offline' }
  const fixed: Entry = {
    maxcpu: node.maxcpu,
    maxmem: node.maxmem,
    maxdisk: rootfs?.maxdisk ?? 0,
    'cgroup-mode': 2,
  }
  if (features.hostArch) fixed['host-arch'] = 'x86_64'
  if (!node.online) return { ...entry, status: 'offline', level: '', ...fixed }
  const usage = nodeUsage(cluster, node)
  return {
    ...entry,
    status: 'online',
    level: '',
    uptime: secondsSince(node.bootedAt, now),
    cpu: perlFloat(usage.cpu),
    mem: usage.mem,
    disk: rootfs?.disk ?? 0,
    ...fixed,
  }
}

export function storageEntry(cluster: ClusterState, storage: StorageState): Entry {
  const entry: Entry = {
    id: `storage/${storage.node}/${storage.storage}`,
    type: 'storage',
    storage: storage.storage,
    node: storage.node,
    plugintype: storage.plugintype,
    shared: storage.shared ? 1 : 0,
    content: storage.content,
  }
  if (!isNodeOnline(cluster, storage.node)) return { ...entry, status: 'unknown' }
  return { ...entry, status: 'available', disk: storage.disk, maxdisk: storage.maxdisk }
}

/** Every node has the synthetic `localnetwork` zone; 9.x reports it as a `network` entry, 8.x as `sdn`. */
function networkEntry(cluster: ClusterState, node: NodeState): Entry {
  if (featuresOf(cluster).networkEntries) {
    return {
      id: `network/${node.name}/zone/localnetwork`,
      type: 'network',
      network: 'localnetwork',
      'network-type': 'zone',
      node: node.name,
      status: 'ok',
    }
  }
  return {
    id: `sdn/${node.name}/localnetwork`,
    type: 'sdn',
    sdn: 'localnetwork',
    node: node.name,
    status: 'ok',
  }
}

/** Pools sum up their running members (Cluster.pm): latest uptime, memory, and a CPU average weighted by cores. */
function poolEntry(pool: string, members: readonly Entry[]): Entry {
  const entry: Entry = { id: `/pool/${pool}`, type: 'pool', pool }
  let uptime = 0
  let mem = 0
  let maxmem = 0
  let cpuCores = 0
  let maxcpu = 0
  for (const member of members) {
    if (member.pool !== pool || typeof member.uptime !== 'number' || member.uptime === 0) continue
    uptime = Math.max(uptime, member.uptime)
    mem += Number(member.mem)
    maxmem += Number(member.maxmem)
    cpuCores += Number(member.cpu) * Number(member.maxcpu)
    maxcpu += Number(member.maxcpu)
  }
  if (uptime === 0) return entry
  return { ...entry, uptime, mem, maxmem, cpu: perlFloat(cpuCores / maxcpu), maxcpu }
}

export function clusterResources(
  cluster: ClusterState,
  type: ResourceType | undefined,
  now: number,
  visible: ResourceVisibility = SEE_ALL,
): Entry[] {
  const all = type === undefined
  const guests = [...cluster.guests]
    .filter((g) => visible.guest(g.vmid))
    .sort((a, b) => a.vmid - b.vmid)
    .map((g) => guestEntry(cluster, g, now))
  const result: Entry[] = []
  // Pools cannot be asked for by type; they only come with the unfiltered list.
  if (all) result.push(...cluster.pools.filter((p) => visible.pool(p)).map((pool) => poolEntry(pool, guests)))
  if (all || type === 'vm') result.push(...guests)
  if (all || type === 'node') {
    result.push(...cluster.nodes.map((n) => nodeEntry(cluster, n, now, visible.nodeStats(n.name))))
  }
  if (all || type === 'storage') {
    result.push(
      ...cluster.storages.filter((s) => visible.storage(s.storage)).map((s) => storageEntry(cluster, s)),
    )
  }
  if ((all || type === 'sdn') && visible.sdn('localnetwork')) {
    result.push(...cluster.nodes.map((n) => networkEntry(cluster, n)))
  }
  return result
}
