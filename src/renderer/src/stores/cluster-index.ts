import type { FleetDelta, FleetGuest, FleetItem, FleetNode, FleetStorage } from '../../../shared/model/fleet'
import { guestSearchKey } from '../../../shared/search/match'

/**
 * One cluster's items arranged as the tree shows them: per node, its guests sorted by VMID (each with its
 * lower-case search text) and its storage sorted by name. A delta rebuilds only the groups of the nodes it
 * touches; every other group keeps its identity, so what is derived from it (tree rows) is reused as is.
 */
export interface NodeGroup {
  readonly name: string
  /** Undefined while PVE lists guests on a node it does not list (a node leaving the cluster). */
  readonly node: FleetNode | undefined
  readonly guests: readonly FleetGuest[]
  /** The search text of `guests[i]` ({@link searchKey}): name, VMID, node, type, pool and tags, lower-case. */
  readonly searchKeys: readonly string[]
  readonly storage: readonly FleetStorage[]
  readonly running: number
}

export interface ClusterIndex {
  readonly groups: ReadonlyMap<string, NodeGroup>
  /** Guests by VMID, unique within a PVE cluster. */
  readonly guests: ReadonlyMap<number, FleetGuest>
}

export const EMPTY_INDEX: ClusterIndex = { groups: new Map(), guests: new Map() }

/** What a bare word of the search looks in (the shared search's own key, kept per guest here). */
export const searchKey = guestSearchKey

const sameSearchFields = (a: FleetGuest, b: FleetGuest): boolean =>
  a.name === b.name &&
  a.node === b.node &&
  a.type === b.type &&
  a.pool === b.pool &&
  a.tags.length === b.tags.length &&
  a.tags.every((tag, i) => tag === b.tags[i])

const byName = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true })

/** Builds the index of a whole cluster (at load, or when a cluster starts again). */
export function indexCluster(items: Iterable<FleetItem>): ClusterIndex {
  const nodes = new Map<string, FleetNode>()
  const guests = new Map<string, FleetGuest[]>()
  const storage = new Map<string, FleetStorage[]>()
  const byVmid = new Map<number, FleetGuest>()
  const push = <T>(map: Map<string, T[]>, name: string, item: T): void => {
    const list = map.get(name)
    if (list === undefined) map.set(name, [item])
    else list.push(item)
  }
  for (const item of items) {
    if (item.kind === 'node') nodes.set(item.node, item)
    else if (item.kind === 'guest') {
      push(guests, item.node, item)
      byVmid.set(item.vmid, item)
    } else if (item.kind === 'storage') push(storage, item.node, item)
  }
  const groups = new Map<string, NodeGroup>()
  for (const name of new Set([...nodes.keys(), ...guests.keys(), ...storage.keys()])) {
    const list = (guests.get(name) ?? []).sort((a, b) => a.vmid - b.vmid)
    groups.set(
      name,
      group(
        name,
        nodes.get(name),
        list,
        (storage.get(name) ?? []).sort((a, b) => byName(a.storage, b.storage)),
      ),
    )
  }
  return { groups, guests: byVmid }
}

function group(
  name: string,
  node: FleetNode | undefined,
  guests: readonly FleetGuest[],
  storage: readonly FleetStorage[],
  searchKeys: readonly string[] = guests.map(searchKey),
): NodeGroup {
  let running = 0
  for (const g of guests) if (g.status === 'running') running++
  return { name, node, guests, searchKeys, storage, running }
}

/** What a delta changes on one node. `node: null` = the node item was removed. */
interface NodeChange {
  node?: FleetNode | null
  removedGuests: Set<number>
  guests: FleetGuest[]
  removedStorage: Set<string>
  storage: FleetStorage[]
}

/** Index of the first element whose `of(element)` is not below `target` (the arrays are sorted). */
function lowerBound<T, K>(
  list: readonly T[],
  target: K,
  of: (t: T) => K,
  cmp: (a: K, b: K) => number,
): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const item = list[mid] as T
    if (cmp(of(item), target) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

const numeric = (a: number, b: number): number => a - b

/**
 * The index after `delta`, given the items as they were before it. Only the groups of nodes the delta touches are
 * rebuilt, by binary search and splice in their sorted lists, never by sorting the cluster again.
 */
export function updateIndex(
  index: ClusterIndex,
  before: ReadonlyMap<string, FleetItem>,
  delta: Pick<FleetDelta, 'upserts' | 'removed'>,
): ClusterIndex {
  const changes = new Map<string, NodeChange>()
  const change = (name: string): NodeChange => {
    let c = changes.get(name)
    if (c === undefined) {
      c = { removedGuests: new Set(), guests: [], removedStorage: new Set(), storage: [] }
      changes.set(name, c)
    }
    return c
  }
  const forget = (old: FleetItem | undefined): void => {
    if (old?.kind === 'guest') change(old.node).removedGuests.add(old.vmid)
    else if (old?.kind === 'storage') change(old.node).removedStorage.add(old.storage)
    else if (old?.kind === 'node') change(old.node).node = null
  }
  const guests = new Map(index.guests)
  for (const key of delta.removed) {
    const old = before.get(key)
    forget(old)
    if (old?.kind === 'guest' && guests.get(old.vmid)?.key === key) guests.delete(old.vmid)
  }
  for (const item of delta.upserts) {
    const old = before.get(item.key)
    if (item.kind === 'guest') {
      if (old?.kind === 'guest' && old.node !== item.node) forget(old)
      change(item.node).guests.push(item)
      guests.set(item.vmid, item)
    } else if (item.kind === 'storage') {
      if (old?.kind === 'storage' && old.node !== item.node) forget(old)
      change(item.node).storage.push(item)
    } else if (item.kind === 'node') change(item.node).node = item
  }
  if (changes.size === 0) return index
  const groups = new Map(index.groups)
  for (const [name, c] of changes) {
    const next = applyChange(groups.get(name), name, c)
    if (next === undefined) groups.delete(name)
    else groups.set(name, next)
  }
  return { groups, guests }
}

function applyChange(current: NodeGroup | undefined, name: string, c: NodeChange): NodeGroup | undefined {
  const guests = [...(current?.guests ?? [])]
  const keys = [...(current?.searchKeys ?? [])]
  const vmidOf = (g: FleetGuest): number => g.vmid
  for (const vmid of c.removedGuests) {
    const at = lowerBound(guests, vmid, vmidOf, numeric)
    if (guests[at]?.vmid === vmid) {
      guests.splice(at, 1)
      keys.splice(at, 1)
    }
  }
  for (const g of c.guests) {
    const at = lowerBound(guests, g.vmid, vmidOf, numeric)
    const old = guests[at]
    if (old?.vmid === g.vmid) {
      guests[at] = g
      // Most upserts change figures (uptime, CPU), not what a search looks at.
      if (!sameSearchFields(old, g)) keys[at] = searchKey(g)
    } else {
      guests.splice(at, 0, g)
      keys.splice(at, 0, searchKey(g))
    }
  }
  let storage: readonly FleetStorage[] = current?.storage ?? []
  if (c.removedStorage.size > 0 || c.storage.length > 0) {
    const map = new Map(storage.map((s) => [s.storage, s]))
    for (const s of c.removedStorage) map.delete(s)
    for (const s of c.storage) map.set(s.storage, s)
    storage = [...map.values()].sort((a, b) => byName(a.storage, b.storage))
  }
  const node = c.node === undefined ? current?.node : (c.node ?? undefined)
  if (node === undefined && guests.length === 0 && storage.length === 0) return undefined
  return group(name, node, guests, storage, keys)
}
