import { sameItem, sameStrings } from '../../shared/model/delta'
import type { FleetGuest, FleetItem, FleetNode, FleetStorage } from '../../shared/model/fleet'
import { PreviousInventory } from './previous-inventory'

/**
 * `/cluster/resources` → fleet items. Real servers differ from the schema (QUIRKS.md): numbers may arrive as
 * strings, booleans as 0/1, "" or true/false, optional keys go missing by state and version, and entry types
 * we do not show (sdn, network, openvz) come mixed in. Each entry is read on its own: one odd entry is
 * skipped and counted, never the whole answer lost.
 */

// Hand-written coercions rather than a schema library, and every field read and written by its name: this runs
// on every entry of every poll (10,000 guests every few seconds). Per-entry schema parsing cost ten times the
// JSON parse itself, and a generic `target[key] = value` helper over key lists still twice (see `npm run bench`).

type Raw = Record<string, unknown>

/** A number that may be sent as a string; anything unreadable becomes absent. */
function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v)
    return Number.isFinite(n) ? n : undefined
  }
  return undefined
}

/** PVE booleans: 0/1, "0"/"1", "" (6.x template), true/false. */
const bool = (v: unknown): boolean => v === true || v === 1 || v === '1'

/** A non-empty string (numbers accepted, as Perl sends them); "" and anything else become absent. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return undefined
}

/** The parts of a `separator`-joined list, empty parts left out (filtering only when there is one). */
function parts(joined: string | undefined, separator: string): string[] {
  if (joined === undefined) return []
  const all = joined.split(separator)
  for (const part of all) if (part === '') return all.filter((p) => p !== '')
  return all
}

type Usage = Pick<FleetNode, 'cpu' | 'maxcpu' | 'mem' | 'maxmem' | 'disk' | 'maxdisk' | 'uptime'>

// Each optional key is set only when its value is readable, so that absent stays absent and items compare field
// by field.

function putUsage(item: Usage, r: Raw): void {
  const cpu = num(r.cpu)
  if (cpu !== undefined) item.cpu = cpu
  const maxcpu = num(r.maxcpu)
  if (maxcpu !== undefined) item.maxcpu = maxcpu
  const mem = num(r.mem)
  if (mem !== undefined) item.mem = mem
  const maxmem = num(r.maxmem)
  if (maxmem !== undefined) item.maxmem = maxmem
  const disk = num(r.disk)
  if (disk !== undefined) item.disk = disk
  const maxdisk = num(r.maxdisk)
  if (maxdisk !== undefined) item.maxdisk = maxdisk
  const uptime = num(r.uptime)
  if (uptime !== undefined) item.uptime = uptime
}

function putCapacity(item: Usage, r: Raw): void {
  const maxcpu = num(r.maxcpu)
  if (maxcpu !== undefined) item.maxcpu = maxcpu
  const maxmem = num(r.maxmem)
  if (maxmem !== undefined) item.maxmem = maxmem
  const maxdisk = num(r.maxdisk)
  if (maxdisk !== undefined) item.maxdisk = maxdisk
}

/** PVE's vmid range (`pve-vmid`): 100 to 999,999,999; 1–99 are tolerated as older servers allowed them. */
const isVmid = (n: number | undefined): n is number =>
  n !== undefined && Number.isInteger(n) && n > 0 && n <= 999_999_999

export interface NormalizeContext {
  clusterId: string
  /** Site label by node name; others get `defaultSite`. */
  sites: Readonly<Record<string, string>>
  defaultSite: string
  /**
   * QEMU run states by vmid (`qmpstatus`, from `fetchQemuRunStates`), laid on the running VMs as `withRunStates`
   * does, here so that an unchanged VM is kept from the last poll rather than copied on every one.
   */
  runStates?: ReadonlyMap<number, string>
}

export interface NormalizeResult {
  items: Map<string, FleetItem>
  /** Entries of a type we show that could not be read (reported, not fatal). */
  skipped: number
}

/**
 * With `previous`, the inventory this function gave for the cluster's last answer (run states may since have
 * been laid on it), an item equal to its previous self is that same object. Most of an answer is what the last
 * poll said (pvestatd refreshes the figures every 10 s, a stopped guest's never change), and those items then
 * cost neither memory nor collection beyond the poll, and `diffInventory` sees them unchanged at a glance.
 */
