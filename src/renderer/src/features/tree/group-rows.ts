import type { FleetGuest } from '../../../../shared/model/fleet'
import type { Selection } from '../../stores/selection'
import { selectionKey } from '../../stores/selection'
import type { GroupKey } from '../views/grouping'
import { compareGroups, FAVOURITES, folderGroup, groupName } from '../views/grouping'
import type { Pending } from './flat-rows'
import { byName, siteOfGroup } from './site-rows'
import type { TreeBuild } from './tree-memory'

export const groupRowId = (group: GroupKey): string => selectionKey({ kind: 'group', group })

/** A group row and, when open, its guests. */
function groupItems(
  build: TreeBuild,
  group: GroupKey,
  guests: readonly FleetGuest[],
  posinset: number,
  setsize: number,
): Pending[] {
  const target: Selection = { kind: 'group', group }
  const id = selectionKey(target)
  const block = build.groupBlock(id, guests, 2)
  const open = build.isOpen(id)
  const items: Pending[] = [
    {
      row: build.stable({
        kind: 'group',
        id,
        target,
        level: 1,
        parentId: undefined,
        group,
        name: groupName(group, build.source.folders),
        guestCount: guests.length,
        running: block.running,
        hasChildren: guests.length > 0,
        expanded: open,
        posinset,
        setsize,
      }),
    },
  ]
  if (open) items.push({ group: block })
  return items
}

/**
 * The favourites that are in the fleet shown and match the search, in the order they were starred. Read from
 * the clusters' indexes by VMID: a favourite costs a look-up, whatever the fleet's size.
 */
export function favouriteGuests(build: TreeBuild): FleetGuest[] {
  const { source, search } = build
  const out: FleetGuest[] = []
  for (const ref of source.favourites ?? []) {
    const entry = source.clusters[ref.clusterId]
    const index = source.trees[ref.clusterId]
    const guest = index?.guests.get(ref.vmid)
    if (entry === undefined || index === undefined || guest === undefined) continue
    if (search !== undefined) {
      const g = index.groups.get(guest.node)
      const site = g === undefined ? entry.summary.defaultSite : siteOfGroup(g, entry)
      const facts = { guest, site, clusterName: entry.summary.name, ips: search.ips?.get(guest.key) }
      if (!search.matches(facts)) continue
    }
    out.push(guest)
  }
  return out
}

/** The favourites group on top: its row and guests. */
export const favouriteItems = (build: TreeBuild, guests: readonly FleetGuest[], setsize: number): Pending[] =>
  groupItems(build, FAVOURITES, guests, 1, setsize)

/**
 * By tag, pool, kind or folder: a row per group, the guests under it (a guest under each of its groups), groups
 * in {@link compareGroups}' order; by folder, every folder of the user's even while empty (to drop guests in).
 * The guests of a group come in cluster, node and VMID order: each node's block is split once per search.
 */
export function groupedItems(build: TreeBuild, before: number): Pending[] {
  const { source } = build
  const byGroup = new Map<GroupKey, FleetGuest[]>()
  const clusters = Object.entries(source.clusters).sort(
    ([a, x], [b, y]) => byName(x.summary.name, y.summary.name) || byName(a, b),
  )
  for (const [clusterId, entry] of clusters) {
    const index = source.trees[clusterId]
    if (index === undefined) continue
    const groups = [...index.groups.values()].sort((a, b) => byName(a.name, b.name))
    for (const g of groups) {
      const nodeId = selectionKey({ kind: 'node', clusterId, node: g.name })
      const place = build.placeOf(nodeId, siteOfGroup(g, entry), entry.summary.name)
      const block = build.leafBlock(g, clusterId, place, entry.status.stale, 4)
      for (const [key, list] of build.split(block)) {
        const into = byGroup.get(key)
        if (into === undefined) byGroup.set(key, [...list])
        else for (const guest of list) into.push(guest)
      }
    }
  }
  if (build.grouping === 'folder' && !build.filtering) {
    const known = new Set([...byGroup.keys()].map((k) => k.id))
    for (const folder of source.folders ?? []) {
      const key = folderGroup(folder.id)
      if (!known.has(key.id)) byGroup.set(key, [])
    }
  }
  const keys = [...byGroup.keys()].sort((a, b) => compareGroups(a, b, build.ctx))
  const out: Pending[] = []
  keys.forEach((key, i) => {
    const guests = byGroup.get(key) ?? []
    if (build.filtering && guests.length === 0) return
    out.push(...groupItems(build, key, guests, before + i + 1, before + keys.length))
  })
  return out
}
