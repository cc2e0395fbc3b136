import type { InventoryCluster, InventoryGuest, PveObject } from '../../../shared/model/inventory-snapshot'
import { num } from './cells'

/**
 * What several sheets need to know of a cluster's guests, indexed once: `/cluster/resources` entries by vmid,
 * newest backup, coverage, HA state. A 10,000-guest fleet is read in one pass per list.
 */
export interface ClusterFacts {
  cluster: InventoryCluster
  siteOf(node: string): string
  resource(vmid: number): PveObject | undefined
  guest(vmid: number): InventoryGuest | undefined
  /** Epoch seconds of the guest's newest backup archive. */
  newestBackup(vmid: number): number | undefined
  /** In PVE's `not-backed-up` answer; undefined when that answer was not captured. */
  notBackedUp(vmid: number): boolean | undefined
  /** The HA resource of the guest (`vm:100`/`ct:100`) with its current status, if HA manages it. */
  ha(vmid: number): { resource: PveObject; status?: PveObject } | undefined
}

const vmidOf = (o: PveObject): number | null => num(o.vmid)

export function clusterFacts(cluster: InventoryCluster): ClusterFacts {
  const resources = new Map<number, PveObject>()
  for (const r of cluster.resources ?? []) {
    if (r.type !== 'qemu' && r.type !== 'lxc') continue
    const vmid = vmidOf(r)
    if (vmid !== null && !resources.has(vmid)) resources.set(vmid, r)
  }
  const guests = new Map<number, InventoryGuest>()
  for (const g of cluster.guests) if (!guests.has(g.vmid)) guests.set(g.vmid, g)
  const newest = new Map<number, number>()
  for (const archive of cluster.backups.archives) {
    for (const e of archive.entries) {
      const vmid = vmidOf(e)
      const ctime = num(e.ctime)
      if (vmid === null || ctime === null) continue
      if ((newest.get(vmid) ?? -Infinity) < ctime) newest.set(vmid, ctime)
    }
  }
  const uncovered =
    cluster.backups.notBackedUp === undefined
      ? undefined
      : new Set(cluster.backups.notBackedUp.map(vmidOf).filter((v): v is number => v !== null))
  const statusBySid = new Map<string, PveObject>()
  for (const s of cluster.ha.status ?? []) if (typeof s.sid === 'string') statusBySid.set(s.sid, s)
  const ha = new Map<number, { resource: PveObject; status?: PveObject }>()
  for (const r of cluster.ha.resources ?? []) {
    if (typeof r.sid !== 'string') continue
    const vmid = Number(r.sid.split(':')[1])
    if (Number.isInteger(vmid)) ha.set(vmid, { resource: r, status: statusBySid.get(r.sid) })
  }
  return {
    cluster,
    siteOf: (node) => cluster.sites[node] ?? cluster.defaultSite,
    resource: (vmid) => resources.get(vmid),
    guest: (vmid) => guests.get(vmid),
    newestBackup: (vmid) => newest.get(vmid),
    notBackedUp: (vmid) => (uncovered === undefined ? undefined : uncovered.has(vmid)),
    ha: (vmid) => ha.get(vmid),
  }
}

/** Every guest of a cluster once: its captured guest, or only its `/cluster/resources` entry. */
export function guestsOf(
  facts: ClusterFacts,
): { type: 'qemu' | 'lxc'; vmid: number; node: string; name: string }[] {
  const seen = new Set<number>()
  const list: { type: 'qemu' | 'lxc'; vmid: number; node: string; name: string }[] = []
  for (const g of facts.cluster.guests) {
    if (seen.has(g.vmid)) continue
    seen.add(g.vmid)
    list.push({ type: g.type, vmid: g.vmid, node: g.node, name: g.name })
  }
  for (const r of facts.cluster.resources ?? []) {
    if (r.type !== 'qemu' && r.type !== 'lxc') continue
    const vmid = vmidOf(r)
    if (vmid === null || seen.has(vmid)) continue
    seen.add(vmid)
    list.push({
      type: r.type,
      vmid,
      node: typeof r.node === 'string' ? r.node : '',
      name: typeof r.name === 'string' ? r.name : '',
    })
  }
  return list.sort((a, b) => a.vmid - b.vmid)
}
