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

/** Everything a free-text search looks in, lower-cased once per change. */
const haystack = (c: InventoryChange): string =>
  [c.subject, c.field, c.site, c.clusterId, c.key, compactValue(c.before, 2000), compactValue(c.after, 2000)]
    .filter((part) => part !== undefined && part !== '')
    .join('\n')
    .toLowerCase()

/** The changes that match every filter but the category one (what the category counts are made of). */
function matchesOthers(filter: DiffFilter, words: readonly string[]): (c: InventoryChange) => boolean {
  return (c) => {
    if (filter.kinds.size > 0 && !filter.kinds.has(c.kind)) return false
    if (filter.site !== undefined && c.site !== filter.site) return false
    if (words.length === 0) return true
    const text = haystack(c)
    return words.every((w) => text.includes(w))
  }
}

const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')

export interface FilteredChanges {
  shown: InventoryChange[]
  /** Per category, the changes the other filters let through: what choosing that category would show. */
  counts: Record<ChangeCategory, number>
}

/** Applies the filter (every word of the text must appear somewhere in the change) and counts per category. */
export function filterChanges(changes: readonly InventoryChange[], filter: DiffFilter): FilteredChanges {
  const others = matchesOthers(filter, wordsOf(filter.text))
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<ChangeCategory, number>
  const shown: InventoryChange[] = []
  for (const change of changes) {
    if (!others(change)) continue
    counts[change.category] += 1
    if (filter.categories.size === 0 || filter.categories.has(change.category)) shown.push(change)
  }
  return { shown, counts }
}

/** The sites the changes name, sorted, for the site filter. */
export function sitesOf(changes: readonly InventoryChange[]): string[] {
  const sites = new Set<string>()
  for (const c of changes) if (c.site !== undefined && c.site !== '') sites.add(c.site)
  return [...sites].sort((a, b) => a.localeCompare(b))
}
