import type { ClusterStatus, FleetGuest, FleetNode, FleetStorage } from '../../../../shared/model/fleet'
import type { ClusterCapture } from '../../stores/fleet-store'
import type { Selection } from '../../stores/selection'

/**
 * One row of the multi-cluster tree, flattened for a virtualized list: sites → clusters → nodes → guests and
 * storage. Each row carries its typed {@link Selection}; its `id` is derived from it, never parsed back.
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

interface RowBase {
  /** `selectionKey(target)`: unique and stable across rebuilds, used as DOM id, React key and for focus. */
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
  /** The index of the row a selection stands for, or -1 when it is not shown (collapsed, filtered out, gone). */
  indexOf(target: Selection): number
}

/** Every row at once (tests, benchmarks). */
export const rowsToArray = (rows: TreeRows): TreeRow[] =>
  Array.from({ length: rows.length }, (_, i) => rows.at(i)).filter((r): r is TreeRow => r !== undefined)
