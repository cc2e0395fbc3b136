import type { JsonValue, PveObject } from '../../../shared/model/inventory-snapshot'
import type { Cell, Sheet } from './cells'
import { columns, epoch, gib, num, text, yesNo } from './cells'
import type { ClusterFacts } from './fleet-facts'

/** Storage, Backups, Not backed up, Replication and HA: what keeps the guests' data and keeps them running. */

const str = (v: JsonValue | undefined): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined

const guestName = (f: ClusterFacts, vmid: number | null): Cell => {
  if (vmid === null) return null
  return f.guest(vmid)?.name ?? str(f.resource(vmid)?.name) ?? null
}

/** Where a storage's data is, in the words of its type: a path, a server and export, a pool, a datastore. */
function location(d: PveObject | undefined): Cell {
  if (d === undefined) return null
  const server = str(d.server) ?? str(d.portal) ?? str(d.monhost)
  const where =
    str(d.path) ?? str(d.export) ?? str(d.datastore) ?? str(d.pool) ?? str(d.vgname) ?? str(d.share)
  const thin = str(d.thinpool)
  return [server, where, thin].filter((x) => x !== undefined).join(' ') || null
}

export function storageSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  for (const f of facts) {
    const definitions = new Map((f.cluster.storage.definitions ?? []).map((d) => [str(d.storage), d]))
    const seen = new Set<string>()
    const resources = (f.cluster.resources ?? [])
      .filter((r) => r.type === 'storage')
      .sort((a, b) =>
        `${str(a.storage) ?? ''} ${str(a.node) ?? ''}` < `${str(b.storage) ?? ''} ${str(b.node) ?? ''}`
          ? -1
          : 1,
      )
    for (const r of resources) {
      const storage = str(r.storage) ?? ''
      seen.add(storage)
      const d = definitions.get(storage)
      const size = num(r.maxdisk)
      const used = num(r.disk)
      rows.push([
        f.cluster.id,
        storage,
        str(r.node) ?? null,
        f.siteOf(str(r.node) ?? ''),
        text(r.plugintype ?? d?.type),
        text(r.content ?? d?.content),
        yesNo(r.shared ?? d?.shared, false),
        text(r.status),
        gib(size),
        gib(used),
        size !== null && used !== null && size > 0 ? Math.round((used / size) * 1000) / 10 : null,
        location(d),
        yesNo(d?.disable === undefined ? undefined : num(d.disable) === 1 ? 0 : 1, true),
        text(d?.nodes),
        text(d?.['prune-backups']),
      ])
    }
    // A storage defined but not active on any node (disabled, or limited to nodes that are down).
    for (const [storage, d] of definitions) {
      if (storage === undefined || seen.has(storage)) continue
      rows.push([
        f.cluster.id,
        storage,
        null,
        null,
        text(d.type),
        text(d.content),
        yesNo(d.shared, false),
        null,
        null,
        null,
        null,
        location(d),
        yesNo(num(d.disable) === 1 ? 0 : 1),
        text(d.nodes),
        text(d['prune-backups']),
      ])
    }
  }
  return {
    name: 'Storage',
    columns: columns(
      'Cluster',
      'Storage',
      'Node',
      'Site',
      'Type',
      'Content',
      'Shared',
      'Status',
      ['Size (GiB)', 'gib'],
      ['Used (GiB)', 'gib'],
      ['Used (%)', 'percent'],
      'Location',
      'Enabled',
      'Limited to nodes',
      'Retention',
    ),
    rows,
  }
}

const verification = (e: PveObject): Cell => {
  const v = e.verification
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return null
  return str(v.state) ?? null
}

export function backupsSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  for (const f of facts) {
    for (const archive of f.cluster.backups.archives) {
      for (const e of archive.entries) {
        const vmid = num(e.vmid)
        rows.push([
          f.cluster.id,
          archive.storage,
          archive.node,
          vmid,
          guestName(f, vmid),
          text(e.subtype) ?? (str(e.volid)?.includes('qemu') === true ? 'qemu' : null),
          epoch(e.ctime),
          gib(e.size),
          text(e.format),
          verification(e),
          yesNo(e.protected, false),
          text(e.notes),
          text(e.volid),
        ])
      }
    }
  }
  return {
    name: 'Backups',
    columns: columns(
      'Cluster',
      'Storage',
      'Listed on node',
      ['VMID', 'integer'],
      'Guest',
      'Guest type',
      ['Time (UTC)', 'date'],
      ['Size (GiB)', 'gib'],
      'Format',
      'Verification',
      'Protected',
      'Notes',
      'Volume',
    ),
    rows,
  }
}

