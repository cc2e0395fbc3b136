import type { FleetGuest, FleetItem, FleetNode } from '../../../../shared/model/fleet'
import type { GuestFacts } from '../../../../shared/search/match'
import { compileQuery } from '../../../../shared/search/match'
import { parseQuery } from '../../../../shared/search/query'
import type { ClusterIndex, NodeGroup } from '../../stores/cluster-index'
import { indexCluster } from '../../stores/cluster-index'
import type { ClusterEntry } from '../../stores/fleet-store'
import type { Selection } from '../../stores/selection'
import { selectionKey } from '../../stores/selection'
import type { BlockPlace, TreeSearch } from './leaf-block'
import { LeafBlock, sameRow, treeSearch } from './leaf-block'
import type { TreeRow, TreeRows } from './tree-row'
import { rowsToArray } from './tree-row'

export type { TreeRow, TreeRows } from './tree-row'
export { rowsToArray } from './tree-row'

/** What the tree is built from: the store's per-cluster indexes, the collapsed rows and the search text. */
export interface TreeSource {
  clusters: Record<string, ClusterEntry>
  trees: Record<string, ClusterIndex>
  /** Rows the user collapsed; everything else starts expanded (an operator wants to see the whole fleet). */
  collapsed: ReadonlySet<string>
  filter: string
}

export const siteRowId = (site: string): string => selectionKey({ kind: 'site', site })
export const clusterRowId = (site: string, clusterId: string): string =>
  selectionKey({ kind: 'cluster', site, clusterId })

/** The site a node's rows go under: the node's own label, else the cluster's map, else its default site. */
const siteOfGroup = (g: NodeGroup, entry: ClusterEntry): string =>
  g.node?.site ?? entry.summary.sites[g.name] ?? entry.summary.defaultSite

/**
 * What the tree's search knows of each guest (its site and cluster name), for a search over the fleet outside
 * the tree: the renderer's "select all results" (`matchGuests(text, guests, searchFactsOf(source))`).
 */
export function searchFactsOf(
  source: Pick<TreeSource, 'clusters' | 'trees'>,
): (guest: FleetGuest) => GuestFacts {
  return (guest) => {
    const entry = source.clusters[guest.clusterId]
    const g = source.trees[guest.clusterId]?.groups.get(guest.node)
    const site =
      entry === undefined
        ? ''
        : g === undefined
          ? (entry.summary.sites[guest.node] ?? entry.summary.defaultSite)
          : siteOfGroup(g, entry)
    return { guest, site, clusterName: entry?.summary.name ?? guest.clusterId }
  }
}

/** Does the guest match the search text (the search syntax of src/shared/search/query.ts)? */
export function guestMatches(
  guest: FleetGuest,
  filter: string,
  facts: Omit<GuestFacts, 'guest'> = { site: '', clusterName: guest.clusterId },
): boolean {
  return compileQuery(parseQuery(filter).query)({ guest, ...facts })
}

const collator = new Intl.Collator(undefined, { numeric: true })
const byName = (a: string, b: string): number => collator.compare(a, b)

/** A run of the flat list: one site, cluster or node row, or the block of rows under a node. */
type Segment = { start: number; row: TreeRow; block?: undefined } | { start: number; block: LeafBlock }

class FlatRows implements TreeRows {
  constructor(
    private readonly segments: readonly Segment[],
    readonly length: number,
    private readonly parents: ReadonlyMap<string, number>,
    private readonly blocks: ReadonlyMap<string, Segment & { block: LeafBlock }>,
    private readonly trees: Record<string, ClusterIndex>,
  ) {}

