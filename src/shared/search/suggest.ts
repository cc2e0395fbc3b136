import type { GuestFacts } from './match'
import { searchStatus } from './match'
import type { SearchField } from './query'
import { FIELD_WORDS, SEARCH_FIELDS } from './query'

/**
 * Suggestions while typing a search (src/shared/search/query.ts's syntax): field names for a word being typed
 * (`ta` → `tag:`), values of the fleet for the field under the caret (`tag:na` → `naorlo`), the negation `-`
 * and the alternatives before the caret kept (`-status:stopped,pa` → `paused` replaces `pa` alone). Pure and
 * total: never throws, and every replacement lies inside the text, so applying one is exact.
 */

/** The fleet's words per field, with how many guests have each (lower-case keys). */
export type SearchVocabulary = Partial<Record<SearchField, ReadonlyMap<string, number>>>

/** Replace `text.slice(start, end)` by `text`; the caret goes to `caret` after. */
export interface Replacement {
  start: number
  end: number
  text: string
  caret: number
}

export interface Suggestion {
  kind: 'field' | 'value'
  field: SearchField
  /** What the list shows: `tag:` or the value as typed in the fleet (lower-case). */
  label: string
  /** Guests with that value, where counted. */
  count?: number
  replace: Replacement
}

/** The fields whose values the fleet gives; `name:` and `vmid:` are free text. */
const COUNTED: readonly SearchField[] = ['tag', 'node', 'site', 'cluster', 'pool', 'ha', 'lock', 'ip']

const bump = (map: Map<string, number>, key: string | undefined): void => {
  if (key === undefined || key === '') return
  const k = key.toLowerCase()
  map.set(k, (map.get(k) ?? 0) + 1)
}

/**
 * The words of a fleet, counted once per guest: tags, nodes, sites, clusters (id and name), pools, statuses as
 * `status:` reads them (paused included), types, HA states, locks, known addresses, template yes/no.
 */
export function vocabularyOf(facts: Iterable<GuestFacts>): SearchVocabulary {
  const maps = new Map<SearchField, Map<string, number>>(
    [...COUNTED, 'status' as const, 'type' as const, 'template' as const].map(
      (f): [SearchField, Map<string, number>] => [f, new Map<string, number>()],
    ),
  )
  const of = (f: SearchField): Map<string, number> => maps.get(f) as Map<string, number>
  for (const { guest: g, site, clusterName, ips } of facts) {
    for (const tag of new Set(g.tags.map((t) => t.toLowerCase()))) bump(of('tag'), tag)
    bump(of('node'), g.node)
    bump(of('site'), site)
    bump(of('cluster'), g.clusterId)
    if (clusterName.toLowerCase() !== g.clusterId.toLowerCase()) bump(of('cluster'), clusterName)
    bump(of('pool'), g.pool)
    bump(of('ha'), g.hastate)
    bump(of('lock'), g.lock)
    for (const ip of new Set(ips ?? [])) bump(of('ip'), ip)
    bump(of('status'), searchStatus(g))
    bump(of('type'), g.type)
    bump(of('type'), g.type === 'qemu' ? 'vm' : 'ct')
    bump(of('template'), g.template ? 'yes' : 'no')
  }
  return Object.fromEntries(maps)
}

const isSpace = (c: string): boolean => /\s/.test(c)

/** The term around `caret`: from the space before it to the next space, quotes honoured as the parser does. */
function termAt(text: string, caret: number): { start: number; end: number } {
  let i = 0
  const n = text.length
  while (i < n) {
    while (i < n && isSpace(text.charAt(i))) i++
    if (i >= n) break
    const start = i
    let quoted = false
    while (i < n && (quoted || !isSpace(text.charAt(i)))) {
      if (quoted && text[i] === '\\') i++
      else if (text[i] === '"') quoted = !quoted
      i++
    }
    const end = Math.min(i, n)
    if (caret >= start && caret <= end) return { start, end }
    if (start > caret) break
  }
  return { start: caret, end: caret }
}

/** Where the alternative under the caret starts and ends inside a value part (commas outside quotes split). */
function alternativeAt(
  text: string,
  from: number,
  to: number,
  caret: number,
): { start: number; end: number } {
  let start = from
  let quoted = false
  for (let i = from; i < to; i++) {
    const c = text[i]
    if (quoted && c === '\\') {
      i++
      continue
    }
    if (c === '"') quoted = !quoted
    else if (c === ',' && !quoted) {
      if (i >= caret) return { start, end: i }
      start = i + 1
    }
  }
  return { start, end: to }
}

