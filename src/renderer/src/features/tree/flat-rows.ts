import type { ClusterIndex } from '../../stores/cluster-index'
import type { Selection } from '../../stores/selection'
import { selectionKey } from '../../stores/selection'
import type { GroupBlock } from './group-block'
import type { LeafBlock } from './leaf-block'
import type { TreeRow, TreeRows } from './tree-row'

/** What a part of the tree hands the list: a parent row, a node's block of rows, or a group's. */
export type Pending = { row: TreeRow } | { leaf: LeafBlock } | { group: GroupBlock }

/** A run of the flat list: one parent row, or a block of rows. */
type Segment =
  { start: number; row: TreeRow; block?: undefined } | { start: number; block: LeafBlock | GroupBlock }

/** Puts the parts of the tree end to end, remembering where each parent row and block starts. */
export class RowsBuilder {
  private readonly segments: Segment[] = []
  private readonly parents = new Map<string, number>()
  private readonly clusters = new Map<string, number>()
  private readonly leaves = new Map<string, { start: number; block: LeafBlock }>()
  private readonly groups: { start: number; block: GroupBlock }[] = []
  private length = 0

  emit(items: readonly Pending[]): void {
    for (const item of items) {
      if ('row' in item) {
        this.parents.set(item.row.id, this.length)
        if (item.row.kind === 'cluster' && !this.clusters.has(item.row.clusterId))
          this.clusters.set(item.row.clusterId, this.length)
        this.segments.push({ start: this.length, row: item.row })
        this.length++
      } else if ('leaf' in item) {
        if (item.leaf.count === 0) continue
        const segment = { start: this.length, block: item.leaf }
        this.segments.push(segment)
        this.leaves.set(item.leaf.nodeId, segment)
        this.length += item.leaf.count
      } else {
        if (item.group.count === 0) continue
        const segment = { start: this.length, block: item.group }
        this.segments.push(segment)
        this.groups.push(segment)
        this.length += item.group.count
      }
    }
  }

  finish(trees: Record<string, ClusterIndex>): TreeRows {
    return new FlatRows(
      this.segments,
      this.length,
      this.parents,
      this.clusters,
      this.leaves,
      this.groups,
      trees,
    )
  }
}

class FlatRows implements TreeRows {
  constructor(
    private readonly segments: readonly Segment[],
    readonly length: number,
    private readonly parents: ReadonlyMap<string, number>,
    /** The first row of each cluster, by cluster id: a cluster selected under a site is found without one. */
    private readonly clusters: ReadonlyMap<string, number>,
    private readonly leaves: ReadonlyMap<string, { start: number; block: LeafBlock }>,
    private readonly groups: readonly { start: number; block: GroupBlock }[],
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

  indexOf(target: Selection, within?: string): number {
    if (target.kind === 'cluster')
      return this.parents.get(selectionKey(target)) ?? this.clusters.get(target.clusterId) ?? -1
    if (target.kind === 'site' || target.kind === 'node' || target.kind === 'group')
      return this.indexOfParent(selectionKey(target))
    if (target.kind === 'storage') {
      const segment = this.leaves.get(
        selectionKey({ kind: 'node', clusterId: target.clusterId, node: target.node }),
      )
      const at = segment === undefined ? -1 : segment.block.indexOfStorage(target.storage)
      return segment === undefined || at < 0 ? -1 : segment.start + at
    }
    const guest = this.trees[target.clusterId]?.guests.get(target.vmid)
    if (guest === undefined) return -1
    if (within !== undefined) {
      const segment = this.groups.find((s) => s.block.groupRowId === within)
      const at = segment === undefined ? -1 : segment.block.indexOfGuest(guest.key)
      if (segment !== undefined && at >= 0) return segment.start + at
    }
    const leaf = this.leaves.get(
      selectionKey({ kind: 'node', clusterId: target.clusterId, node: guest.node }),
    )
    const inLeaf = leaf === undefined ? -1 : leaf.block.indexOfGuest(target.vmid)
    if (leaf !== undefined && inLeaf >= 0) return leaf.start + inLeaf
    for (const segment of this.groups) {
      const at = segment.block.indexOfGuest(guest.key)
      if (at >= 0) return segment.start + at
    }
    return -1
  }
}
