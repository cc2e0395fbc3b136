import type { FleetGuest } from '../../../../shared/model/fleet'
import type { GuestRef } from '../../../../shared/model/guest-action'
import type { TreeGrouping, UserFolder } from '../../../../shared/model/workspace'
import type { ClusterIndex, NodeGroup } from '../../stores/cluster-index'
import type { ClusterEntry } from '../../stores/fleet-store'
import type { GroupContext, GroupKey } from '../views/grouping'
import type { GroupBlock } from './group-block'
import type { BlockPlace, LeafBlock, TreeSearch } from './leaf-block'
import type { TreeRow } from './tree-row'

/** What the tree is built from: the store's per-cluster indexes, the collapsed rows and the search text. */
export interface TreeSource {
  clusters: Record<string, ClusterEntry>
  trees: Record<string, ClusterIndex>
  /** Rows the user collapsed ({@link collapseKey}); everything else starts expanded (an operator wants to see the whole fleet). */
  collapsed: ReadonlySet<string>
  filter: string
  /** How the tree groups the fleet (default: by site). */
  grouping?: TreeGrouping
  folders?: readonly UserFolder[]
  /** Shown in their own group on top (when any is in the fleet shown). */
  favourites?: readonly GuestRef[]
  /** Addresses learned of guests by fleet key, for `ip:` (see stores/address-store.ts). */
  ips?: ReadonlyMap<string, readonly string[]>
}

/**
 * The key of a row in {@link TreeSource.collapsed}: its id, scoped by grouping (a cluster row collapsed by
 * site stays open by cluster). By site it is the row id alone, as before groupings existed.
 */
export const collapseKey = (grouping: TreeGrouping, rowId: string): string =>
  grouping === 'site' ? rowId : `${grouping}|${rowId}`

/** What one build of the tree shares with the parts that make it (see createTreeModel). */
export interface TreeBuild {
  readonly source: TreeSource
  readonly grouping: TreeGrouping
  readonly search: TreeSearch | undefined
  readonly filtering: boolean
  readonly ctx: GroupContext
  isOpen: (rowId: string) => boolean
  /** The previous build's row of that id when equal (React renders it not again), else this one. */
  stable: <R extends TreeRow>(row: R) => R
  /** A node's block of rows for this search, kept while its group, place, staleness and level stay. */
  leafBlock: (g: NodeGroup, clusterId: string, place: BlockPlace, stale: boolean, level: number) => LeafBlock
  placeOf: (nodeId: string, site: string, clusterName: string) => BlockPlace
  /** The block of a group row for these guests: the previous one when its guests are the same. */
  groupBlock: (groupRowId: string, guests: readonly FleetGuest[], level: number) => GroupBlock
  /** The groups of a node's matched guests in this grouping, each list in VMID order (kept per block). */
  split: (block: LeafBlock) => ReadonlyMap<GroupKey, readonly FleetGuest[]>
}
