/**
 * The search syntax shared by the tree, bulk actions and the CLI: `name:` `vmid:` `tag:` `node:` `site:`
 * `cluster:` `status:` `type:` `pool:` `ha:` `lock:` `template:` `ip:`; negation `-tag:test`; alternatives
 * `status:stopped,paused`; wildcards `name:web*`, `vmid:1?0`; quotes for spaces `name:"web 01"` (`\"` and `\\`
 * inside); a bare word matches name, vmid, node, type, tags and pool, as the tree's search always did.
 * Field names and values are case-insensitive: the parsed query holds them lower-case. The parser never throws:
 * what does not read becomes a {@link QueryProblem} with its offsets, and the rest of the query still works (a
 * search box must filter while the user is half-way through a term): an empty value (`status:`) is left out, a
 * value a field cannot take (`status:runing`) and an unknown field (`colour:red`) match nothing.
 */

export const SEARCH_FIELDS = [
  'name',
  'vmid',
  'tag',
  'node',
  'site',
  'cluster',
  'status',
  'type',
  'pool',
  'ha',
  'lock',
  'template',
  'ip',
] as const
export type SearchField = (typeof SEARCH_FIELDS)[number]

/**
 * One term: a field (absent: a bare word), its alternatives (any may match), negated with a leading `-`.
 * `start`/`end`: where the term is in the parsed text (absent on a query built by code); kept for suggestions.
 */
export interface SearchTerm {
  field?: SearchField
  values: readonly string[]
  negated: boolean
  start?: number
  end?: number
}

/** All terms must hold. */
export interface SearchQuery {
  terms: readonly SearchTerm[]
}

export type QueryProblemCode = 'unknown_field' | 'empty_value' | 'unclosed_quote' | 'bad_value'

/** A part of the text that does not read: `start`/`end` are offsets in the text (end exclusive). */
export interface QueryProblem {
  start: number
  end: number
  code: QueryProblemCode
  message: string
}

export interface ParsedQuery {
  query: SearchQuery
  problems: QueryProblem[]
}

const FIELDS: ReadonlySet<string> = new Set(SEARCH_FIELDS)

/** The words a field with a closed set of values takes (wildcards aside); `ha:` and `lock:` also take any name. */
export const FIELD_WORDS: Partial<Record<SearchField, readonly string[]>> = {
  status: ['running', 'stopped', 'paused', 'suspended', 'unknown'],
  type: ['qemu', 'lxc', 'vm', 'ct'],
  template: ['yes', 'no'],
}

export const hasWildcard = (value: string): boolean => value.includes('*') || value.includes('?')

/** `100`, `100-199` (inclusive), or a wildcard pattern of digits. */
export const VMID_VALUE = /^(?:\d+(?:-\d+)?|[\d*?]+)$/

const isSpace = (c: string): boolean => /\s/.test(c)
const FIELD_AT = /[A-Za-z]+:/y

/** Why a value of a field can never match, or undefined when it reads. */
function badValue(field: SearchField, value: string): string | undefined {
  if (field === 'vmid') {
    if (!VMID_VALUE.test(value)) return 'vmid: a number, a range 100-199, or digits with * and ?'
    const [lo, hi] = value.split('-').map(Number)
    return hi !== undefined && lo !== undefined && lo > hi ? 'vmid: a range goes from low to high' : undefined
  }
  const words = FIELD_WORDS[field]
  if (words === undefined || hasWildcard(value) || words.includes(value)) return undefined
  return `${field}: expected ${words.join(', ')}`
}