export function normalizeResources(
  entries: readonly unknown[],
  ctx: NormalizeContext,
  previousItems?: ReadonlyMap<string, FleetItem>,
): NormalizeResult {
  const previous = previousItems === undefined ? undefined : new PreviousInventory(previousItems)
  const items = new Map<string, FleetItem>()
  const { clusterId } = ctx
  let skipped = 0
  let someNodeOffline = false
  const tagLists = new TagLists()
  const runStates = ctx.runStates?.size
    ? { states: ctx.runStates, offline: offlineNodes(entries) }
    : undefined
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue
    const r = entry as Raw
    let item: FleetItem | undefined
    // The types we show; others (sdn, network, openvz…) are left out without counting.
    switch (r.type) {
      case 'qemu':
        item = toGuest(r, 'qemu', clusterId, tagLists, previous, runStates)
        break
      case 'lxc':
        item = toGuest(r, 'lxc', clusterId, tagLists, previous, undefined)
        break
      case 'node':
        item = unchanged(previous, toNode(r, ctx))
        if (item?.status === 'offline') someNodeOffline = true
        break
      case 'storage':
        item = unchanged(previous, toStorage(r, clusterId))
        break
      case 'pool': {
        const pool = text(r.pool)
        item = unchanged(
          previous,
          pool === undefined
            ? undefined
            : { kind: 'pool', key: `${clusterId}/pool/${pool}`, clusterId, pool },
        )
        break
      }
      default:
        continue
    }
    if (item === undefined) skipped++
    else items.set(item.key, item)
  }
  if (someNodeOffline) markGuestsOfOfflineNodes(items, previous)
  return { items, skipped }
}

function toNode(r: Raw, ctx: NormalizeContext): FleetNode | undefined {
  const node = text(r.node)
  if (node === undefined) return undefined
  const status = r.status === 'online' || r.status === 'offline' ? r.status : 'unknown'
  const item: FleetNode = {
    kind: 'node',
    key: `${ctx.clusterId}/node/${node}`,
    clusterId: ctx.clusterId,
    node,
    site: ctx.sites[node] ?? ctx.defaultSite,
    status,
  }
  const level = text(r.level)
  if (level !== undefined) item.level = level
  // An offline node's last usage figures are not current: keep only its capacity.
  if (status === 'online') putUsage(item, r)
  else putCapacity(item, r)
  return item
}

function toGuest(
  r: Raw,
  type: 'qemu' | 'lxc',
  clusterId: string,
  tagLists: TagLists,
  previous: PreviousInventory | undefined,
  runStates: RunStates | undefined,
): FleetGuest | undefined {
  const node = text(r.node)
  const vmid = num(r.vmid)
  if (node === undefined || !isVmid(vmid)) return undefined
  let before = previous?.guestInStep(clusterId, type, vmid)
  const key = before?.key ?? `${clusterId}/${type}/${vmid}`
  if (before === undefined && previous !== undefined) {
    const found = previous.items.get(key)
    if (found?.kind === 'guest') before = found
  }
  const name = text(r.name) ?? `${type === 'qemu' ? 'VM' : 'CT'} ${vmid}`
  const status = r.status === 'running' || r.status === 'stopped' ? r.status : 'unknown'
  const template = bool(r.template)
  const tags = tagLists.of(text(r.tags))
  const netin = num(r.netin)
  const netout = num(r.netout)
  const cpu = num(r.cpu)
  const maxcpu = num(r.maxcpu)
  const mem = num(r.mem)
  const maxmem = num(r.maxmem)
  const disk = num(r.disk)
  const maxdisk = num(r.maxdisk)
  const uptime = num(r.uptime)
  // Only a VM running on a node that is not offline has a run state (withRunStates, markGuestsOfOfflineNodes).
  const qmpstatus =
    (status === 'running' && runStates !== undefined && !runStates.offline.has(node)
      ? runStates.states.get(vmid)
      : undefined) ?? text(r.qmpstatus)
  const lock = text(r.lock)
  const pool = text(r.pool)
  const hastate = text(r.hastate)

  // Compared with the guest as the previous poll saw it before anything is built. An absent field is
  // `undefined` on both sides and a present one never is, so absent and present differ.
  if (
    before !== undefined &&
    before.status === status &&
    before.cpu === cpu &&
    before.mem === mem &&
    before.uptime === uptime &&
    before.netin === netin &&
    before.netout === netout &&
    before.disk === disk &&
    before.qmpstatus === qmpstatus &&
    before.lock === lock &&
    before.node === node &&
    before.name === name &&
    before.hastate === hastate &&
    before.pool === pool &&
    before.template === template &&
    before.maxcpu === maxcpu &&
    before.maxmem === maxmem &&
    before.maxdisk === maxdisk &&
    before.type === type &&
    before.vmid === vmid &&
    before.key === key &&
    before.clusterId === clusterId &&
    sameStrings(before.tags, tags)
  )
    return before

  let item: FleetGuest
  if (
    netin !== undefined &&
    netout !== undefined &&
    cpu !== undefined &&
    maxcpu !== undefined &&
    mem !== undefined &&
    maxmem !== undefined &&
    disk !== undefined &&
    maxdisk !== undefined &&
    uptime !== undefined
  ) {
    // What every guest of /cluster/resources carries, in one literal: V8 then builds the object at once
    // instead of growing it key by key, a tenth of the cost.
    // prettier-ignore
    item = { kind: 'guest', key, clusterId, type, vmid, node, name, status, template, tags: tags.slice(), netin, netout, cpu, maxcpu, mem, maxmem, disk, maxdisk, uptime }
  } else {
    item = { kind: 'guest', key, clusterId, type, vmid, node, name, status, template, tags: tags.slice() }
    if (netin !== undefined) item.netin = netin
    if (netout !== undefined) item.netout = netout
    if (cpu !== undefined) item.cpu = cpu
    if (maxcpu !== undefined) item.maxcpu = maxcpu
    if (mem !== undefined) item.mem = mem
    if (maxmem !== undefined) item.maxmem = maxmem
    if (disk !== undefined) item.disk = disk
    if (maxdisk !== undefined) item.maxdisk = maxdisk
    if (uptime !== undefined) item.uptime = uptime
  }
  if (pool !== undefined) item.pool = pool
  if (qmpstatus !== undefined) item.qmpstatus = qmpstatus
  if (lock !== undefined) item.lock = lock
  if (hastate !== undefined) item.hastate = hastate
  return item
}

