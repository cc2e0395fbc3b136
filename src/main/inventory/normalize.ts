import type { FleetGuest, FleetItem, FleetNode, FleetStorage } from '../../shared/model/fleet'

/**
 * `/cluster/resources` → fleet items. Real servers differ from the schema (QUIRKS.md): numbers may arrive as
 * strings, booleans as 0/1, "" or true/false, optional keys go missing by state and version, and entry types
 * we do not show (sdn, network, openvz) come mixed in. Each entry is read on its own: one odd entry is
 * skipped and counted, never the whole answer lost.
 */

// Hand-written coercions rather than a schema library: this runs on every entry of every poll (10,000 guests
// every few seconds), and per-entry schema parsing cost ten times the JSON parse itself (see `npm run bench`).

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

type Usage = Pick<FleetNode, 'cpu' | 'maxcpu' | 'mem' | 'maxmem' | 'disk' | 'maxdisk' | 'uptime'>
const USAGE_KEYS = ['cpu', 'maxcpu', 'mem', 'maxmem', 'disk', 'maxdisk', 'uptime'] as const
const CAPACITY_KEYS = ['maxcpu', 'maxmem', 'maxdisk'] as const

/** Sets `key` only when the value is present, so that absent stays absent and items compare field by field. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value
}

function putUsage(target: Usage, r: Raw, keys: readonly (keyof Usage)[]): void {
  for (const key of keys) put(target, key, num(r[key]))
}

/** PVE's vmid range (`pve-vmid`): 100 to 999,999,999; 1–99 are tolerated as older servers allowed them. */
const isVmid = (n: number | undefined): n is number =>
  n !== undefined && Number.isInteger(n) && n > 0 && n <= 999_999_999

export interface NormalizeContext {
  clusterId: string
  /** Site label by node name; others get `defaultSite`. */
  sites: Readonly<Record<string, string>>
  defaultSite: string
}

export interface NormalizeResult {
  items: Map<string, FleetItem>
  /** Entries of a type we show that could not be read (reported, not fatal). */
  skipped: number
}

const SHOWN_TYPES = new Set(['node', 'qemu', 'lxc', 'storage', 'pool'])

export function normalizeResources(entries: readonly unknown[], ctx: NormalizeContext): NormalizeResult {
  const items = new Map<string, FleetItem>()
  let skipped = 0
  for (const entry of entries) {
    const type = (entry as { type?: unknown } | null)?.type
    if (typeof type !== 'string' || !SHOWN_TYPES.has(type)) continue
    const item = normalizeEntry(type, entry, ctx)
    if (item === undefined) skipped++
    else items.set(item.key, item)
  }
  markGuestsOfOfflineNodes(items)
  return { items, skipped }
}

function normalizeEntry(type: string, entry: unknown, ctx: NormalizeContext): FleetItem | undefined {
  const r = entry as Raw
  const node = text(r.node)
  switch (type) {
    case 'node':
      return node === undefined ? undefined : toNode(r, node, ctx)
    case 'qemu':
    case 'lxc': {
      const vmid = num(r.vmid)
      return node === undefined || !isVmid(vmid) ? undefined : toGuest(r, type, vmid, node, ctx.clusterId)
    }
    case 'storage': {
      const storage = text(r.storage)
      return node === undefined || storage === undefined
        ? undefined
        : toStorage(r, node, storage, ctx.clusterId)
    }
    default: {
      const pool = text(r.pool)
      const { clusterId } = ctx
      return pool === undefined
        ? undefined
        : { kind: 'pool', key: `${clusterId}/pool/${pool}`, clusterId, pool }
    }
  }
}

function toNode(r: Raw, node: string, ctx: NormalizeContext): FleetNode {
  const status = r.status === 'online' || r.status === 'offline' ? r.status : 'unknown'
  const item: FleetNode = {
    kind: 'node',
    key: `${ctx.clusterId}/node/${node}`,
    clusterId: ctx.clusterId,
    node,
    site: ctx.sites[node] ?? ctx.defaultSite,
    status,
  }
  put(item, 'level', text(r.level))
  // An offline node's last usage figures are not current: keep only its capacity.
  putUsage(item, r, status === 'online' ? USAGE_KEYS : CAPACITY_KEYS)
  return item
}

function toGuest(r: Raw, type: 'qemu' | 'lxc', vmid: number, node: string, clusterId: string): FleetGuest {
  const tags = text(r.tags)
  const item: FleetGuest = {
    kind: 'guest',
    key: `${clusterId}/${type}/${vmid}`,
    clusterId,
    type,
    vmid,
    node,
    name: text(r.name) ?? `${type === 'qemu' ? 'VM' : 'CT'} ${vmid}`,
    status: r.status === 'running' || r.status === 'stopped' ? r.status : 'unknown',
    template: bool(r.template),
    // On the wire tags are ';'-joined; '+', '-', '_' and '.' belong inside a tag.
    tags: tags === undefined ? [] : tags.split(';').filter((t) => t !== ''),
  }
  put(item, 'qmpstatus', text(r.qmpstatus))
  put(item, 'lock', text(r.lock))
  put(item, 'pool', text(r.pool))
  put(item, 'hastate', text(r.hastate))
  put(item, 'netin', num(r.netin))
  put(item, 'netout', num(r.netout))
  putUsage(item, r, USAGE_KEYS)
  return item
}

function toStorage(r: Raw, node: string, storage: string, clusterId: string): FleetStorage {
  const content = text(r.content)
  const item: FleetStorage = {
    kind: 'storage',
    key: `${clusterId}/storage/${node}/${storage}`,
    clusterId,
    node,
    storage,
    status: text(r.status) ?? 'unknown',
    shared: bool(r.shared),
    content:
      content === undefined
        ? []
        : content
            .split(',')
            .filter((c) => c !== '')
            .sort(),
  }
  put(item, 'plugintype', text(r.plugintype))
  put(item, 'disk', num(r.disk))
  put(item, 'maxdisk', num(r.maxdisk))
  return item
}

/** A guest whose node is offline has no trustworthy state: PVE may still say `running` from its last report. */
function markGuestsOfOfflineNodes(items: Map<string, FleetItem>): void {
  const offline = new Set<string>()
  for (const item of items.values())
    if (item.kind === 'node' && item.status === 'offline') offline.add(item.node)
  if (offline.size === 0) return
  for (const [key, item] of items) {
    if (item.kind === 'guest' && offline.has(item.node)) items.set(key, { ...item, status: 'unknown' })
  }
}
