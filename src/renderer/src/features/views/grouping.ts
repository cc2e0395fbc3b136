import type { FleetGuest } from '../../../../shared/model/fleet'
import type { GuestRef } from '../../../../shared/model/guest-action'
import type { TreeGrouping, UserFolder } from '../../../../shared/model/workspace'

/**
 * One group of a grouping. `id` is unique across every grouping (`tag:prod`, `pool:`, `folder:<folder id>`…),
 * stable, and what the tree's group row id and its collapsed state are made of. `none` marks the group of the
 * guests that have no tag, no pool or no folder, shown last.
 */
export type GroupKey =
  | { readonly kind: 'site'; readonly id: string; readonly site: string }
  | { readonly kind: 'cluster'; readonly id: string; readonly clusterId: string }
  | { readonly kind: 'tag'; readonly id: string; readonly tag: string }
  | { readonly kind: 'pool'; readonly id: string; readonly pool: string }
  | { readonly kind: 'type'; readonly id: string; readonly type: GuestKind }
  | { readonly kind: 'folder'; readonly id: string; readonly folderId: string }
  | { readonly kind: 'none'; readonly id: string; readonly grouping: 'tag' | 'pool' | 'folder' }
  /** The operator's favourites: shown first in every grouping (see {@link isFavourite}). */
  | { readonly kind: 'favourites'; readonly id: string }

/** How the type grouping tells guests apart: a template is a template whatever its type. */
export type GuestKind = 'qemu' | 'lxc' | 'template'

/** What grouping needs beyond the guest: its site, and the user's folders by guest (see {@link groupContext}). */
export interface GroupContext {
  /** The site label of the guest's node. */
  readonly siteOf: (guest: FleetGuest) => string
  readonly folders: readonly UserFolder[]
  /** Folder ids by {@link refKey}, in the folders' order. */
  readonly folderIndex: ReadonlyMap<string, readonly string[]>
  /** {@link refKey}s of the favourites. */
  readonly favourites: ReadonlySet<string>
}

/** A guest's identity in the workspace: cluster and VMID (a guest that moves to another node is the same). */
export const refKey = (ref: GuestRef): string => `${ref.clusterId}/${ref.vmid}`

export function groupContext(
  siteOf: (guest: FleetGuest) => string,
  folders: readonly UserFolder[],
  favourites: readonly GuestRef[],
): GroupContext {
  const folderIndex = new Map<string, string[]>()
  for (const folder of folders) {
    for (const ref of folder.guests) {
      const key = refKey(ref)
      const list = folderIndex.get(key)
      if (list === undefined) folderIndex.set(key, [folder.id])
      else if (!list.includes(folder.id)) list.push(folder.id)
    }
  }
  return { siteOf, folders, folderIndex, favourites: new Set(favourites.map(refKey)) }
}

const makeSite = (site: string): GroupKey => ({ kind: 'site', id: `site:${site}`, site })
const makeCluster = (clusterId: string): GroupKey => ({
  kind: 'cluster',
  id: `cluster:${clusterId}`,
  clusterId,
})
const makeTag = (tag: string): GroupKey => ({ kind: 'tag', id: `tag:${tag}`, tag })
const makePool = (pool: string): GroupKey => ({ kind: 'pool', id: `pool:${pool}`, pool })
export const typeGroup = (type: GuestKind): GroupKey => ({ kind: 'type', id: `type:${type}`, type })
const makeFolder = (folderId: string): GroupKey => ({
  kind: 'folder',
  id: `folder:${folderId}`,
  folderId,
})
export const noneGroup = (grouping: 'tag' | 'pool' | 'folder'): GroupKey => ({
  kind: 'none',
  id: `none:${grouping}`,
  grouping,
})
export const FAVOURITES: GroupKey = { kind: 'favourites', id: 'favourites' }

