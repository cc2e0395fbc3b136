import type { FleetGuest, FleetItem } from '../../shared/model/fleet'

/** How far ahead a guest is looked for before a lookup by key: guests removed since the last poll in a row. */
const LOOKAHEAD = 16

/**
 * A cluster's previous inventory, walked in step with the next answer to find each entry's previous item.
 * PVE lists pools, guests (sorted by vmid), nodes and storages in the same order on every call (since 7.0:
 * pve-manager ab8ed6f4 "api: resources: push guest, pool and sdn info sorted", `resources` in
 * PVE/API2/Cluster.pm), so an entry's previous item is nearly always the next one, found without building and
 * hashing its key. Anything else (an older PVE's hash order, guests added or moved) falls back to a lookup.
 *
 * The items must be what `normalizeResources` returned, possibly since replaced by copies with other fields:
 * a guest's key is then `<clusterId>/<type>/<vmid>`, so that a guest found by those three fields lends its key.
 */
export class PreviousInventory {
  private readonly list: readonly FleetItem[]
  private next = 0

  constructor(readonly items: ReadonlyMap<string, FleetItem>) {
    this.list = Array.from(items.values())
  }

  /** The previous guest with this type and vmid when it is (nearly) next in order, else undefined. */
  guestInStep(clusterId: string, type: FleetGuest['type'], vmid: number): FleetGuest | undefined {
    const { list } = this
    const end = Math.min(list.length, this.next + LOOKAHEAD)
    for (let i = this.next; i < end; i++) {
      const item = list[i]
      if (
        item?.kind === 'guest' &&
        item.vmid === vmid &&
        item.type === type &&
        item.clusterId === clusterId
      ) {
        this.next = i + 1
        return item
      }
    }
    return undefined
  }

  /** The previous item of this key: the next one in order, or else looked up. */
  byKey(key: string): FleetItem | undefined {
    const item = this.list[this.next]
    if (item?.key === key) {
      this.next++
      return item
    }
    return this.items.get(key)
  }
}
