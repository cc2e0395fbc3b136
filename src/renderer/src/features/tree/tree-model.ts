import type {
  ClusterStatus,
  FleetGuest,
  FleetItem,
  FleetNode,
  FleetStorage,
} from '../../../../shared/model/fleet'
import type { ClusterEntry } from '../../stores/fleet-store'

/**
 * The multi-cluster tree, flattened for a virtualized list: sites → clusters → nodes → guests and storage.
 * A cluster that spans sites appears under each site with that site's nodes. Pure: built from the store's
 * data, the set of expanded rows and the search text.
 */
export type TreeRow =
  | (RowBase & { kind: 'site'; site: string; guestCount: number })
  | (RowBase & { kind: 'cluster'; clusterId: string; name: string; color?: string; status: ClusterStatus })
  | (RowBase & { kind: 'node'; item: FleetNode; stale: boolean })
  | (RowBase & { kind: 'guest'; item: FleetGuest; stale: boolean })
  | (RowBase & { kind: 'storage'; item: FleetStorage; stale: boolean })

interface RowBase {
  /** Unique and stable across rebuilds: used as DOM id, React key and for focus. */
  id: string
  level: number
  parentId: string | undefined
  hasChildren: boolean
  expanded: boolean
  /** 1-based position among siblings and sibling count (aria-posinset / aria-setsize in a virtual list). */
  posinset: number
  setsize: number
}

interface NodeGroup {
  node: FleetNode | undefined
  name: string
  guests: FleetGuest[]
  storage: FleetStorage[]
}

export interface TreeInput {
  clusters: Record<string, ClusterEntry>
  items: Record<string, ReadonlyMap<string, FleetItem>>
  /** Rows the user collapsed; everything else starts expanded (an operator wants to see the whole fleet). */
  collapsed: ReadonlySet<string>
  filter: string
}

export const siteRowId = (site: string): string => `site:${site}`
export const clusterRowId = (site: string, clusterId: string): string => `cluster:${site}:${clusterId}`

/** Does the guest match the search text (name, vmid, node, tags, pool)? Case-insensitive, all words. */
export function guestMatches(guest: FleetGuest, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const haystack = [guest.name, String(guest.vmid), guest.node, guest.type, guest.pool ?? '', ...guest.tags]
    .join(' ')
    .toLowerCase()
  return words.every((w) => haystack.includes(w))
}

/** Groups every cluster's nodes by site: site → clusterId → node name → group. */
function groupBySite(input: TreeInput): Map<string, Map<string, Map<string, NodeGroup>>> {
  const sites = new Map<string, Map<string, Map<string, NodeGroup>>>()
  for (const [clusterId, entry] of Object.entries(input.clusters)) {
    const siteOf = (node: string): string => entry.summary.sites[node] ?? entry.summary.defaultSite
    const groups = new Map<string, NodeGroup>()
    const group = (name: string): NodeGroup => {
      let g = groups.get(name)
      if (g === undefined) {
        g = { node: undefined, name, guests: [], storage: [] }
        groups.set(name, g)
      }
      return g
    }
    for (const item of input.items[clusterId]?.values() ?? []) {
      if (item.kind === 'node') group(item.node).node = item
      else if (item.kind === 'guest') group(item.node).guests.push(item)
      else if (item.kind === 'storage') group(item.node).storage.push(item)
    }
    if (groups.size === 0) {
      // A cluster never reached yet still shows, under its default site, so its state is visible.
      const bySite = sites.get(entry.summary.defaultSite) ?? new Map<string, Map<string, NodeGroup>>()
      sites.set(entry.summary.defaultSite, bySite)
      bySite.set(clusterId, new Map())
    }
    for (const [name, g] of groups) {
      const site = g.node?.site ?? siteOf(name)
      const bySite = sites.get(site) ?? new Map<string, Map<string, NodeGroup>>()
      sites.set(site, bySite)
      const byCluster = bySite.get(clusterId) ?? new Map<string, NodeGroup>()
      bySite.set(clusterId, byCluster)
      byCluster.set(name, g)
    }
  }
  return sites
}

const byName = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true })

