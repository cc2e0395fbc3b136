import type { FleetDelta, FleetItem } from './fleet'

/** Shallow equality of two plain records, arrays compared element by element (tags, content). */
export function sameItem(a: FleetItem, b: FleetItem): boolean {
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  return ka.every((k) => {
    const va = ra[k]
    const vb = rb[k]
    if (Array.isArray(va) && Array.isArray(vb))
      return va.length === vb.length && va.every((v, i) => v === vb[i])
    return va === vb
  })
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
  for (const [key, item] of next) {
    const before = prev.get(key)
    if (before === undefined || !sameItem(before, item)) upserts.push(item)
  }
  for (const key of prev.keys()) if (!next.has(key)) removed.push(key)
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
