import type { FleetGuest, FleetItem } from '../../../../shared/model/fleet'
import type { GuestFacts } from '../../../../shared/search/match'
import { compileQuery } from '../../../../shared/search/match'
import { parseQuery } from '../../../../shared/search/query'
import type { TreeGrouping } from '../../../../shared/model/workspace'
import type { ClusterIndex, NodeGroup } from '../../stores/cluster-index'
import { indexCluster } from '../../stores/cluster-index'
import { selectionKey } from '../../stores/selection'
import type { GroupContext, GroupKey } from '../views/grouping'
import { groupContext, groupsOf } from '../views/grouping'
import { RowsBuilder } from './flat-rows'
import { GroupBlock } from './group-block'
import { favouriteGuests, favouriteItems, groupedItems } from './group-rows'
import type { BlockPlace, TreeSearch } from './leaf-block'
import { asksIps, LeafBlock, sameRow, treeSearch } from './leaf-block'
import { clusterItemsByCluster, siteItems, siteOfGroup } from './site-rows'
import type { TreeBuild, TreeSource } from './tree-memory'
import { collapseKey } from './tree-memory'
import type { TreeRow, TreeRows } from './tree-row'
import { rowsToArray } from './tree-row'

export type { TreeRow, TreeRows } from './tree-row'
export { rowsToArray } from './tree-row'
export type { TreeSource } from './tree-memory'
export { collapseKey } from './tree-memory'

export const siteRowId = (site: string): string => selectionKey({ kind: 'site', site })
export const clusterRowId = (site: string, clusterId: string): string =>
  selectionKey({ kind: 'cluster', site, clusterId })

/**
 * What the tree's search knows of each guest (its site and cluster name, the addresses learned of it), for a
 * search over the fleet outside the tree: the renderer's "select all results" (`matchGuests(text, guests,
 * searchFactsOf(source))`), the palette and the CSV export.
 */
