import type { FleetNode } from '../../../../shared/model/fleet'
import type { NodeGroup } from '../../stores/cluster-index'
import type { ClusterEntry } from '../../stores/fleet-store'
import type { Selection } from '../../stores/selection'
import { selectionKey } from '../../stores/selection'
import type { Pending } from './flat-rows'
import type { TreeBuild } from './tree-memory'

const collator = new Intl.Collator(undefined, { numeric: true })
export const byName = (a: string, b: string): number => collator.compare(a, b)

/** The site a node's rows go under: the node's own label, else the cluster's map, else its default site. */
export const siteOfGroup = (g: NodeGroup, entry: ClusterEntry): string =>
  g.node?.site ?? entry.summary.sites[g.name] ?? entry.summary.defaultSite

/** One cluster's row and, when open, its nodes' rows and blocks; undefined when the search leaves it empty. */
function clusterItems(
  build: TreeBuild,
  clusterId: string,
  groups: NodeGroup[],
  site: string,
  at: { parentId: string | undefined; level: number; posinset: number; setsize: number },
): { items: Pending[]; guests: number } | undefined {
  const entry = build.source.clusters[clusterId]
  if (entry === undefined) return undefined
  const target: Selection = { kind: 'cluster', site, clusterId }
  const id = selectionKey(target)
  const stale = entry.status.stale
  const shown = groups
    .sort((a, b) => byName(a.name, b.name))
    .map((g) => {
      const nodeTarget: Selection = { kind: 'node', clusterId, node: g.name }
      const nodeId = selectionKey(nodeTarget)
      const place = build.placeOf(nodeId, siteOfGroup(g, entry), entry.summary.name)
      return { g, nodeTarget, nodeId, block: build.leafBlock(g, clusterId, place, stale, at.level + 2) }
    })
    .filter(({ block }) => !build.filtering || block.guests.length > 0)
  const nodeItems: Pending[] = []
  let guests = 0
  shown.forEach(({ g, nodeTarget, nodeId, block }, i) => {
    guests += block.guests.length
    const open = build.isOpen(nodeId)
    const item: FleetNode = g.node ?? {
      kind: 'node',
      key: `${clusterId}/node/${g.name}`,
      clusterId,
      node: g.name,
      site: '',
      status: 'unknown',
    }
    nodeItems.push({
      row: build.stable({
        kind: 'node',
        id: nodeId,
        target: nodeTarget,
        level: at.level + 1,
        parentId: id,
        item,
        stale,
        hasChildren: block.count > 0,
        expanded: open,
        posinset: i + 1,
        setsize: shown.length,
      }),
    })
    if (open) nodeItems.push({ leaf: block })
  })
  if (build.filtering && guests === 0) return { items: [], guests }
  const open = build.isOpen(id)
  const items: Pending[] = [
    {
      row: build.stable({
        kind: 'cluster',
        id,
        target,
        level: at.level,
        parentId: at.parentId,
        clusterId,
        name: entry.summary.name,
        ...(entry.summary.color === undefined ? {} : { color: entry.summary.color }),
        status: entry.status,
        ...(entry.capture === undefined ? {} : { capture: entry.capture }),
        hasChildren: nodeItems.length > 0,
        expanded: open,
        posinset: at.posinset,
        setsize: at.setsize,
      }),
    },
  ]
  if (open) items.push(...nodeItems)
  return { items, guests }
}

/** By site: site → cluster → node → guests and storage. A cluster that spans sites shows under each. */
export function siteItems(build: TreeBuild, before: number): Pending[] {
  const { source } = build
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
    for (const g of groups?.values() ?? []) at(siteOfGroup(g, entry), clusterId).push(g)
  }
  const out: Pending[] = []
  const siteList = [...sites].sort(([a], [b]) => byName(a, b))
  siteList.forEach(([site, clusters], siteIndex) => {
    const siteTarget: Selection = { kind: 'site', site }
    const siteId = selectionKey(siteTarget)
    const children: Pending[] = []
    let siteGuests = 0
    const clusterList = [...clusters].sort(([a], [b]) => byName(a, b))
    clusterList.forEach(([clusterId, groups], clusterIndex) => {
      const made = clusterItems(build, clusterId, groups, site, {
        parentId: siteId,
        level: 2,
        posinset: clusterIndex + 1,
        setsize: clusterList.length,
      })
      siteGuests += made?.guests ?? 0
      if (made !== undefined) children.push(...made.items)
    })
    if (build.filtering && children.length === 0) return
    const open = build.isOpen(siteId)
    out.push({
      row: build.stable({
        kind: 'site',
        id: siteId,
        target: siteTarget,
        level: 1,
        parentId: undefined,
        site,
        guestCount: siteGuests,
        hasChildren: children.length > 0,
        expanded: open,
        posinset: before + siteIndex + 1,
        setsize: before + siteList.length,
      }),
    })
    if (open) out.push(...children)
  })
  return out
}

/** By cluster: cluster → node → guests and storage, every node of the cluster under one row. */
export function clusterItemsByCluster(build: TreeBuild, before: number): Pending[] {
  const { source } = build
  const list = Object.entries(source.clusters).sort(
    ([a, x], [b, y]) => byName(x.summary.name, y.summary.name) || byName(a, b),
  )
  const out: Pending[] = []
  list.forEach(([clusterId, entry], i) => {
    const groups = [...(source.trees[clusterId]?.groups.values() ?? [])]
    const made = clusterItems(build, clusterId, groups, entry.summary.defaultSite, {
      parentId: undefined,
      level: 1,
      posinset: before + i + 1,
      setsize: before + list.length,
    })
    if (made !== undefined) out.push(...made.items)
  })
  return out
}
