import type { FleetGuest } from '../../../../shared/model/fleet'
import type { Selection } from '../../stores/selection'
import { selectionKey } from '../../stores/selection'
import { sameRow } from './leaf-block'
import type { TreeRow } from './tree-row'

/** The id of a guest's row under a group row: unique per group, the guest's selection once (see tree-row.ts). */
export const groupedGuestRowId = (groupRowId: string, guestKey: string): string => `${groupRowId}/${guestKey}`

/**
 * The guest rows of one group (a tag, a pool, a kind, a folder, the favourites), made only when the list asks
 * for them, like a node's {@link LeafBlock}. A block made after a delta hands back the previous block's rows of
 * the guests that did not change; a block whose guests are all the same objects is kept as it is
 * ({@link sameGuests}), so a delta that leaves a group alone makes none of its rows again.
 */
export class GroupBlock {
  private readonly rows: (TreeRow | undefined)[]
  private positions: Map<string, number> | undefined
  private previous: GroupBlock | undefined
  /** How many of the guests run (the group row says it). */
  readonly running: number

  constructor(
    readonly groupRowId: string,
    readonly guests: readonly FleetGuest[],
    /** Is the guest's cluster stale (by cluster id)? Read when a row is made. */
    readonly staleOf: (clusterId: string) => boolean,
    /** What the staleness of every cluster is, as one string: a block is kept only while it stays the same. */
    readonly staleKey: string,
    readonly level: number,
    previous: GroupBlock | undefined,
  ) {
    this.rows = new Array<TreeRow | undefined>(guests.length)
    let running = 0
    for (const guest of guests) if (guest.status === 'running') running++
    this.running = running
    this.previous = previous
    // Keep no longer chain than one.
    if (previous !== undefined) previous.previous = undefined
  }

  get count(): number {
    return this.guests.length
  }

  /** Same guests (the very objects, in order) and the same staleness: the block can stay as it is. */
  sameGuests(guests: readonly FleetGuest[], staleKey: string): boolean {
    if (staleKey !== this.staleKey || guests.length !== this.guests.length) return false
    for (let i = 0; i < guests.length; i++) if (guests[i] !== this.guests[i]) return false
    return true
  }

  rowAt(index: number): TreeRow | undefined {
    if (index < 0 || index >= this.count) return undefined
    const made = this.rows[index]
    if (made !== undefined) return made
    const row = this.make(index)
    const before = this.previous?.madeRow((this.guests[index] as FleetGuest).key)
    const kept = before !== undefined && sameRow(before, row) ? before : row
    this.rows[index] = kept
    return kept
  }

  /** The position of a guest (by fleet key) among the rows, or -1. */
  indexOfGuest(guestKey: string): number {
    if (this.positions === undefined) {
      this.positions = new Map()
      this.guests.forEach((g, i) => this.positions?.set(g.key, i))
    }
    return this.positions.get(guestKey) ?? -1
  }

  /** The row already made for a guest (by fleet key), if any. */
  private madeRow(guestKey: string): TreeRow | undefined {
    const at = this.indexOfGuest(guestKey)
    return at < 0 ? undefined : this.rows[at]
  }

  private make(index: number): TreeRow {
    const guest = this.guests[index] as FleetGuest
    const target: Selection = { kind: 'guest', clusterId: guest.clusterId, vmid: guest.vmid }
    return {
      kind: 'guest',
      id: groupedGuestRowId(this.groupRowId, selectionKey(target)),
      target,
      item: guest,
      level: this.level,
      parentId: this.groupRowId,
      stale: this.staleOf(guest.clusterId),
      hasChildren: false,
      expanded: false,
      posinset: index + 1,
      setsize: this.count,
    }
  }
}
