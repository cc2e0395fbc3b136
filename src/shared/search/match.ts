import type { FleetGuest } from '../model/fleet'
import type { SearchField, SearchQuery, SearchTerm } from './query'
import { hasWildcard, parseQuery } from './query'

/** What a query is matched against: the guest and what PVE Desk knows around it. */
export interface GuestFacts {
  guest: FleetGuest
  /** The site label of the guest's node. */
  site: string
  /** The cluster's display name (`cluster:` matches it or the guest's cluster id). */
  clusterName: string
  /** Addresses from the guest agent or the container's interfaces, where known. */
  ips?: readonly string[]
  /** The guest's {@link guestSearchKey}, when the caller keeps one (the tree does): saves making it again. */
  searchKey?: string
}

/** What a bare word looks in: name, VMID, node, type, pool and tags, lower-case, one space apart. */
export const guestSearchKey = (g: FleetGuest): string =>
  [g.name, String(g.vmid), g.node, g.type, g.pool ?? '', ...g.tags].join(' ').toLowerCase()

export type SearchStatus = 'running' | 'stopped' | 'paused' | 'suspended' | 'unknown'

/**
 * The one `status:` word of a guest (they exclude each other, like the tree's icons): `paused` is a VM PVE
 * reports running whose QEMU is paused (`qm suspend`, or the guest's own S3 sleep); `suspended` is a VM
 * hibernated to disk (PVE: stopped, with the `suspended` lock); `unknown` while its node is offline.
 */
export function searchStatus(g: FleetGuest): SearchStatus {
  if (g.status === 'unknown') return 'unknown'
  if (g.lock === 'suspended') return 'suspended'
  if (g.status === 'running' && (g.qmpstatus === 'paused' || g.qmpstatus === 'suspended')) return 'paused'
  return g.status
}

type Test = (facts: GuestFacts) => boolean
export type TextTest = (text: string) => boolean

/** UTF-16 units of the code point at `i` (a `?` or a `*` step takes a whole emoji, not half of it). */
const width = (t: string, i: number): number => {
  const c = t.charCodeAt(i)
  return c >= 0xd800 && c <= 0xdbff && i + 1 < t.length ? 2 : 1
}

/**
 * A wildcard pattern (`*` any run, `?` one character) matched against a whole text. No regular expression: a
 * pattern like `*a*a*a*a*b` typed into the search box costs at most pattern × text steps per guest, never the
 * exponential backtracking an expression can take (the classic greedy matcher that returns to the last star).
 */
export function globTest(pattern: string): TextTest {
  const p = pattern.replace(/\*+/g, '*')
  return (t) => {
    let pi = 0
    let ti = 0
    let star = -1
    let mark = 0
    while (ti < t.length) {
      const c = p[pi]
      if (c === '?') {
        ti += width(t, ti)
        pi++
      } else if (c === '*') {
        star = pi++
        mark = ti
      } else if (c !== undefined && c === t[ti]) {
        pi++
        ti++
      } else if (star >= 0) {
        pi = star + 1
        mark += width(t, mark)
        ti = mark
      } else return false
    }
    while (p[pi] === '*') pi++
    return pi === p.length
  }
}

/** Whole-value comparison, or the wildcard pattern. */
const exactTest = (value: string): TextTest => (hasWildcard(value) ? globTest(value) : (t) => t === value)

const lower = new WeakMap<FleetGuest, { name: string; node: string; tags: string[]; pool?: string }>()
/** The guest's words in lower case, made once per guest object (guests are replaced, never changed). */
function lowered(g: FleetGuest): { name: string; node: string; tags: string[]; pool?: string } {
  let l = lower.get(g)
  if (l === undefined) {
    l = {
      name: g.name.toLowerCase(),
      node: g.node.toLowerCase(),
      tags: g.tags.map((t) => t.toLowerCase()),
      ...(g.pool === undefined ? {} : { pool: g.pool.toLowerCase() }),
    }
    lower.set(g, l)
  }
  return l
}

const TYPE_ALIASES: Readonly<Record<string, string>> = { vm: 'qemu', ct: 'lxc' }

function bareTest(value: string): Test {
  if (!hasWildcard(value) && !/\s/.test(value))
    return (f) => (f.searchKey ?? guestSearchKey(f.guest)).includes(value)
  // A pattern, or a quoted value with spaces: field by field (the joined key would match across two fields).
  const test = hasWildcard(value) ? globTest(value) : (t: string): boolean => t.includes(value)
  return ({ guest: g }) => {
    const l = lowered(g)
    return (
      test(l.name) ||
      test(String(g.vmid)) ||
      test(l.node) ||
      test(g.type) ||
      (l.pool !== undefined && test(l.pool)) ||
      l.tags.some(test)
    )
  }
}

