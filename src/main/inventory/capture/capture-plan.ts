import type {
  InventoryCluster,
  InventoryGuest,
  InventoryNode,
  PveObject,
} from '../../../shared/model/inventory-snapshot'
import type { ClusterIdentity } from './capture-types'
import { byText, flag, integer, text } from './pve-values'

/**
 * What the cluster-wide answers say to ask next: which nodes there are (and which are online), which guests,
 * and which backup storage each node lists. Pure: the capture asks, this decides.
 */

const NODE_STATES = new Set<string>(['online', 'offline', 'unknown'])

/**
 * Node → state, from `/cluster/resources`; without it (a user who may not list it) from `/cluster/status`
 * (`online` 0/1), by name.
 */
export function nodeStates(
  resources: readonly PveObject[] | undefined,
  status: readonly PveObject[] | undefined,
): Map<string, InventoryNode['status']> {
  const states: [string, InventoryNode['status']][] = []
  if (resources !== undefined) {
    for (const r of resources) {
      const name = text(r.node)
      if (r.type !== 'node' || name === undefined) continue
      const state = text(r.status) ?? ''
      states.push([name, NODE_STATES.has(state) ? (state as InventoryNode['status']) : 'unknown'])
    }
  } else if (status !== undefined) {
    for (const s of status) {
      const name = text(s.name)
      if (s.type === 'node' && name !== undefined) states.push([name, flag(s.online) ? 'online' : 'offline'])
    }
  }
  return new Map(states.sort((a, b) => byText(a[0], b[0])))
}

/** The guests of `/cluster/resources` by vmid (identity and name only: the rest is asked per guest). */
export function guestsOf(resources: readonly PveObject[] | undefined): {
  guests: InventoryGuest[]
  running: Set<string>
} {
  const guests: InventoryGuest[] = []
  const running = new Set<string>()
  for (const r of resources ?? []) {
    const vmid = integer(r.vmid)
    const node = text(r.node)
    if ((r.type !== 'qemu' && r.type !== 'lxc') || vmid === undefined || node === undefined) continue
    guests.push({ type: r.type, vmid, node, name: text(r.name) ?? '' })
    if (r.status === 'running') running.add(guestKey(r.type, vmid))
  }
  guests.sort((a, b) => a.vmid - b.vmid || byText(a.type, b.type))
  return { guests, running }
}

export const guestKey = (type: string, vmid: number): string => `${type}/${vmid}`

/**
 * Node → the backup storages whose content it lists: each storage with `backup` content that is active on an
 * online node; a shared one (NFS, PBS, CephFS…) only once, from the first such node by name, since every node
 * sees the same archives there. `content` and `shared` come from `/cluster/resources`, else from `/storage`.
 */
export function backupStorages(
  resources: readonly PveObject[] | undefined,
  definitions: readonly PveObject[] | undefined,
  online: ReadonlySet<string>,
): Map<string, string[]> {
  const defined = new Map<string, PveObject>()
  for (const d of definitions ?? []) {
    const id = text(d.storage)
    if (id !== undefined) defined.set(id, d)
  }
  const entries: { r: PveObject; storage: string; node: string }[] = []
  for (const r of resources ?? []) {
    const storage = text(r.storage)
    const node = text(r.node)
    if (r.type !== 'storage' || r.status !== 'available' || storage === undefined || node === undefined)
      continue
    if (online.has(node)) entries.push({ r, storage, node })
  }
  entries.sort((a, b) => byText(a.node, b.node) || byText(a.storage, b.storage))
  const perNode = new Map<string, string[]>()
  const sharedTaken = new Set<string>()
  for (const { r, storage, node } of entries) {
    const definition = defined.get(storage)
    const content = text(r.content) ?? text(definition?.content) ?? ''
    if (!content.split(',').includes('backup')) continue
    if (flag(r.shared ?? definition?.shared)) {
      if (sharedTaken.has(storage)) continue
      sharedTaken.add(storage)
    }
    perNode.set(node, [...(perNode.get(node) ?? []), storage])
  }
  return perNode
}

/** A cluster as listed when nothing of it is known (yet): the capture's start, and the DR reader's. */
export const emptyCluster = (
  cluster: ClusterIdentity,
  reach: InventoryCluster['reach'],
): InventoryCluster => ({
  id: cluster.id,
  name: cluster.name,
  sites: { ...cluster.sites },
  defaultSite: cluster.defaultSite,
  reach,
  nodes: [],
  guests: [],
  storage: {},
  backups: { archives: [] },
  replication: { state: [] },
  ha: {},
  firewall: {},
  access: {},
})