export function searchFactsOf(
  source: Pick<TreeSource, 'clusters' | 'trees' | 'ips'>,
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
    const ips = source.ips?.get(guest.key)
    return { guest, site, clusterName: entry?.summary.name ?? guest.clusterId, ...(ips ? { ips } : {}) }
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

/**
 * A tree builder with memory. The rows under a node are a {@link LeafBlock}, kept while that node's group (see
 * {@link ClusterIndex}), the search and the cluster's staleness stay the same, and whose rows are made only when
 * shown; a group's guests (by tag, pool, kind, folder, the favourites) are a {@link GroupBlock}, kept while its
 * guests are the same objects; the few parent rows keep their identity while equal. So a delta that changes
 * three guests makes at most a few new rows, in every grouping, and React renders only those on screen.
 */
export function createTreeModel(): (source: TreeSource) => TreeRows {
  let blocks = new WeakMap<NodeGroup, LeafBlock>()
  /** The last block of each node, by node row id, whose unchanged rows a rebuilt block takes over. */
  const lastBlocks = new Map<string, LeafBlock>()
  let previous = new Map<string, TreeRow>()
  let lastFilter = ''
  let lastLevel = 4
  let search: TreeSearch | undefined
  /** One place object per node while its site and cluster name stay the same. */
  const places = new Map<string, BlockPlace>()
  let groupBlocks = new Map<string, GroupBlock>()
  let splits = new WeakMap<LeafBlock, Map<GroupKey, FleetGuest[]>>()
  let ctx: GroupContext | undefined
  let ctxOf: { grouping: TreeGrouping; folders: unknown; favourites: unknown } | undefined

  const placeOf = (nodeId: string, site: string, clusterName: string): BlockPlace => {
    const known = places.get(nodeId)
    if (known?.site === site && known.clusterName === clusterName) return known
    const place = { site, clusterName }
    places.set(nodeId, place)
    return place
  }

  return (source) => {
    const grouping = source.grouping ?? 'site'
    const filtering = source.filter.trim() !== ''
    const filter = filtering ? source.filter.toLowerCase() : ''
    // Leaves sit one level higher without the site level; the blocks of the other level do not apply.
    const level = grouping === 'cluster' ? 3 : 4
    const newIps = search !== undefined && asksIps(search.parsed) && search.ips !== source.ips
    if (filter !== lastFilter || level !== lastLevel || newIps) {
      // Another search (or `ip:` with newly learned addresses): the blocks made for the previous do not apply.
      blocks = new WeakMap()
      lastFilter = filter
      lastLevel = level
      search = treeSearch(filter, source.ips)
    }
    if (
      ctx === undefined ||
      ctxOf?.grouping !== grouping ||
      ctxOf.folders !== source.folders ||
      ctxOf.favourites !== source.favourites
    ) {
      ctx = groupContext(
        (guest) => {
          const entry = source.clusters[guest.clusterId]
          const g = source.trees[guest.clusterId]?.groups.get(guest.node)
          return entry === undefined
            ? ''
            : g === undefined
              ? entry.summary.defaultSite
              : siteOfGroup(g, entry)
        },
        source.folders ?? [],
        source.favourites ?? [],
      )
      ctxOf = { grouping, folders: source.folders, favourites: source.favourites }
      splits = new WeakMap()
    }
    const groupCtx = ctx
    const next = new Map<string, TreeRow>()
    const nextGroupBlocks = new Map<string, GroupBlock>()
    const staleKey = Object.entries(source.clusters)
      .filter(([, e]) => e.status.stale)
      .map(([id]) => id)
      .join('\n')
    const staleOf = (clusterId: string): boolean => source.clusters[clusterId]?.status.stale === true
    const build: TreeBuild = {
      source,
      grouping,
      search,
      filtering,
      ctx: groupCtx,
      isOpen: (id) => filtering || !source.collapsed.has(collapseKey(grouping, id)),
      stable: (row) => {
        const before = previous.get(row.id)
        const kept = before !== undefined && sameRow(before, row) ? (before as typeof row) : row
        next.set(kept.id, kept)
        return kept
      },
      placeOf,
      leafBlock: (g, clusterId, place, stale, rowLevel) => {
        const cached = blocks.get(g)
        if (cached?.stale === stale && cached.place === place && cached.level === rowLevel) return cached
        const nodeId = selectionKey({ kind: 'node', clusterId, node: g.name })
        const last = lastBlocks.get(nodeId)
        const block = new LeafBlock(g, clusterId, nodeId, search, place, stale, last, last, rowLevel)
        blocks.set(g, block)
        lastBlocks.set(nodeId, block)
        return block
      },
      groupBlock: (id, guests, rowLevel) => {
        const before = groupBlocks.get(id)
        const block =
          before?.level === rowLevel && before.sameGuests(guests, staleKey)
            ? before
            : new GroupBlock(id, guests, staleOf, staleKey, rowLevel, before)
        nextGroupBlocks.set(id, block)
        return block
      },
      split: (block) => {
        const known = splits.get(block)
        if (known !== undefined) return known
        const made = new Map<GroupKey, FleetGuest[]>()
        for (const guest of block.guests) {
          for (const key of groupsOf(guest, grouping, groupCtx)) {
            const list = made.get(key)
            if (list === undefined) made.set(key, [guest])
            else list.push(guest)
          }
        }
        splits.set(block, made)
        return made
      },
    }

    const favourites = favouriteGuests(build)
    const before = favourites.length > 0 ? 1 : 0
    const main =
      grouping === 'site'
        ? siteItems(build, before)
        : grouping === 'cluster'
          ? clusterItemsByCluster(build, before)
          : groupedItems(build, before)
    const top = main.filter((item) => 'row' in item && item.row.level === 1).length
    const out = new RowsBuilder()
    if (favourites.length > 0) out.emit(favouriteItems(build, favourites, top + 1))
    out.emit(main)
    previous = next
    groupBlocks = nextGroupBlocks
    return out.finish(source.trees)
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