export function notBackedUpSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  for (const f of facts) {
    for (const e of f.cluster.backups.notBackedUp ?? []) {
      const vmid = num(e.vmid)
      const node = vmid === null ? undefined : (f.guest(vmid)?.node ?? str(f.resource(vmid)?.node))
      rows.push([
        f.cluster.id,
        vmid,
        text(e.name) ?? guestName(f, vmid),
        text(e.type),
        node ?? null,
        node === undefined ? null : f.siteOf(node),
        vmid === null ? null : text(f.resource(vmid)?.status),
      ])
    }
  }
  return {
    name: 'Not backed up',
    columns: columns('Cluster', ['VMID', 'integer'], 'Guest', 'Type', 'Node', 'Site', 'Status'),
    rows,
  }
}

export function replicationSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  for (const f of facts) {
    const state = new Map<string, PveObject>()
    for (const s of f.cluster.replication.state)
      for (const e of s.entries) if (typeof e.id === 'string') state.set(e.id, e)
    for (const j of f.cluster.replication.jobs ?? []) {
      const id = str(j.id) ?? ''
      const s = state.get(id)
      const vmid = num(j.guest)
      rows.push([
        f.cluster.id,
        id,
        vmid,
        guestName(f, vmid),
        text(j.type),
        text(j.source ?? (vmid === null ? undefined : f.guest(vmid)?.node)),
        text(j.target),
        text(j.schedule) ?? '*/15',
        num(j.rate),
        yesNo(num(j.disable) === 1 ? 0 : 1),
        s === undefined ? null : epoch(s.last_sync),
        s === undefined ? null : epoch(s.next_sync),
        s === undefined ? null : num(s.duration),
        s === undefined ? null : (num(s.fail_count) ?? 0),
        s === undefined ? null : str(s.error) === undefined ? 'ok' : `error: ${str(s.error) ?? ''}`,
        text(j.comment),
      ])
    }
  }
  return {
    name: 'Replication',
    columns: columns(
      'Cluster',
      'Job',
      ['VMID', 'integer'],
      'Guest',
      'Type',
      'Source node',
      'Target node',
      'Schedule',
      ['Rate limit (MB/s)', 'decimal'],
      'Enabled',
      ['Last sync (UTC)', 'date'],
      ['Next sync (UTC)', 'date'],
      ['Duration (s)', 'decimal'],
      ['Fail count', 'integer'],
      'State',
      'Comment',
    ),
    rows,
  }
}

export function haSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  for (const f of facts) {
    const status = new Map(
      (f.cluster.ha.status ?? []).filter((s) => typeof s.sid === 'string').map((s) => [s.sid, s]),
    )
    // PVE 9 replaced HA groups by rules: a resource's rule is the node-affinity rule that lists it.
    const ruleOf = new Map<string, string>()
    for (const r of f.cluster.ha.rules ?? [])
      for (const sid of (str(r.resources) ?? '').split(','))
        if (sid !== '') ruleOf.set(sid, str(r.rule) ?? '')
    for (const r of f.cluster.ha.resources ?? []) {
      const sid = str(r.sid) ?? ''
      const s = status.get(sid)
      const vmid = num(sid.split(':')[1] ?? null)
      rows.push([
        f.cluster.id,
        sid,
        vmid,
        guestName(f, vmid),
        text(r.type),
        text(r.state),
        text(s?.status ?? s?.state),
        text(s?.node) ?? (vmid === null ? null : (f.guest(vmid)?.node ?? null)),
        text(r.group) ?? ruleOf.get(sid) ?? null,
        num(r.max_restart),
        num(r.max_relocate),
        text(r.comment),
      ])
    }
  }
  return {
    name: 'HA',
    columns: columns(
      'Cluster',
      'Resource',
      ['VMID', 'integer'],
      'Guest',
      'Type',
      'Requested state',
      'Current state',
      'Node',
      'Group or rule',
      ['Max restart', 'integer'],
      ['Max relocate', 'integer'],
      'Comment',
    ),
    rows,
  }
}