/** Reads a search text. Never throws; see the top of this file for the syntax. */
export function parseQuery(text: string): ParsedQuery {
  const terms: SearchTerm[] = []
  const problems: QueryProblem[] = []
  const problem = (start: number, end: number, code: QueryProblemCode, message: string): void => {
    // A comma between two empty alternatives is one problem, not two.
    const last = problems.at(-1)
    if (last?.start === start && last.code === code) return
    problems.push({ start, end: Math.max(end, start + 1), code, message })
  }
  const n = text.length
  let i = 0
  while (i < n) {
    while (i < n && isSpace(text.charAt(i))) i++
    if (i >= n) break
    const start = i
    const negated = text[i] === '-'
    if (negated) i++
    let field: SearchField | undefined
    let unknown: string | undefined
    FIELD_AT.lastIndex = i
    const named = FIELD_AT.exec(text)
    if (named !== null) {
      const name = named[0].slice(0, -1).toLowerCase()
      if (FIELDS.has(name)) field = name as SearchField
      else unknown = name
      i += named[0].length
    }
    const values: string[] = []
    const spans: [number, number][] = []
    // The alternatives, up to the first space outside quotes.
    for (;;) {
      const altStart = i
      let value = ''
      let quoted = false
      while (i < n && !isSpace(text.charAt(i)) && text[i] !== ',') {
        if (text[i] !== '"') {
          value += text.charAt(i)
          i++
          continue
        }
        quoted = true
        const quote = i
        i++
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n) i++
          value += text.charAt(i)
          i++
        }
        if (i >= n) problem(quote, n, 'unclosed_quote', 'a quote is not closed')
        else i++
      }
      if (value === '') {
        // `status:`, a lone `-`, `""`, or nothing between two commas: point at the comma when there is one.
        const comma =
          !quoted && text[i] === ','
            ? i
            : !quoted && altStart > start && text[altStart - 1] === ','
              ? altStart - 1
              : undefined
        if (unknown === undefined)
          if (comma !== undefined) problem(comma, comma + 1, 'empty_value', 'empty value')
          else problem(quoted ? altStart : start, i, 'empty_value', 'empty value')
      } else {
        values.push(value.toLowerCase())
        spans.push([altStart, i])
      }
      if (i < n && text[i] === ',') {
        i++
        continue
      }
      break
    }
    if (unknown !== undefined) {
      const at = start + (negated ? 1 : 0)
      problem(at, at + unknown.length + 1, 'unknown_field', `unknown field ${unknown}:`)
      // Searched as its literal text, as the tree always did (it matches nothing: no name, tag or pool holds a
      // colon), never dropped: a typo must not widen a search whose results a bulk action may select.
      terms.push({ values: [text.slice(start, i).toLowerCase()], negated: false, start, end: i })
      continue
    }
    if (values.length === 0) continue
    if (field !== undefined)
      values.forEach((v, k) => {
        const why = badValue(field, v)
        const span = spans[k]
        if (why !== undefined && span !== undefined) problem(span[0], span[1], 'bad_value', why)
      })
    terms.push({ ...(field === undefined ? {} : { field }), values, negated, start, end: i })
  }
  return { query: { terms }, problems }
}

/** A bare value that would read as something else unquoted: a field name, a negation. */
const LOOKS_SPECIAL = /^(?:-|[A-Za-z]+:)/
const NEEDS_QUOTES = /[\s,"\\]/

function printValue(value: string, bare: boolean): string {
  if (value !== '' && !NEEDS_QUOTES.test(value) && !(bare && LOOKS_SPECIAL.test(value))) return value
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`
}

/** The text of a query: `parseQuery(printQuery(q)).query` has the terms of `q` (lower-case). */
export function printQuery(query: SearchQuery): string {
  return query.terms
    .map(
      (t) =>
        `${t.negated ? '-' : ''}${t.field === undefined ? '' : `${t.field}:`}${t.values
          .map((v) => printValue(v, t.field === undefined))
          .join(',')}`,
    )
    .join(' ')
}

/**
 * Plain words only (no field, negation, alternative, wildcard or quote, nothing wrong): a search whose text
 * extends such a text can only match fewer guests, which lets the tree narrow its last result.
 */
export function isPlainWords(text: string, parsed: ParsedQuery): boolean {
  return (
    parsed.problems.length === 0 &&
    !text.includes('"') &&
    parsed.query.terms.every(
      (t) =>
        t.field === undefined && !t.negated && t.values.length === 1 && !hasWildcard(t.values[0] as string),
    )
  )
}
