import type {
  InventoryChange,
  InventoryCluster,
  InventoryGuest,
  JsonValue,
  PveObject,
} from '../../../shared/model/inventory-snapshot'
import type { ChangeSink, ItemRef } from './compare'
import { sameJson, str } from './compare'

/** Guests by vmid, their fleet keys and the words that name them, shared by the parts of the diff. */

export const siteOf = (c: InventoryCluster, node: string): string => c.sites[node] ?? c.defaultSite

/**
 * Certificate expiry as PVE gives it (epoch seconds), shown as an ISO time; a time no Date can hold (beyond
 * ±8.64e15 ms: an edited file's `notafter: 1e13`) stays the number it was rather than throw RangeError.
 */
export const epochIso = (v: JsonValue | undefined): JsonValue | undefined =>
  typeof v === 'number' && Number.isFinite(v * 1000) && Math.abs(v * 1000) <= 8.64e15
    ? new Date(v * 1000).toISOString()
    : v

export interface GuestView {
  type: 'qemu' | 'lxc'
  vmid: number
  node: string
  name: string
  guest?: InventoryGuest
  resource?: PveObject
}

/** The guests of a cluster by vmid, made once per diff (the sink holds it). */
export type GuestIndexes = Map<InventoryCluster, Map<number, GuestView>>

/** The guests of a cluster by vmid: its captured guests, and any `/cluster/resources` entry without one. */
export function guestIndex(guestIndexes: GuestIndexes, c: InventoryCluster): Map<number, GuestView> {
  const known = guestIndexes.get(c)
  if (known !== undefined) return known
  const views = new Map<number, GuestView>()
  for (const g of c.guests)
    if (!views.has(g.vmid))
      views.set(g.vmid, { type: g.type, vmid: g.vmid, node: g.node, name: g.name, guest: g })
  for (const r of c.resources ?? []) {
    if (r.type !== 'qemu' && r.type !== 'lxc') continue
    const vmid = typeof r.vmid === 'number' ? r.vmid : Number(r.vmid)
    if (!Number.isInteger(vmid)) continue
    const view = views.get(vmid)
    if (view === undefined) {
      views.set(vmid, {
        type: r.type,
        vmid,
        node: str(r, 'node') ?? '',
        name: str(r, 'name') ?? '',
        resource: r,
      })
    } else if (view.resource === undefined && view.type === r.type) view.resource = r
  }
  guestIndexes.set(c, views)
  return views
}

export const guestKey = (clusterId: string, type: string, vmid: number): string =>
  `${clusterId}/${type}/${vmid}`
export const guestSubject = (g: { type: string; vmid: number; name: string }): string =>
  `${g.type === 'qemu' ? 'VM' : 'CT'} ${g.vmid}${g.name === '' ? '' : ` (${g.name})`}`

/**
 * The changes of one guest, its reference made only when a first change is found: most guests have none, and
 * two 10,000-guest inventory snapshots should not cost 20,000 subjects and keys to say so.
 */
export class GuestRef {
  private made: ItemRef | undefined

  constructor(
    readonly sink: ChangeSink,
    private readonly category: 'guest' | 'backup',
    private readonly cluster: InventoryCluster,
    private readonly view: GuestView,
    private readonly clusterId = cluster.id,
  ) {}

  get ref(): ItemRef {
    this.made ??= {
      category: this.category,
      clusterId: this.clusterId,
      subject: guestSubject(this.view),
      key: guestKey(this.clusterId, this.view.type, this.view.vmid),
      site: siteOf(this.cluster, this.view.node),
    }
    return this.made
  }

  push(
    kind: InventoryChange['kind'],
    field: string,
    before: JsonValue | undefined,
    after: JsonValue | undefined,
  ): void {
    if (!sameJson(before, after)) this.sink.push({ ...this.ref, kind, field, before, after })
  }
}
