import type { GroupKey } from '../views/grouping'
import type { ClusterStatus, FleetGuest, FleetNode, FleetStorage } from '../../../../shared/model/fleet'
import type { ClusterCapture } from '../../stores/fleet-store'
import type { Selection } from '../../stores/selection'

/**
 * One row of the multi-cluster tree, flattened for a virtualized list: sites → clusters → nodes → guests and
 * storage (or clusters → nodes → …, or groups → guests, see features/views/grouping.ts). Each row carries its
 * typed {@link Selection}; its `id` is derived from it, never parsed back. A guest under a group (a tag, a
 * folder, the favourites) has the id `<group row id>/<guest selection key>`: the same guest under two tags is two
 * rows, one selection.
 */
export type TreeRow =
  | (RowBase & { kind: 'site'; site: string; guestCount: number })
  | (RowBase & {
      kind: 'cluster'
      clusterId: string
      name: string
      color?: string
      status: ClusterStatus
      /** In an opened inventory snapshot: how the capture reached the cluster (shown instead of live state). */
      capture?: ClusterCapture
    })
  | (RowBase & { kind: 'node'; item: FleetNode; stale: boolean })
  | (RowBase & { kind: 'guest'; item: FleetGuest; stale: boolean })
  | (RowBase & { kind: 'storage'; item: FleetStorage; stale: boolean })
  /**
   * A group of a grouping other than by site or cluster, or the favourites: its guests (those the search
   * matches) and how many of them run. `name` is the group's own word (a tag, a pool, a folder's name).
   */
  | (RowBase & { kind: 'group'; group: GroupKey; name: string; guestCount: number; running: number })

interface RowBase {
  /**
   * `selectionKey(target)`, prefixed by the group row's id for a guest under a group: unique and stable across
   * rebuilds, used as DOM id and for focus.
   */
  id: string
  target: Selection
  level: number
  parentId: string | undefined
  hasChildren: boolean
  expanded: boolean
  /** 1-based position among siblings and sibling count (aria-posinset / aria-setsize in a virtual list). */
  posinset: number
  setsize: number
}

/** The visible rows, made on demand: the list asks for the screenful it shows. */
export interface TreeRows {
  readonly length: number
  at(index: number): TreeRow | undefined
  /** The index of a site, cluster or node row by id (the rows that have children), or -1. */
  indexOfParent(id: string): number
  /**
   * The index of the row a selection stands for, or -1 when it is not shown (collapsed, filtered out, gone). A
   * guest shown under several groups: its row under the group row `within` when given and shown, else its first.
   */
  indexOf(target: Selection, within?: string): number
}

/** Every row at once (tests, benchmarks). */
export const rowsToArray = (rows: TreeRows): TreeRow[] =>
  Array.from({ length: rows.length }, (_, i) => rows.at(i)).filter((r): r is TreeRow => r !== undefined)