  at(index: number): TreeRow | undefined {
    if (index < 0 || index >= this.length) return undefined
    let lo = 0
    let hi = this.segments.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if ((this.segments[mid]?.start ?? Infinity) <= index) lo = mid
      else hi = mid - 1
    }
    const segment = this.segments[lo]
    if (segment === undefined) return undefined
    return segment.block === undefined ? segment.row : segment.block.rowAt(index - segment.start)
  }

  indexOfParent(id: string): number {
    return this.parents.get(id) ?? -1
  }

  indexOf(target: Selection): number {
    if (target.kind === 'site' || target.kind === 'cluster' || target.kind === 'node')
      return this.indexOfParent(selectionKey(target))
    const node =
      target.kind === 'guest' ? this.trees[target.clusterId]?.guests.get(target.vmid)?.node : target.node
    if (node === undefined) return -1
    const segment = this.blocks.get(selectionKey({ kind: 'node', clusterId: target.clusterId, node }))
    if (segment === undefined) return -1
    const at =
      target.kind === 'guest'
        ? segment.block.indexOfGuest(target.vmid)
        : segment.block.indexOfStorage(target.storage)
    return at < 0 ? -1 : segment.start + at
  }
}

/**
 * A tree builder with memory. The rows under a node are a {@link LeafBlock}, kept while that node's group (see
 * {@link ClusterIndex}), the search and the cluster's staleness stay the same, and whose rows are made only when
 * shown; the few site, cluster and node rows keep their identity while equal. So a delta that changes three
 * guests makes at most three new rows, and React renders only those that are on screen.
 */
