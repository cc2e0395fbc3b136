import type { InventoryChange, JsonValue } from '../../../../../shared/model/inventory-snapshot'
import { InventoryChange as ChangeSchema } from '../../../../../shared/model/inventory-snapshot'

export type ChangeCategory = InventoryChange['category']
export type ChangeKind = InventoryChange['kind']

export const CATEGORIES: readonly ChangeCategory[] = ChangeSchema.shape.category.options
export const KINDS: readonly ChangeKind[] = ChangeSchema.shape.kind.options

/** What the changes view shows: empty category and kind sets mean all; `site` undefined means every site. */
export interface DiffFilter {
  categories: ReadonlySet<ChangeCategory>
  kinds: ReadonlySet<ChangeKind>
  site: string | undefined
  text: string
}

export const NO_FILTER: DiffFilter = { categories: new Set(), kinds: new Set(), site: undefined, text: '' }

/** The longest value shown in a cell; the whole value is in its tooltip. */
const MAX_SHOWN = 160

/**
 * A JSON value in one short line: strings bare (PVE's config values are strings such as `virtio=…,bridge=vmbr0`),
 * the rest as compact JSON; cut with an ellipsis past `max` characters.
 */
export function compactValue(value: JsonValue | undefined, max = MAX_SHOWN): string {
  if (value === undefined) return ''
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** Everything a free-text search looks in, lower-cased. */
const haystack = (c: InventoryChange): string =>
  [c.subject, c.field, c.site, c.clusterId, c.key, compactValue(c.before, 2000), compactValue(c.after, 2000)]
    .filter((part) => part !== undefined && part !== '')
    .join('\n')
    .toLowerCase()

/**
 * A diff's changes with what the text search reads in each, made once per diff: a keystroke then costs a
 * substring search per change, not a JSON.stringify of every value (a 10,000-guest diff has long ones).
 */
export interface IndexedChanges {
  changes: readonly InventoryChange[]
  texts: readonly string[]
}

export const indexChanges = (changes: readonly InventoryChange[]): IndexedChanges => ({
  changes,
  texts: changes.map(haystack),
})

const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')

export interface FilteredChanges {
  shown: InventoryChange[]
  /** Per category, the changes the other filters let through: what choosing that category would show. */
  counts: Record<ChangeCategory, number>
  /** Per kind, likewise: the changes every filter but the kind one lets through. */
  kindCounts: Record<ChangeKind, number>
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>

/** Applies the filter (every word of the text must appear somewhere in the change) and counts per category and kind. */
export function filterChanges(indexed: IndexedChanges, filter: DiffFilter): FilteredChanges {
  const words = wordsOf(filter.text)
  const counts = zeros(CATEGORIES)
  const kindCounts = zeros(KINDS)
  const shown: InventoryChange[] = []
  indexed.changes.forEach((change, i) => {
    if (filter.site !== undefined && change.site !== filter.site) return
    if (words.length > 0) {
      const text = indexed.texts[i] ?? ''
      if (!words.every((w) => text.includes(w))) return
    }
    const kindOk = filter.kinds.size === 0 || filter.kinds.has(change.kind)
    const categoryOk = filter.categories.size === 0 || filter.categories.has(change.category)
    if (kindOk) counts[change.category] += 1
    if (categoryOk) kindCounts[change.kind] += 1
    if (kindOk && categoryOk) shown.push(change)
  })
  return { shown, counts, kindCounts }
}

/** The sites the changes name, sorted, for the site filter. */
export function sitesOf(changes: readonly InventoryChange[]): string[] {
  const sites = new Set<string>()
  for (const c of changes) if (c.site !== undefined && c.site !== '') sites.add(c.site)
  return [...sites].sort((a, b) => a.localeCompare(b))
}