/**
 * The tags of an answer's guests, split once per distinct `tags` string: a fleet has few tag sets, and
 * splitting cost a third of the normalization. A list is copied before it goes into an item.
 */
class TagLists {
  private static readonly none: readonly string[] = []
  private readonly lists = new Map<string, readonly string[]>()
  private lastJoined: string | undefined
  private lastList = TagLists.none

  of(joined: string | undefined): readonly string[] {
    if (joined === undefined) return TagLists.none
    // Neighbours often share their tags: a comparison is cheaper than hashing the string.
    if (joined === this.lastJoined) return this.lastList
    let list = this.lists.get(joined)
    if (list === undefined) {
      // On the wire tags are ';'-joined; '+', '-', '_' and '.' belong inside a tag.
      list = parts(joined, ';')
      this.lists.set(joined, list)
    }
    this.lastJoined = joined
    this.lastList = list
    return list
  }
}

function toStorage(r: Raw, clusterId: string): FleetStorage | undefined {
  const node = text(r.node)
  const storage = text(r.storage)
  if (node === undefined || storage === undefined) return undefined
  const item: FleetStorage = {
    kind: 'storage',
    key: `${clusterId}/storage/${node}/${storage}`,
    clusterId,
    node,
    storage,
    status: text(r.status) ?? 'unknown',
    shared: bool(r.shared),
    content: parts(text(r.content), ',').sort(),
  }
  const plugintype = text(r.plugintype)
  if (plugintype !== undefined) item.plugintype = plugintype
  const disk = num(r.disk)
  if (disk !== undefined) item.disk = disk
  const maxdisk = num(r.maxdisk)
  if (maxdisk !== undefined) item.maxdisk = maxdisk
  return item
}

interface RunStates {
  states: ReadonlyMap<number, string>
  /** The nodes whose guests `markGuestsOfOfflineNodes` will mark. */
  offline: ReadonlySet<string>
}

/** The nodes an answer says are offline, read as `toNode` and the map of items do (the last entry wins). */
function offlineNodes(entries: readonly unknown[]): Set<string> {
  const offline = new Set<string>()
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null || (entry as Raw).type !== 'node') continue
    const node = text((entry as Raw).node)
    if (node === undefined) continue
    if ((entry as Raw).status === 'offline') offline.add(node)
    else offline.delete(node)
  }
  return offline
}

/** The previous item when it equals `item`, else `item` (few items go this way: guests compare in `toGuest`). */
function unchanged<T extends FleetItem>(
  previous: PreviousInventory | undefined,
  item: T | undefined,
): T | undefined {
  if (previous === undefined || item === undefined) return item
  const before = previous.byKey(item.key)
  return before !== undefined && sameItem(before, item) ? (before as T) : item
}

/** A guest whose node is offline has no trustworthy state: PVE may still say `running` from its last report. */
function markGuestsOfOfflineNodes(
  items: Map<string, FleetItem>,
  previous: PreviousInventory | undefined,
): void {
  const offline = new Set<string>()
  for (const item of items.values())
    if (item.kind === 'node' && item.status === 'offline') offline.add(item.node)
  if (offline.size === 0) return
  for (const [key, item] of items) {
    if (item.kind !== 'guest' || !offline.has(item.node) || item.status === 'unknown') continue
    const marked: FleetItem = { ...item, status: 'unknown' }
    items.set(key, unchanged(previous, marked) ?? marked)
  }
}
