import type { InventoryChange, JsonValue, PveObject } from '../../../shared/model/inventory-snapshot'

/**
 * The building blocks of the diff: equality of PVE values, keyed lists, field-by-field comparison, and the sink
 * that keeps changes in their stable order. Everything here indexes by id (Maps) and walks each list once, so
 * that two 10,000-guest inventory snapshots compare in linear time.
 */

/** Deep equality of JSON values. A redacted value is its marker: two equal markers are equal. */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a === null || b === null) return false
  if (typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  for (const k of ka) if (!(k in b) || !sameJson(a[k], b[k])) return false
  return true
}

/** `digest` changes with any edit of a PVE config file and says nothing more. */
export const DIGEST: ReadonlySet<string> = new Set(['digest'])

/** Code-unit order: stable across machines and locales, and fast. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export type Category = InventoryChange['category']
export const CATEGORY_ORDER: readonly Category[] = [
  'cluster',
  'node',
  'guest',
  'storage',
  'pool',
  'backup',
  'replication',
  'ha',
  'firewall',
  'access',
  'dr',
]

/** Where changes go as they are found; `changes()` gives them category by category, each in finding order. */
export class ChangeSink {
  private readonly buckets = new Map<Category, InventoryChange[]>(CATEGORY_ORDER.map((c) => [c, []]))

  push(change: InventoryChange): void {
    // Optional fields are left out rather than set to undefined, so that a change is plain JSON.
    const clean: InventoryChange = {
      category: change.category,
      kind: change.kind,
      clusterId: change.clusterId,
      subject: change.subject,
    }
    if (change.key !== undefined) clean.key = change.key
    if (change.site !== undefined) clean.site = change.site
    if (change.field !== undefined) clean.field = change.field
    if (change.before !== undefined) clean.before = change.before
    if (change.after !== undefined) clean.after = change.after
    this.buckets.get(change.category)?.push(clean)
  }

  changes(): InventoryChange[] {
    return CATEGORY_ORDER.flatMap((c) => this.buckets.get(c) ?? [])
  }
}

/** What one compared item shares among its changes. */
export type ItemRef = Pick<InventoryChange, 'category' | 'clusterId' | 'subject' | 'key' | 'site'>

/**
 * Each field of two PVE objects that differs, as a `changed` change named for the key (`prefix key` when a
 * prefix is given). Keys are taken in code-unit order of their union; `ignore` leaves out volatile ones
 * (`digest` changes with any edit of the file and says nothing more).
 */
export function fieldChanges(
  sink: ChangeSink,
  ref: ItemRef | { readonly ref: ItemRef },
  before: PveObject,
  after: PveObject,
  options: { ignore?: ReadonlySet<string>; prefix?: string } = {},
): void {
  // Most objects are equal: find the differing keys without allocating, and sort only those.
  let differing: string[] | undefined
  for (const key in before) {
    if (options.ignore?.has(key) === true || sameJson(before[key], after[key])) continue
    ;(differing ??= []).push(key)
  }
  for (const key in after) {
    if (key in before || options.ignore?.has(key) === true) continue
    ;(differing ??= []).push(key)
  }
  if (differing === undefined) return
  const item = 'ref' in ref ? ref.ref : ref
  for (const key of differing.sort(byText)) {
    sink.push({
      ...item,
      kind: 'changed',
      field: options.prefix === undefined ? key : `${options.prefix} ${key}`,
      before: before[key],
      after: after[key],
    })
  }
}

/**
 * Walks two lists keyed by `idOf`, in the sorted order of their ids: `removed`, `added`, or `both` for each id.
 * Either list absent (not captured) means nothing can be said: no call at all. An entry without an id is
 * skipped (a malformed answer says nothing reliable).
 */
export function keyedLists<T>(
  before: readonly T[] | undefined,
  after: readonly T[] | undefined,
  idOf: (item: T) => string | undefined,
  visit: {
    removed: (id: string, item: T) => void
    added: (id: string, item: T) => void
    both: (id: string, before: T, after: T) => void
  },
  order: (a: string, b: string) => number = byText,
): void {
  if (before === undefined || after === undefined) return
  if (before.length === 0 && after.length === 0) return
  const b = index(before, idOf)
  const a = index(after, idOf)
  const ids = new Set(b.keys())
  for (const id of a.keys()) ids.add(id)
  for (const id of [...ids].sort(order)) {
    const x = b.get(id)
    const y = a.get(id)
    if (x !== undefined && y !== undefined) visit.both(id, x, y)
    else if (x !== undefined) visit.removed(id, x)
    else if (y !== undefined) visit.added(id, y)
  }
}

export function index<T>(items: readonly T[], idOf: (item: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>()
  for (const item of items) {
    const id = idOf(item)
    // The first of two entries with one id wins, as PVE's own lists never repeat an id.
    if (id !== undefined && !map.has(id)) map.set(id, item)
  }
  return map
}

/** A string field of a PVE object (numbers as Perl may send them), or undefined. */
export function str(o: PveObject | undefined, key: string): string | undefined {
  const v = o?.[key]
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  return undefined
}

/** A list of names PVE joins with `;`, `,` or spaces (tags, privileges, group members), as a sorted set. */
export function nameSet(v: JsonValue | undefined): string[] {
  if (Array.isArray(v)) return [...new Set(v.filter((x): x is string => typeof x === 'string'))].sort(byText)
  if (typeof v !== 'string') return []
  return [...new Set(v.split(/[;,\s]+/).filter((x) => x !== ''))].sort(byText)
}
