import { z } from 'zod'

import type { FleetGuest, FleetItem, FleetNode, FleetStorage } from '../../shared/model/fleet'

/**
 * `/cluster/resources` → fleet items. Real servers differ from the schema (QUIRKS.md): numbers may arrive as
 * strings, booleans as 0/1, "" or true/false, optional keys go missing by state and version, and entry types
 * we do not show (sdn, network, openvz) come mixed in. Each entry is read on its own: one odd entry is
 * skipped and counted, never the whole answer lost.
 */

/** A number that may be sent as a string; anything unreadable becomes absent. */
const num = z.preprocess((v) => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return undefined
}, z.number().optional())

/** PVE booleans: 0/1, "0"/"1", "" (6.x template), true/false. */
const bool = z.preprocess((v) => v === true || v === 1 || v === '1', z.boolean())

const text = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string())
const optText = z.preprocess((v) => (v === '' || v === null ? undefined : v), text.optional())

const usage = { cpu: num, maxcpu: num, mem: num, maxmem: num, disk: num, maxdisk: num, uptime: num }

const RawNode = z.object({ type: z.literal('node'), node: text, status: optText, level: optText, ...usage })
const RawGuest = z.object({
  type: z.enum(['qemu', 'lxc']),
  vmid: num.pipe(z.number().int()),
  node: text,
  name: optText,
  status: optText,
  qmpstatus: optText,
  template: bool.optional(),
  lock: optText,
  tags: optText,
  pool: optText,
  hastate: optText,
  netin: num,
  netout: num,
  ...usage,
})
const RawStorage = z.object({
  type: z.literal('storage'),
  node: text,
  storage: text,
  plugintype: optText,
  status: optText,
  shared: bool.optional(),
  content: optText,
  disk: num,
  maxdisk: num,
})
const RawPool = z.object({ type: z.literal('pool'), pool: text })

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
  const { clusterId } = ctx
  switch (type) {
    case 'node': {
      const r = RawNode.safeParse(entry)
      return r.success ? toNode(r.data, ctx) : undefined
    }
    case 'qemu':
    case 'lxc': {
      const r = RawGuest.safeParse(entry)
      return r.success ? toGuest(r.data, clusterId) : undefined
    }
    case 'storage': {
      const r = RawStorage.safeParse(entry)
      return r.success ? toStorage(r.data, clusterId) : undefined
    }
    default: {
      const r = RawPool.safeParse(entry)
      return r.success
        ? { kind: 'pool', key: `${clusterId}/pool/${r.data.pool}`, clusterId, pool: r.data.pool }
        : undefined
    }
  }
}

/** Drops keys whose value is undefined, so that absent stays absent and items compare field by field. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

function toNode(r: z.infer<typeof RawNode>, ctx: NormalizeContext): FleetNode {
  const status = r.status === 'online' || r.status === 'offline' ? r.status : 'unknown'
  const { cpu, maxcpu, mem, maxmem, disk, maxdisk, uptime } = r
  return compact({
    kind: 'node',
    key: `${ctx.clusterId}/node/${r.node}`,
    clusterId: ctx.clusterId,
    node: r.node,
    site: ctx.sites[r.node] ?? ctx.defaultSite,
    status,
    level: r.level,
    ...(status === 'online'
      ? { cpu, maxcpu, mem, maxmem, disk, maxdisk, uptime }
      : { maxcpu, maxmem, maxdisk }),
  })
}

function toGuest(r: z.infer<typeof RawGuest>, clusterId: string): FleetGuest {
  const status = r.status === 'running' || r.status === 'stopped' ? r.status : 'unknown'
  return compact({
    kind: 'guest',
    key: `${clusterId}/${r.type}/${r.vmid}`,
    clusterId,
    type: r.type,
    vmid: r.vmid,
    node: r.node,
    name: r.name ?? `${r.type === 'qemu' ? 'VM' : 'CT'} ${r.vmid}`,
    status,
    qmpstatus: r.qmpstatus,
    template: r.template ?? false,
    lock: r.lock,
    // On the wire tags are ';'-joined; '+', '-', '_' and '.' belong inside a tag.
    tags: r.tags === undefined ? [] : r.tags.split(';').filter((t) => t !== ''),
    pool: r.pool,
    hastate: r.hastate,
    netin: r.netin,
    netout: r.netout,
    cpu: r.cpu,
    maxcpu: r.maxcpu,
    mem: r.mem,
    maxmem: r.maxmem,
    disk: r.disk,
    maxdisk: r.maxdisk,
    uptime: r.uptime,
  })
}

function toStorage(r: z.infer<typeof RawStorage>, clusterId: string): FleetStorage {
  return compact({
    kind: 'storage',
    key: `${clusterId}/storage/${r.node}/${r.storage}`,
    clusterId,
    node: r.node,
    storage: r.storage,
    plugintype: r.plugintype,
    status: r.status ?? 'unknown',
    shared: r.shared ?? false,
    content:
      r.content === undefined
        ? []
        : r.content
            .split(',')
            .filter((c) => c !== '')
            .sort(),
    disk: r.disk,
    maxdisk: r.maxdisk,
  })
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