export function buildTreeRows(input: TreeInput): TreeRow[] {
  const rows: TreeRow[] = []
  const filtering = input.filter.trim() !== ''
  const isOpen = (id: string): boolean => filtering || !input.collapsed.has(id)
  const sites = [...groupBySite(input)].sort(([a], [b]) => byName(a, b))
  sites.forEach(([site, clusters], siteIndex) => {
    const siteId = siteRowId(site)
    const clusterRows: TreeRow[] = []
    let siteGuests = 0
    const clusterList = [...clusters].sort(([a], [b]) => byName(a, b))
    clusterList.forEach(([clusterId, nodes], clusterIndex) => {
      const entry = input.clusters[clusterId]
      if (entry === undefined) return
      const id = clusterRowId(site, clusterId)
      const stale = entry.status.stale
      const nodeRows = buildNodeRows([...nodes.values()], {
        clusterId,
        parentId: id,
        stale,
        isOpen,
        filter: input.filter,
      })
      siteGuests += nodeRows.guestCount
      if (filtering && nodeRows.guestCount === 0) return
      const open = isOpen(id)
      clusterRows.push({
        kind: 'cluster',
        id,
        level: 2,
        parentId: siteId,
        clusterId,
        name: entry.summary.name,
        ...(entry.summary.color === undefined ? {} : { color: entry.summary.color }),
        status: entry.status,
        hasChildren: nodeRows.rows.length > 0,
        expanded: open,
        posinset: clusterIndex + 1,
        setsize: clusterList.length,
      })
      if (open) clusterRows.push(...nodeRows.rows)
    })
    if (filtering && clusterRows.length === 0) return
    const open = isOpen(siteId)
    rows.push({
      kind: 'site',
      id: siteId,
      level: 1,
      parentId: undefined,
      site,
      guestCount: siteGuests,
      hasChildren: clusterRows.length > 0,
      expanded: open,
      posinset: siteIndex + 1,
      setsize: sites.length,
    })
    if (open) rows.push(...clusterRows)
  })
  return fixSetSizes(rows)
}

interface NodeRowContext {
  clusterId: string
  parentId: string
  stale: boolean
  isOpen: (id: string) => boolean
  filter: string
}

function buildNodeRows(groups: NodeGroup[], ctx: NodeRowContext): { rows: TreeRow[]; guestCount: number } {
  const rows: TreeRow[] = []
  let guestCount = 0
  groups.sort((a, b) => byName(a.name, b.name))
  for (const g of groups) {
    const guests = g.guests.filter((guest) => guestMatches(guest, ctx.filter)).sort((a, b) => a.vmid - b.vmid)
    guestCount += guests.length
    if (ctx.filter.trim() !== '' && guests.length === 0) continue
    const node: FleetNode = g.node ?? {
      kind: 'node',
      key: `${ctx.clusterId}/node/${g.name}`,
      clusterId: ctx.clusterId,
      node: g.name,
      site: '',
      status: 'unknown',
    }
    const id = node.key
    const storage =
      ctx.filter.trim() === '' ? [...g.storage].sort((a, b) => byName(a.storage, b.storage)) : []
    const open = ctx.isOpen(id)
    const children = guests.length + storage.length
    rows.push({
      kind: 'node',
      id,
      level: 3,
      parentId: ctx.parentId,
      item: node,
      stale: ctx.stale,
      hasChildren: children > 0,
      expanded: open,
      posinset: 0,
      setsize: 0,
    })
    if (!open) continue
    const leaf = {
      level: 4,
      parentId: id,
      stale: ctx.stale,
      hasChildren: false,
      expanded: false,
      setsize: children,
    }
    guests.forEach((item, i) => rows.push({ kind: 'guest', id: item.key, item, ...leaf, posinset: i + 1 }))
    storage.forEach((item, i) =>
      rows.push({ kind: 'storage', id: item.key, item, ...leaf, posinset: guests.length + i + 1 }),
    )
  }
  return { rows, guestCount }
}

/** Node rows get their position among the nodes actually shown under their cluster. */
function fixSetSizes(rows: TreeRow[]): TreeRow[] {
  const byParent = new Map<string, TreeRow[]>()
  for (const row of rows) {
    if (row.kind !== 'node' || row.parentId === undefined) continue
    const siblings = byParent.get(row.parentId) ?? []
    siblings.push(row)
    byParent.set(row.parentId, siblings)
  }
  for (const siblings of byParent.values()) {
    siblings.forEach((row, i) => {
      row.posinset = i + 1
      row.setsize = siblings.length
    })
  }
  return rows
}