// One object per group name, so that a tree rebuilt after a delta meets the same keys (cheap, and no garbage).
const memo = <K>(make: (name: string) => K): ((name: string) => K) => {
  const known = new Map<string, K>()
  return (name) => {
    let key = known.get(name)
    if (key === undefined) {
      // Bounded: tags and pools are a cluster's words, but a hostile server could invent many.
      if (known.size > 50_000) known.clear()
      known.set(name, (key = make(name)))
    }
    return key
  }
}
/** The group of a site, cluster, tag, pool or folder: one object per name. */
export const siteGroup = memo(makeSite)
export const clusterGroup = memo(makeCluster)
export const tagGroup = memo(makeTag)
export const poolGroup = memo(makePool)
export const folderGroup = memo(makeFolder)
const SITE = siteGroup
const CLUSTER = clusterGroup
const TAG = tagGroup
const POOL = poolGroup
const FOLDER = folderGroup
const TYPES: Record<GuestKind, GroupKey> = {
  qemu: typeGroup('qemu'),
  lxc: typeGroup('lxc'),
  template: typeGroup('template'),
}
const NONE = { tag: noneGroup('tag'), pool: noneGroup('pool'), folder: noneGroup('folder') }

export const guestKind = (guest: FleetGuest): GuestKind => (guest.template ? 'template' : guest.type)

/**
 * The groups a guest is shown under in a grouping: its site, its cluster, each of its tags (or "untagged"), its
 * pool (or "no pool"), its kind, each folder of the user's holding it (or "not in a folder"). Never empty. The
 * favourites group is apart ({@link isFavourite}): it comes on top of every grouping.
 */
export function groupsOf(guest: FleetGuest, grouping: TreeGrouping, ctx: GroupContext): GroupKey[] {
  switch (grouping) {
    case 'site':
      return [SITE(ctx.siteOf(guest))]
    case 'cluster':
      return [CLUSTER(guest.clusterId)]
    case 'tag': {
      if (guest.tags.length === 0) return [NONE.tag]
      // PVE keeps a tag once per guest, but the list comes from a server: no guest shows twice in a group.
      return [...new Set(guest.tags)].map(TAG)
    }
    case 'pool':
      return guest.pool === undefined || guest.pool === '' ? [NONE.pool] : [POOL(guest.pool)]
    case 'type':
      return [TYPES[guestKind(guest)]]
    case 'folder': {
      const ids = ctx.folderIndex.get(refKey(guest))
      return ids === undefined || ids.length === 0 ? [NONE.folder] : ids.map(FOLDER)
    }
  }
}

export const isFavourite = (guest: FleetGuest, ctx: GroupContext): boolean =>
  ctx.favourites.has(refKey(guest))

const collator = new Intl.Collator(undefined, { numeric: true })
const KIND_ORDER: Record<GuestKind, number> = { qemu: 0, lxc: 1, template: 2 }

/**
 * The order of groups in the tree: favourites first, the "none" group last, kinds as VMs, containers,
 * templates, folders in the user's order, the rest by name (numbers in names compared as numbers).
 */
export function compareGroups(a: GroupKey, b: GroupKey, ctx: Pick<GroupContext, 'folders'>): number {
  const rank = (k: GroupKey): number => (k.kind === 'favourites' ? 0 : k.kind === 'none' ? 2 : 1)
  if (rank(a) !== rank(b)) return rank(a) - rank(b)
  if (a.kind === 'type' && b.kind === 'type') return KIND_ORDER[a.type] - KIND_ORDER[b.type]
  if (a.kind === 'folder' && b.kind === 'folder') {
    const at = (id: string): number => ctx.folders.findIndex((f) => f.id === id)
    return at(a.folderId) - at(b.folderId)
  }
  return collator.compare(groupName(a), groupName(b))
}

/** The group's own word (a tag, a pool, a site…); the "none", type and favourites groups are named by the UI. */
export function groupName(key: GroupKey, folders: readonly UserFolder[] = []): string {
  switch (key.kind) {
    case 'site':
      return key.site
    case 'cluster':
      return key.clusterId
    case 'tag':
      return key.tag
    case 'pool':
      return key.pool
    case 'type':
      return key.type
    case 'folder':
      return folders.find((f) => f.id === key.folderId)?.name ?? key.folderId
    case 'none':
    case 'favourites':
      return ''
  }
}
