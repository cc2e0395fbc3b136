import type { FleetGuest, FleetStorage } from '../../../../shared/model/fleet'
import type { GuestFacts } from '../../../../shared/search/match'
import { compileQuery } from '../../../../shared/search/match'
import type { ParsedQuery } from '../../../../shared/search/query'
import { isPlainWords, parseQuery } from '../../../../shared/search/query'
import type { NodeGroup } from '../../stores/cluster-index'
import type { Selection } from '../../stores/selection'
import { selectionKey } from '../../stores/selection'
import type { TreeRow } from './tree-row'

/** Equal rows for React: every field the same object or value (a row's target follows from its id). */
export function sameRow(a: TreeRow, b: TreeRow): boolean {
  const ra = a as unknown as Record<string, unknown>
  const rb = b as unknown as Record<string, unknown>
  const keys = Object.keys(ra)
  return keys.length === Object.keys(rb).length && keys.every((k) => k === 'target' || ra[k] === rb[k])
}

/** Index of the first guest whose VMID is not below `vmid` (guests are sorted by VMID). */
export function guestIndex(guests: readonly FleetGuest[], vmid: number): number {
  let lo = 0
  let hi = guests.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((guests[mid]?.vmid ?? Infinity) < vmid) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** One search of the tree, read and compiled once per text (never per guest, never per node). */
export interface TreeSearch {
  /** The search text, lower-case. */
  readonly text: string
  readonly parsed: ParsedQuery
  readonly matches: (facts: GuestFacts) => boolean
  /** Plain words only: a text that extends this one can only match fewer guests (see {@link LeafBlock}). */
  readonly plain: boolean
  /** The addresses learned of guests, by fleet key, when the query has an `ip:` term (else undefined). */
  readonly ips: ReadonlyMap<string, readonly string[]> | undefined
}

/** Does the search text ask for addresses (`ip:`)? Only then does a change of the learned addresses matter. */
export const asksIps = (parsed: ParsedQuery): boolean => parsed.query.terms.some((t) => t.field === 'ip')

/** The search for a text of the search box; undefined when it is blank (the whole tree shows). */
export function treeSearch(
  filter: string,
  ips?: ReadonlyMap<string, readonly string[]>,
): TreeSearch | undefined {
  if (filter.trim() === '') return undefined
  const text = filter.toLowerCase()
  const parsed = parseQuery(text)
  return {
    text,
    parsed,
    matches: compileQuery(parsed.query),
    plain: isPlainWords(text, parsed),
    ips: asksIps(parsed) ? ips : undefined,
  }
}

/** The site and cluster name a node's guests are searched with (`site:`, `cluster:`). */
export interface BlockPlace {
  readonly site: string
  readonly clusterName: string
}

/**
 * May the rows matched by `last` stand in for all of a group's guests under `next`? Only when both are plain
 * words and `next` extends `last`'s text: every word of `last` is then a part of a word of `next`. Any other
 * query (a field, a negation, alternatives, a wildcard) can match guests the last one did not: all are tested.
 */
export const narrows = (last: TreeSearch | undefined, next: TreeSearch): boolean =>
  last !== undefined && last.plain && next.plain && next.text.startsWith(last.text)

/**
 * The guest and storage rows under one node, for one search, made only when the list asks for them (a screenful
 * at a time): filtering 10,000 guests costs one pass over their search text, not 10,000 row objects. A block lives
 * as long as its node's group, the search and the cluster's staleness stay the same; a block made after a delta
 * hands back the previous block's rows for the guests that did not change, so React renders only the others.
 */
export class LeafBlock {
  readonly guests: readonly FleetGuest[]
  readonly storage: readonly FleetStorage[]
  /** Positions in the group's guests of those that match; undefined without a search. */
  private readonly matched: readonly number[] | undefined
  private readonly rows: (TreeRow | undefined)[]
  private previous: LeafBlock | undefined

  constructor(
    readonly group: NodeGroup,
    readonly clusterId: string,
    readonly nodeId: string,
    readonly search: TreeSearch | undefined,
    readonly place: BlockPlace,
    readonly stale: boolean,
    previous: LeafBlock | undefined,
    /** The block of the same node for the previous search, narrowed when this search extends it. */
    narrowing?: LeafBlock,
    /** The rows' tree level: 4 under site → cluster → node, 3 under cluster → node. */
    readonly level = 4,
  ) {
    if (search === undefined) this.guests = group.guests
    else {
      // Typing on narrows plain words: only the previous matches can still match.
      const candidates =
        narrowing?.group === group && narrowing.matched !== undefined && narrows(narrowing.search, search)
          ? narrowing.matched
          : group.guests.map((_, i) => i)
      const matched: number[] = []
      // One facts object for the whole node: the site and cluster are the node's, the guest changes.
      const facts: GuestFacts = { guest: group.guests[0] as FleetGuest, ...place, searchKey: '' }
      for (const i of candidates) {
        facts.guest = group.guests[i] as FleetGuest
        facts.searchKey = group.searchKeys[i] ?? ''
        if (search.ips !== undefined) facts.ips = search.ips.get(facts.guest.key)
        if (search.matches(facts)) matched.push(i)
      }
      this.matched = matched
      this.guests = matched.map((i) => group.guests[i] as FleetGuest)
    }
    this.storage = search === undefined ? group.storage : []
    this.rows = new Array<TreeRow | undefined>(this.count)
    // Only a block for the same search has rows worth handing back; keep no longer chain than one.
    this.previous = previous?.filter === this.filter ? previous : undefined
    if (this.previous !== undefined) this.previous.previous = undefined
  }

  /** The search text this block was made for ('' without a search). */
  get filter(): string {
    return this.search?.text ?? ''
  }

  get count(): number {
    return this.guests.length + this.storage.length
  }

  rowAt(index: number): TreeRow | undefined {
    if (index < 0 || index >= this.count) return undefined
    const made = this.rows[index]
    if (made !== undefined) return made
    const row = this.make(index)
    const kept = this.fromPrevious(row) ?? row
    this.rows[index] = kept
    return kept
  }

  /** The position of a guest among the rows, or -1 when the search hides it. */
  indexOfGuest(vmid: number): number {
    const at = guestIndex(this.guests, vmid)
    return this.guests[at]?.vmid === vmid ? at : -1
  }

  indexOfStorage(storage: string): number {
    const at = this.storage.findIndex((s) => s.storage === storage)
    return at < 0 ? -1 : this.guests.length + at
  }

  private make(index: number): TreeRow {
    const leaf = {
      level: this.level,
      parentId: this.nodeId,
      stale: this.stale,
      hasChildren: false,
      expanded: false,
      posinset: index + 1,
      setsize: this.count,
    }
    const guest = this.guests[index]
    if (guest !== undefined) {
      const target: Selection = { kind: 'guest', clusterId: this.clusterId, vmid: guest.vmid }
      return { kind: 'guest', id: selectionKey(target), target, item: guest, ...leaf }
    }
    const item = this.storage[index - this.guests.length] as FleetStorage
    const target: Selection = {
      kind: 'storage',
      clusterId: this.clusterId,
      node: this.group.name,
      storage: item.storage,
    }
    return { kind: 'storage', id: selectionKey(target), target, item, ...leaf }
  }

  private fromPrevious(row: TreeRow): TreeRow | undefined {
    const previous = this.previous
    if (previous === undefined) return undefined
    const at =
      row.kind === 'guest'
        ? previous.indexOfGuest(row.item.vmid)
        : row.kind === 'storage'
          ? previous.indexOfStorage(row.item.storage)
          : -1
    const before = at < 0 ? undefined : previous.rows[at]
    return before !== undefined && sameRow(before, row) ? before : undefined
  }
}