export function createTreeModel(): (source: TreeSource) => TreeRows {
  let blocks = new WeakMap<NodeGroup, LeafBlock>()
  /** The last block of each node, by node row id, whose unchanged rows a rebuilt block takes over. */
  const lastBlocks = new Map<string, LeafBlock>()
  let previous = new Map<string, TreeRow>()
  let lastFilter = ''
  let search: TreeSearch | undefined
  /** One place object per node while its site and cluster name stay the same. */
  const places = new Map<string, BlockPlace>()

  const placeOf = (nodeId: string, site: string, clusterName: string): BlockPlace => {
    const known = places.get(nodeId)
    if (known?.site === site && known.clusterName === clusterName) return known
    const place = { site, clusterName }
    places.set(nodeId, place)
    return place
  }

  const blockOf = (
    g: NodeGroup,
    clusterId: string,
    nodeId: string,
    place: BlockPlace,
    stale: boolean,
  ): LeafBlock => {
    const cached = blocks.get(g)
    if (cached !== undefined && cached.stale === stale && cached.place === place) return cached
    const last = lastBlocks.get(nodeId)
    const block = new LeafBlock(g, clusterId, nodeId, search, place, stale, last, last)
    blocks.set(g, block)
    lastBlocks.set(nodeId, block)
    return block
  }

  return (source) => {
    const filtering = source.filter.trim() !== ''
    const filter = filtering ? source.filter.toLowerCase() : ''
    if (filter !== lastFilter) {
      // Another search: the blocks made for the previous one do not apply.
      blocks = new WeakMap()
      lastFilter = filter
      search = treeSearch(filter)
    }
    const isOpen = (id: string): boolean => filtering || !source.collapsed.has(id)
    const next = new Map<string, TreeRow>()
    const stable = <R extends TreeRow>(row: R): R => {
      const before = previous.get(row.id)
      const kept = before !== undefined && sameRow(before, row) ? (before as R) : row
      next.set(kept.id, kept)
      return kept
    }

    // site → clusterId → that cluster's node groups at this site.
    const sites = new Map<string, Map<string, NodeGroup[]>>()
    const at = (site: string, clusterId: string): NodeGroup[] => {
      let bySite = sites.get(site)
      if (bySite === undefined) sites.set(site, (bySite = new Map<string, NodeGroup[]>()))
      let list = bySite.get(clusterId)
      if (list === undefined) bySite.set(clusterId, (list = []))
      return list
    }
    for (const [clusterId, entry] of Object.entries(source.clusters)) {
      const groups = source.trees[clusterId]?.groups
      // A cluster never reached yet still shows, under its default site, so its state is visible.
      if (groups === undefined || groups.size === 0) at(entry.summary.defaultSite, clusterId)
      for (const g of groups?.values() ?? []) {
        at(siteOfGroup(g, entry), clusterId).push(g)
      }
    }

    const segments: Segment[] = []
    const parents = new Map<string, number>()
    const leafSegments = new Map<string, Segment & { block: LeafBlock }>()
    let length = 0
    type Pending = { row: TreeRow } | { block: LeafBlock }
    const emit = (items: readonly Pending[]): void => {
      for (const item of items) {
        if ('row' in item) {
          parents.set(item.row.id, length)
          segments.push({ start: length, row: item.row })
          length++
        } else if (item.block.count > 0) {
          const segment = { start: length, block: item.block }
          segments.push(segment)
          leafSegments.set(item.block.nodeId, segment)
          length += item.block.count
        }
      }
    }

    const siteList = [...sites].sort(([a], [b]) => byName(a, b))
    siteList.forEach(([site, clusters], siteIndex) => {
      const siteTarget: Selection = { kind: 'site', site }
      const siteId = selectionKey(siteTarget)
      const clusterItems: Pending[] = []
      let siteGuests = 0
      const clusterList = [...clusters].sort(([a], [b]) => byName(a, b))
      clusterList.forEach(([clusterId, groups], clusterIndex) => {
        const entry = source.clusters[clusterId]
        if (entry === undefined) return
        const target: Selection = { kind: 'cluster', site, clusterId }
        const id = selectionKey(target)
        const stale = entry.status.stale
        const shown = groups
          .sort((a, b) => byName(a.name, b.name))
          .map((g) => {
            const nodeTarget: Selection = { kind: 'node', clusterId, node: g.name }
            const nodeId = selectionKey(nodeTarget)
            const place = placeOf(nodeId, site, entry.summary.name)
            return { g, nodeTarget, nodeId, block: blockOf(g, clusterId, nodeId, place, stale) }
          })
          .filter(({ block }) => !filtering || block.guests.length > 0)
        const nodeItems: Pending[] = []
        let guests = 0
        shown.forEach(({ g, nodeTarget, nodeId, block }, i) => {
          guests += block.guests.length
          const open = isOpen(nodeId)
          const item: FleetNode = g.node ?? {
            kind: 'node',
            key: `${clusterId}/node/${g.name}`,
            clusterId,
            node: g.name,
            site: '',
            status: 'unknown',
          }
          nodeItems.push({
            row: stable({
              kind: 'node',
              id: nodeId,
              target: nodeTarget,
              level: 3,
              parentId: id,
              item,
              stale,
              hasChildren: block.count > 0,
              expanded: open,
              posinset: i + 1,
              setsize: shown.length,
            }),
          })
          if (open) nodeItems.push({ block })
        })
        siteGuests += guests
        if (filtering && guests === 0) return
        const open = isOpen(id)
        clusterItems.push({
          row: stable({
            kind: 'cluster',
            id,
            target,
            level: 2,
            parentId: siteId,
            clusterId,
            name: entry.summary.name,
            ...(entry.summary.color === undefined ? {} : { color: entry.summary.color }),
            status: entry.status,
            ...(entry.capture === undefined ? {} : { capture: entry.capture }),
            hasChildren: nodeItems.length > 0,
            expanded: open,
            posinset: clusterIndex + 1,
            setsize: clusterList.length,
          }),
        })
        if (open) clusterItems.push(...nodeItems)
      })
      if (filtering && clusterItems.length === 0) return
      const open = isOpen(siteId)
      emit([
        {
          row: stable({
            kind: 'site',
            id: siteId,
            target: siteTarget,
            level: 1,
            parentId: undefined,
            site,
            guestCount: siteGuests,
            hasChildren: clusterItems.length > 0,
            expanded: open,
            posinset: siteIndex + 1,
            setsize: siteList.length,
          }),
        },
      ])
      if (open) emit(clusterItems)
    })
    previous = next
    return new FlatRows(segments, length, parents, leafSegments, source.trees)
  }
}

/** The items of each cluster as the store holds them, for {@link buildTreeRows}. */
export interface TreeInput extends Omit<TreeSource, 'trees'> {
  items: Record<string, ReadonlyMap<string, FleetItem>>
}

/** Every row of the tree built once from plain item maps (benchmarks, tests); the app keeps a {@link createTreeModel}. */
export function buildTreeRows(input: TreeInput): TreeRow[] {
  const trees: Record<string, ClusterIndex> = {}
  for (const [id, items] of Object.entries(input.items)) trees[id] = indexCluster(items.values())
  return rowsToArray(createTreeModel()({ ...input, trees }))
}
