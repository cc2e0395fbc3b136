import type { InventoryCluster, PveObject } from '../../../shared/model/inventory-snapshot'
import { settle } from './bounded-queue'
import { byText, pveList, stableList, text } from './pve-values'

/**
 * The lists whose entries PVE details one call each (firewall security groups, IP sets, pools): each list, then
 * the details of at most {@link MAX_DETAILS} of its entries, in stable order.
 */

/** Entries of one list whose details are asked one by one (pools, security groups, IP sets), at most. */
export const MAX_DETAILS = 1000

/** The capture's calls as these lists need them: a failed one is already an issue and gives undefined. */
export interface DetailsAsker {
  list: (path: string) => Promise<PveObject[] | undefined>
  object: (path: string) => Promise<PveObject | undefined>
  /** A `bad_response` issue about the cluster. */
  issue: (path: string, message: string) => void
}

const enc = encodeURIComponent

export async function firewallGroups(ask: DetailsAsker, c: InventoryCluster): Promise<void> {
  const groups = await ask.list('/cluster/firewall/groups')
  if (groups === undefined) return
  const out: NonNullable<InventoryCluster['firewall']['groups']> = []
  await settle(
    bounded(ask, stableList(groups, 'group'), '/cluster/firewall/groups').map(async (entry) => {
      const group = text(entry.group)
      if (group === undefined) return
      const item: (typeof out)[number] = { group }
      const comment = text(entry.comment)
      if (comment !== undefined) item.comment = comment
      out.push(item)
      const rules = await ask.list(`/cluster/firewall/groups/${enc(group)}`)
      if (rules !== undefined) item.rules = stableList(rules, 'pos')
    }),
  )
  c.firewall.groups = out.sort((a, b) => byText(a.group, b.group))
}

export async function ipsets(ask: DetailsAsker, c: InventoryCluster): Promise<void> {
  const sets = await ask.list('/cluster/firewall/ipset')
  if (sets === undefined) return
  const out: NonNullable<InventoryCluster['firewall']['ipsets']> = []
  await settle(
    bounded(ask, stableList(sets, 'name'), '/cluster/firewall/ipset').map(async (entry) => {
      const name = text(entry.name)
      if (name === undefined) return
      const item: (typeof out)[number] = { name }
      const comment = text(entry.comment)
      if (comment !== undefined) item.comment = comment
      out.push(item)
      const entries = await ask.list(`/cluster/firewall/ipset/${enc(name)}`)
      if (entries !== undefined) item.entries = stableList(entries, 'cidr')
    }),
  )
  c.firewall.ipsets = out.sort((a, b) => byText(a.name, b.name))
}

/** `/pools`, then `/pools/{poolid}` of each (comment and members), kept with its `poolid`. */
export async function pools(ask: DetailsAsker, c: InventoryCluster): Promise<void> {
  const pools = await ask.list('/pools')
  if (pools === undefined) return
  const out: PveObject[] = []
  await settle(
    bounded(ask, stableList(pools, 'poolid'), '/pools').map(async (entry) => {
      const poolid = text(entry.poolid)
      if (poolid === undefined) return
      const pool = await ask.object(`/pools/${enc(poolid)}`)
      const members = pool?.members
      const item: PveObject = { ...entry, ...(pool ?? {}), poolid }
      if (Array.isArray(members)) item.members = stableList(pveList(members) ?? [], 'id')
      out.push(item)
    }),
  )
  c.pools = stableList(out, 'poolid')
}

/**
 * The first {@link MAX_DETAILS} entries of a list whose entries are each asked for their details: a real
 * cluster has tens of pools, security groups or IP sets, a hostile one could list a million to keep the capture
 * busy. The rest is left out, and said so.
 */
function bounded<T>(ask: DetailsAsker, entries: T[], path: string): T[] {
  if (entries.length <= MAX_DETAILS) return entries
  ask.issue(path, `${entries.length} entries: the details of the first ${MAX_DETAILS} only were asked`)
  return entries.slice(0, MAX_DETAILS)
}