function vmidTest(value: string): Test {
  const range = /^(\d+)-(\d+)$/.exec(value)
  if (range !== null) {
    const lo = Number(range[1])
    const hi = Number(range[2])
    return ({ guest }) => guest.vmid >= lo && guest.vmid <= hi
  }
  if (/^\d+$/.test(value)) {
    const vmid = Number(value)
    return ({ guest }) => guest.vmid === vmid
  }
  if (/^[\d*?]+$/.test(value)) {
    const test = globTest(value)
    return ({ guest }) => test(String(guest.vmid))
  }
  return () => false
}

/** `yes`/`no` for whether the guest has it at all, else its value (`ha:started`, `lock:backup`). */
function presenceTest(value: string, of: (g: FleetGuest) => string | undefined): Test {
  if (value === 'yes') return ({ guest }) => of(guest) !== undefined
  if (value === 'no') return ({ guest }) => of(guest) === undefined
  const test = exactTest(value)
  return ({ guest }) => {
    const v = of(guest)
    return v !== undefined && test(v.toLowerCase())
  }
}

function valueTest(field: SearchField, value: string): Test {
  switch (field) {
    case 'name': {
      const test: TextTest = hasWildcard(value) ? globTest(value) : (t) => t.includes(value)
      return ({ guest }) => test(lowered(guest).name)
    }
    case 'vmid':
      return vmidTest(value)
    case 'tag': {
      const test = exactTest(value)
      return ({ guest }) => lowered(guest).tags.some(test)
    }
    case 'node': {
      const test = exactTest(value)
      return ({ guest }) => test(lowered(guest).node)
    }
    case 'site': {
      const test = exactTest(value)
      return ({ site }) => test(site.toLowerCase())
    }
    case 'cluster': {
      const test = exactTest(value)
      return ({ guest, clusterName }) =>
        test(guest.clusterId.toLowerCase()) || test(clusterName.toLowerCase())
    }
    case 'status': {
      const test = exactTest(value)
      return ({ guest }) => test(searchStatus(guest))
    }
    case 'type': {
      const test = exactTest(TYPE_ALIASES[value] ?? value)
      return ({ guest }) => test(guest.type)
    }
    case 'pool': {
      const test = exactTest(value)
      return ({ guest }) => {
        const pool = lowered(guest).pool
        return pool !== undefined && test(pool)
      }
    }
    case 'ha':
      return presenceTest(value, (g) => g.hastate)
    case 'lock':
      return presenceTest(value, (g) => g.lock)
    case 'template':
      return value === 'yes'
        ? ({ guest }) => guest.template
        : value === 'no'
          ? ({ guest }) => !guest.template
          : () => false
    case 'ip': {
      const test: TextTest = hasWildcard(value) ? globTest(value) : (t) => t.startsWith(value)
      return ({ ips }) => ips !== undefined && ips.some((ip) => test(ip.toLowerCase()))
    }
  }
}

function termTest(term: SearchTerm): Test {
  const alternatives = term.values.map((v) =>
    term.field === undefined ? bareTest(v.toLowerCase()) : valueTest(term.field, v.toLowerCase()),
  )
  const [only] = alternatives
  const any: Test =
    alternatives.length === 1 && only !== undefined ? only : (f) => alternatives.some((a) => a(f))
  return term.negated ? (f) => !any(f) : any
}

/**
 * Compiles a query once into a predicate run over many guests: all terms hold, any alternative of a term, a
 * negated term not. A bare word and `name:` match a part of the text; `tag:` `node:` `site:` `cluster:` `pool:`
 * `ha:` `lock:` the whole value (a bulk action over `tag:test` must not reach `contest`); `*` and `?` make any
 * value a whole-value pattern; `vmid:` takes a number, a range `100-199` or a pattern; `ip:` a prefix or a
 * pattern of one of `ips`. An empty query matches every guest.
 */
export function compileQuery(query: SearchQuery): (facts: GuestFacts) => boolean {
  const tests = query.terms.map(termTest)
  if (tests.length === 0) return () => true
  return (facts) => {
    for (const test of tests) if (!test(facts)) return false
    return true
  }
}

/** The guests a query matches, in their order: the renderer's "select all results" and the CLI's selection. */
export function matchGuests(
  query: SearchQuery | string,
  guests: Iterable<FleetGuest>,
  factsOf: (guest: FleetGuest) => GuestFacts,
): FleetGuest[] {
  const matches = compileQuery(typeof query === 'string' ? parseQuery(query).query : query)
  const out: FleetGuest[] = []
  for (const g of guests) if (matches(factsOf(g))) out.push(g)
  return out
}
