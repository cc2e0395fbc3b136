import type { FleetDelta, FleetGuest, FleetItem, FleetNode, FleetPool, FleetStorage } from './fleet'

// Field by field and by name, one comparison per kind: a poll compares every item of a cluster (10,000 guests
// every few seconds), and a generic walk over `Object.keys` cost more than the normalization itself (see
// `npm run bench`). Absent and present differ since a present optional field is never `undefined`. delta.test.ts
// changes each field of each kind's schema in turn, so a field added to the model and not compared here fails.

/** Two lists of strings, element by element (tags, content). */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const sameGuest = (a: FleetGuest, b: FleetGuest): boolean =>
  // The figures that change from poll to poll first.
  a.status === b.status &&
  a.cpu === b.cpu &&
  a.mem === b.mem &&
  a.uptime === b.uptime &&
  a.netin === b.netin &&
  a.netout === b.netout &&
  a.disk === b.disk &&
  a.qmpstatus === b.qmpstatus &&
  a.lock === b.lock &&
  a.node === b.node &&
  a.name === b.name &&
  a.hastate === b.hastate &&
  a.pool === b.pool &&
  a.template === b.template &&
  a.maxcpu === b.maxcpu &&
  a.maxmem === b.maxmem &&
  a.maxdisk === b.maxdisk &&
  a.type === b.type &&
  a.vmid === b.vmid &&
  a.key === b.key &&
  a.clusterId === b.clusterId &&
  sameStrings(a.tags, b.tags)

const sameNode = (a: FleetNode, b: FleetNode): boolean =>
  a.status === b.status &&
  a.cpu === b.cpu &&
  a.mem === b.mem &&
  a.uptime === b.uptime &&
  a.disk === b.disk &&
  a.maxcpu === b.maxcpu &&
  a.maxmem === b.maxmem &&
  a.maxdisk === b.maxdisk &&
  a.level === b.level &&
  a.site === b.site &&
  a.node === b.node &&
  a.key === b.key &&
  a.clusterId === b.clusterId

const sameStorage = (a: FleetStorage, b: FleetStorage): boolean =>
  a.status === b.status &&
  a.disk === b.disk &&
  a.maxdisk === b.maxdisk &&
  a.shared === b.shared &&
  a.plugintype === b.plugintype &&
  a.storage === b.storage &&
  a.node === b.node &&
  a.key === b.key &&
  a.clusterId === b.clusterId &&
  sameStrings(a.content, b.content)

const samePool = (a: FleetPool, b: FleetPool): boolean =>
  a.pool === b.pool && a.key === b.key && a.clusterId === b.clusterId

/** Whether two items are equal field by field, arrays element by element (tags, content). */
export function sameItem(a: FleetItem, b: FleetItem): boolean {
  if (a === b) return true
  switch (a.kind) {
    case 'guest':
      return b.kind === 'guest' && sameGuest(a, b)
    case 'node':
      return b.kind === 'node' && sameNode(a, b)
    case 'storage':
      return b.kind === 'storage' && sameStorage(a, b)
    case 'pool':
      return b.kind === 'pool' && samePool(a, b)
  }
}

/**
 * What changed between two inventories of one cluster: items added or changed, and keys gone. Only these
 * cross IPC, so a poll that changed three guests out of 10,000 sends three items.
 */
export function diffInventory(
  prev: ReadonlyMap<string, FleetItem>,
  next: ReadonlyMap<string, FleetItem>,
): { upserts: FleetItem[]; removed: string[] } {
  const upserts: FleetItem[] = []
  const removed: string[] = []
  let kept = 0
  for (const [key, item] of next) {
    const before = prev.get(key)
    if (before === undefined) upserts.push(item)
    else {
      kept++
      if (!sameItem(before, item)) upserts.push(item)
    }
  }
  // When every previous key is still there, the second walk would find nothing gone.
  if (kept !== prev.size) for (const key of prev.keys()) if (!next.has(key)) removed.push(key)
  return { upserts, removed }
}

/** Applies a delta to a key → item map in place (the renderer's store and tests use it). */
export function applyDelta(
  items: Map<string, FleetItem>,
  delta: Pick<FleetDelta, 'upserts' | 'removed'>,
): void {
  for (const key of delta.removed) items.delete(key)
  for (const item of delta.upserts) items.set(item.key, item)
}
