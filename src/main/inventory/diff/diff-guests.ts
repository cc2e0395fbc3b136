import type {
  InventoryCluster,
  InventoryGuest,
  JsonValue,
  PveObject,
} from '../../../shared/model/inventory-snapshot'
import { diffRules } from './diff-security'
import type { ItemRef, ChangeSink } from './compare'
import { byText, fieldChanges, keyedLists, nameSet, sameJson, str } from './compare'
import type { GuestIndexes, GuestView } from './guest-index'
import { epochIso, GuestRef, guestIndex, siteOf } from './guest-index'

/** Config keys said elsewhere (name: renamed; tags: tags) or that change with every edit (digest). */
const CONFIG_SAID_ELSEWHERE: ReadonlySet<string> = new Set(['name', 'hostname', 'tags', 'digest'])

export function diffGuests(
  sink: ChangeSink,
  b: InventoryCluster,
  a: InventoryCluster,
  ix: GuestIndexes,
): void {
  const before = guestIndex(ix, b)
  const after = guestIndex(ix, a)
  const vmids = [...before.keys()]
  for (const v of after.keys()) if (!before.has(v)) vmids.push(v)
  vmids.sort((x, y) => x - y)
  for (const vmid of vmids) {
    const x = before.get(vmid)
    const y = after.get(vmid)
    if (x !== undefined && y !== undefined && x.type === y.type) {
      diffGuest(new GuestRef(sink, 'guest', a, y), b, a, x, y)
      continue
    }
    // A vmid that became another kind of guest is one guest removed and another added.
    if (x !== undefined) sink.push({ ...new GuestRef(sink, 'guest', b, x, a.id).ref, kind: 'removed' })
    if (y !== undefined) sink.push({ ...new GuestRef(sink, 'guest', a, y).ref, kind: 'added' })
  }
}

export function tagsOf(g: GuestView): string[] | undefined {
  if (g.resource !== undefined) return nameSet(g.resource.tags)
  if (g.guest?.config !== undefined) return nameSet(g.guest.config.tags)
  return undefined
}

const pendingValue = (p: { pending?: JsonValue; delete?: number }): JsonValue =>
  p.delete !== undefined ? '(delete)' : (p.pending ?? null)

const snapshotNames = (l: PveObject[]): string[] =>
  l
    .map((s) => str(s, 'name') ?? '')
    .filter((n) => n !== 'current' && n !== '')
    .sort(byText)

const agentOs = (g: InventoryGuest): string | undefined => str(g.agent?.osinfo, 'pretty-name')

function diffGuest(
  out: GuestRef,
  bc: InventoryCluster,
  ac: InventoryCluster,
  x: GuestView,
  y: GuestView,
): void {
  out.push('moved', 'node', x.node, y.node)
  if (x.node !== y.node) out.push('moved', 'site', siteOf(bc, x.node), siteOf(ac, y.node))
  out.push('renamed', 'name', x.name, y.name)
  if (x.resource !== undefined && y.resource !== undefined) {
    out.push('changed', 'status', x.resource.status, y.resource.status)
    out.push('changed', 'pool', x.resource.pool, y.resource.pool)
  }
  const rawX = x.resource?.tags ?? x.guest?.config?.tags
  const rawY = y.resource?.tags ?? y.guest?.config?.tags
  if (rawX !== rawY) {
    const tx = tagsOf(x)
    const ty = tagsOf(y)
    if (tx !== undefined && ty !== undefined) out.push('changed', 'tags', tx, ty)
  }
  const gx = x.guest
  const gy = y.guest
  if (gx === undefined || gy === undefined) return
  if (gx.config !== undefined && gy.config !== undefined)
    fieldChanges(out.sink, out, gx.config, gy.config, { ignore: CONFIG_SAID_ELSEWHERE })
  if (gx.pending !== undefined && gy.pending !== undefined && !sameJson(gx.pending, gy.pending)) {
    keyedLists(
      gx.pending,
      gy.pending,
      (p) => (p.pending !== undefined || p.delete !== undefined ? p.key : undefined),
      {
        removed: (id, p) => out.push('changed', `pending ${id}`, pendingValue(p), undefined),
        added: (id, p) => out.push('changed', `pending ${id}`, undefined, pendingValue(p)),
        both: (id, p, q) => out.push('changed', `pending ${id}`, pendingValue(p), pendingValue(q)),
      },
    )
  }
  if (
    gx.guestSnapshots !== undefined &&
    gy.guestSnapshots !== undefined &&
    !sameJson(gx.guestSnapshots, gy.guestSnapshots)
  )
    out.push('changed', 'guest snapshots', snapshotNames(gx.guestSnapshots), snapshotNames(gy.guestSnapshots))
  const osX = agentOs(gx)
  const osY = agentOs(gy)
  if (osX !== undefined && osY !== undefined) out.push('changed', 'agent os', osX, osY)
  if (
    gx.firewallRules !== undefined &&
    gy.firewallRules !== undefined &&
    !sameJson(gx.firewallRules, gy.firewallRules)
  )
    diffRules(
      out.sink,
      { ...out.ref, category: 'firewall', subject: `${out.ref.subject} firewall` },
      gx.firewallRules,
      gy.firewallRules,
    )
}

