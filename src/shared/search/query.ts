/**
 * The search syntax shared by the tree, bulk actions and the CLI (`name:` `vmid:` `tag:` `node:` `site:`
 * `cluster:` `status:` `type:` `pool:` `ha:` `lock:` `template:` `ip:`, negation `-tag:test`, alternatives
 * `status:stopped,paused`, wildcards `name:web*`; a bare word matches name, vmid, node, tags and pool).
 * PLACEHOLDER: the search lane replaces this file; the exported names and types stay.
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

/** One term: a field (absent: a bare word), its alternatives (any may match), negated with a leading `-`. */
export interface SearchTerm {
  field?: SearchField
  values: readonly string[]
  negated: boolean
}

/** All terms must hold. */
export interface SearchQuery {
  terms: readonly SearchTerm[]
}

/** A part of the text that does not read (unknown field, empty value): `start`/`end` are offsets in the text. */
export interface QueryProblem {
  start: number
  end: number
  message: string
}

export interface ParsedQuery {
  query: SearchQuery
  problems: QueryProblem[]
}

export function parseQuery(text: string): ParsedQuery {
  const terms = text
    .split(/\s+/)
    .filter(Boolean)
    .map((word): SearchTerm => ({ values: [word.toLowerCase()], negated: false }))
  return { query: { terms }, problems: [] }
}

export function printQuery(query: SearchQuery): string {
  return query.terms
    .map((t) => `${t.negated ? '-' : ''}${t.field === undefined ? '' : `${t.field}:`}${t.values.join(',')}`)
    .join(' ')
}