/** A value as the search must read it back: quoted when it holds a space, a comma, a quote or a backslash. */
export function quoteValue(value: string): string {
  return /[\s,"\\]/.test(value) ? `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"` : value
}

const unquote = (raw: string): string => raw.replace(/^"/, '').replace(/"$/, '').replace(/\\(.)/g, '$1')

/** The values a field can take: its closed words, the fleet's, `yes`/`no` where presence reads. */
function candidates(field: SearchField, vocabulary: SearchVocabulary): [string, number | undefined][] {
  const counted = vocabulary[field]
  const out = new Map<string, number | undefined>()
  for (const w of FIELD_WORDS[field] ?? [])
    out.set(w, counted?.get(w) ?? (counted === undefined ? undefined : 0))
  for (const [w, c] of counted ?? []) out.set(w, c)
  if (field === 'ha' || field === 'lock')
    for (const w of ['yes', 'no']) if (!out.has(w)) out.set(w, undefined)
  return [...out]
}

const byRank =
  (prefix: string) =>
  (a: [string, number | undefined], b: [string, number | undefined]): number => {
    const pa = a[0].startsWith(prefix) ? 0 : 1
    const pb = b[0].startsWith(prefix) ? 0 : 1
    if (pa !== pb) return pa - pb
    const ca = a[1] ?? -1
    const cb = b[1] ?? -1
    return ca !== cb ? cb - ca : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0
  }

/**
 * The suggestions for the caret at `caret` in `text` (at most `limit`): field names while a word is typed
 * before any colon, the field's values after one (prefix matches first, then values containing what is typed,
 * the most common first); none for an unknown field, `name:` or `vmid:`.
 */
export function suggest(text: string, caret: number, vocabulary: SearchVocabulary, limit = 8): Suggestion[] {
  const at = Math.max(0, Math.min(Number.isFinite(caret) ? Math.trunc(caret) : text.length, text.length))
  const term = termAt(text, at)
  const negated = text[term.start] === '-' && term.start < at
  const wordStart = term.start + (negated ? 1 : 0)
  const named = /^([A-Za-z]*):/.exec(text.slice(wordStart, term.end))
  const colon = named === null ? -1 : wordStart + (named[1] as string).length
  if (named === null || at <= colon) {
    // A field name being typed: replace the letters of the word, keep the `-`.
    const letters = /^[A-Za-z]*/.exec(text.slice(wordStart, term.end))?.[0] ?? ''
    const typed = text.slice(wordStart, at).toLowerCase()
    if (!/^[a-z]*$/.test(typed) || letters.length < typed.length) return []
    const end = wordStart + letters.length + (colon >= 0 ? 1 : 0)
    return SEARCH_FIELDS.filter((f) => f.startsWith(typed) && !(colon >= 0 && f === letters.toLowerCase()))
      .slice(0, limit)
      .map((field) => {
        const replaced = `${field}:`
        return {
          kind: 'field' as const,
          field,
          label: replaced,
          replace: { start: wordStart, end, text: replaced, caret: wordStart + replaced.length },
        }
      })
  }
  const field = (named[1] as string).toLowerCase() as SearchField
  if (!SEARCH_FIELDS.includes(field) || field === 'name' || field === 'vmid') return []
  const alt = alternativeAt(text, colon + 1, term.end, at)
  const typed = unquote(text.slice(alt.start, at)).toLowerCase()
  const current = unquote(text.slice(alt.start, alt.end)).toLowerCase()
  const others = new Set(
    text
      .slice(colon + 1, term.end)
      .split(',')
      .map((v) => unquote(v).toLowerCase()),
  )
  others.delete(current)
  return candidates(field, vocabulary)
    .filter(([w]) => w.includes(typed) && w !== current && !others.has(w))
    .sort(byRank(typed))
    .slice(0, limit)
    .map(([value, count]) => {
      const replaced = quoteValue(value)
      return {
        kind: 'value' as const,
        field,
        label: value,
        ...(count === undefined ? {} : { count }),
        replace: { start: alt.start, end: alt.end, text: replaced, caret: alt.start + replaced.length },
      }
    })
}

/** The text with a replacement applied. */
export const applyReplacement = (text: string, r: Replacement): string =>
  text.slice(0, r.start) + r.text + text.slice(r.end)