function newestBackups(c: InventoryCluster): Map<number, number> {
  const newest = new Map<number, number>()
  for (const archive of c.backups.archives) {
    for (const e of archive.entries) {
      const vmid = typeof e.vmid === 'number' ? e.vmid : Number(e.vmid)
      const ctime = e.ctime
      if (!Number.isInteger(vmid) || typeof ctime !== 'number') continue
      if ((newest.get(vmid) ?? -Infinity) < ctime) newest.set(vmid, ctime)
    }
  }
  return newest
}

function notBackedUp(c: InventoryCluster): Set<number> | undefined {
  if (c.backups.notBackedUp === undefined) return undefined
  const set = new Set<number>()
  for (const e of c.backups.notBackedUp) {
    const vmid = typeof e.vmid === 'number' ? e.vmid : Number(e.vmid)
    if (Number.isInteger(vmid)) set.add(vmid)
  }
  return set
}

/**
 * Backup coverage of each guest present on both sides: covered by a job or not (PVE's own
 * `not-backed-up` answer), and whether it has any backup archive at all (its newest one, when it gains or loses
 * its last). A newer archive than last time is the expected course of things and not a change.
 */
export function diffBackups(
  sink: ChangeSink,
  b: InventoryCluster,
  a: InventoryCluster,
  ix: GuestIndexes,
): void {
  const gb = guestIndex(ix, b)
  const ga = guestIndex(ix, a)
  const nb = notBackedUp(b)
  const na = notBackedUp(a)
  const newestB = newestBackups(b)
  const newestA = newestBackups(a)
  const vmids = [...ga.keys()].filter((v) => gb.get(v)?.type === ga.get(v)?.type).sort((x, y) => x - y)
  for (const vmid of vmids) {
    const out = new GuestRef(sink, 'backup', a, ga.get(vmid) as GuestView)
    if (nb !== undefined && na !== undefined) {
      const before = nb.has(vmid) ? 'not covered' : 'covered'
      const after = na.has(vmid) ? 'not covered' : 'covered'
      out.push('changed', 'coverage', before, after)
    }
    const x = newestB.get(vmid)
    const y = newestA.get(vmid)
    if ((x === undefined) !== (y === undefined))
      out.push('changed', 'newest backup', epochIso(x), epochIso(y))
  }
  const jobRef = (id: string): ItemRef => ({
    category: 'backup',
    clusterId: a.id,
    subject: `backup job ${id}`,
  })
  keyedLists(b.backups.jobs, a.backups.jobs, (j) => str(j, 'id'), {
    removed: (id) => sink.push({ ...jobRef(id), kind: 'removed' }),
    added: (id) => sink.push({ ...jobRef(id), kind: 'added' }),
    both: (id, x, y) => fieldChanges(sink, jobRef(id), x, y, { ignore: BACKUP_JOB_VOLATILE }),
  })
}

const BACKUP_JOB_VOLATILE: ReadonlySet<string> = new Set(['next-run', 'digest'])
