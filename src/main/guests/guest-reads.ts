import { AppError } from '../../shared/ipc/errors'
import type { FleetGuest, FleetNode } from '../../shared/model/fleet'
import type {
  BackupTarget,
  GuestSnapshot,
  MigrationCheck,
  MigrationTarget,
} from '../../shared/model/guest-action'
import { storageId } from '../../shared/model/guest-action'
import type { ClusterAccess } from './cluster-access'

/**
 * What the action dialogs read before an action: the migration precondition with every node's load, the storages
 * that take backups, the guest snapshots. Every answer is a hostile server's until read: types checked, lists
 * bounded, unknown fields ignored.
 */

/** More entries than any real cluster, node or guest has: a longer list is cut here. */
const MAX_LIST = 1_000

type Raw = Record<string, unknown>

const records = (value: unknown): Raw[] =>
  Array.isArray(value)
    ? value
        .slice(0, MAX_LIST)
        .filter((v): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v))
    : []
const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value
        .slice(0, MAX_LIST)
        .filter((v): v is string => typeof v === 'string')
        .map((v) => v.slice(0, 256))
    : []
const record = (value: unknown): Raw =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {}
/** PVE's booleans: `1`, `true`, `"1"`. */
const truthy = (value: unknown): boolean => value === true || value === 1 || value === '1'
const finite = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}
const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' ? value.slice(0, max) : undefined

const guestBase = (guest: Pick<FleetGuest, 'node' | 'type' | 'vmid'>): string =>
  `/nodes/${encodeURIComponent(guest.node)}/${guest.type}/${guest.vmid}`

/** A local volume as PVE's precondition lists it (`foreach_volid`'s attributes). */
export type PreconditionDisk = MigrationCheck['localDisks'][number] & {
  /** In the guest's current config ({@link attachedDisk}): a live migration must copy it. */
  attached: boolean
  /** A cloud-init drive: PVE generates it again on the target (QemuMigrate.pm `scan_local_volumes`). */
  cloudinit: boolean
}

/** PVE's precondition, qemu's (`allowed_nodes`…) or pve-container's (`allowed-nodes`…) spelling. */
export interface Precondition {
  running: boolean
  allowed?: ReadonlySet<string>
  notAllowed: Map<string, string>
  localDisks: PreconditionDisk[]
  localResources: string[]
  /** Local resources that are cluster mappings (`mapped-resources`, qemu-server 8.2+): not blockers by themselves. */
  mapped: string[]
  /** Mapped resources PVE says cannot migrate live (`mapped-resource-info`'s `live-migration` false). */
  notLive: string[]
}

/** Why PVE does not allow a node: its storages missing there, HA resources in the way. */
function notAllowedReasons(value: unknown): Map<string, string> {
  const reasons = new Map<string, string>()
  for (const [node, entry] of Object.entries(record(value)).slice(0, MAX_LIST)) {
    const raw = record(entry)
    const parts: string[] = []
    const storages = strings(raw.unavailable_storages)
    if (storages.length > 0) parts.push(`storage not available: ${storages.join(', ')}`)
    const blocking = records(raw['blocking-ha-resources']).flatMap((r) =>
      typeof r.sid === 'string' ? [`${r.sid}${typeof r.cause === 'string' ? ` (${r.cause})` : ''}`] : [],
    )
    if (blocking.length > 0) parts.push(`blocked by HA resources: ${blocking.join(', ')}`)
    const unmapped = strings(raw['unavailable-resources'])
    if (unmapped.length > 0) parts.push(`no mapping there for: ${unmapped.join(', ')}`)
    reasons.set(node, parts.join('; ') || 'not allowed')
  }
  return reasons
}

/**
 * Whether a local volume is in the guest's current config: `is_attached` since qemu-server 8.0.4 (commit
 * 6e9c4929, "test_volid: change attr name"), `referenced_in_config` before (unused volumes included, so
 * `is_unused` is taken away); with neither, anything not unused.
 */
function attachedDisk(d: Raw): boolean {
  if (d.is_attached !== undefined) return truthy(d.is_attached)
  if (truthy(d.is_unused)) return false
  return d.referenced_in_config === undefined || truthy(d.referenced_in_config)
}

function readPrecondition(data: unknown, guest: Pick<FleetGuest, 'status'>): Precondition {
  const raw = record(data)
  const allowed = raw.allowed_nodes ?? raw['allowed-nodes']
  return {
    running: raw.running === undefined ? guest.status === 'running' : truthy(raw.running),
    ...(Array.isArray(allowed) ? { allowed: new Set(strings(allowed)) } : {}),
    notAllowed: notAllowedReasons(raw.not_allowed_nodes ?? raw['not-allowed-nodes']),
    localDisks: records(raw.local_disks).flatMap((d): PreconditionDisk[] => {
      const volid = text(d.volid, 512)
      if (volid === undefined) return []
      const size = finite(d.size)
      return [
        {
          volid,
          ...(size === undefined ? {} : { size }),
          ...(truthy(d.cdrom) ? { cdrom: true } : {}),
          attached: attachedDisk(d),
          cloudinit: truthy(d.is_cloudinit) || /vm-\d+-cloudinit/.test(volid),
        },
      ]
    }),
    localResources: strings(raw.local_resources),
    mapped: strings(raw['mapped-resources']),
    notLive: Object.entries(record(raw['mapped-resource-info']))
      .slice(0, MAX_LIST)
      .flatMap(([key, info]) =>
        record(info)['live-migration'] === 0 || record(info)['live-migration'] === false
          ? [key.slice(0, 256)]
          : [],
      ),
  }
}

/**
 * `GET …/lxc/{vmid}/migrate` exists only since pve-container 6 (PVE 9): an older PVE answers 501 `Method … not
 * implemented`. The precondition is then what `/cluster/resources` tells: every other online node allowed.
 */
const lacksLxcPrecondition = (error: unknown): boolean =>
  error instanceof AppError &&
  (error.detail?.status === '501' ||
    (error.code === 'not_found' && /not implemented|no such/i.test(error.message)))

/**
 * PVE's migration precondition for one guest, read field by field: the one reader of the migrate dialog and of a
 * bulk migration's plan.
 */
export async function readMigratePrecondition(
  access: ClusterAccess,
  guest: Pick<FleetGuest, 'node' | 'type' | 'vmid' | 'status'>,
  signal?: AbortSignal,
): Promise<Precondition> {
  try {
    return readPrecondition(
      await access.client.call('GET', `${guestBase(guest)}/migrate`, undefined, signal),
      guest,
    )
  } catch (error) {
    if (guest.type !== 'lxc' || !lacksLxcPrecondition(error)) throw error
    return {
      running: guest.status === 'running',
      notAllowed: new Map(),
      localDisks: [],
      localResources: [],
      mapped: [],
      notLive: [],
    }
  }
}

function targetOf(node: FleetNode, site: string, pre: Precondition): MigrationTarget {
  const online = node.status === 'online'
  const listed = pre.allowed === undefined ? !pre.notAllowed.has(node.node) : pre.allowed.has(node.node)
  const allowed = online && listed
  const reason = pre.notAllowed.get(node.node) ?? (online ? 'not allowed' : 'node offline')
  return {
    node: node.node,
    site,
    online,
    allowed,
    ...(allowed ? {} : { notAllowedReason: reason }),
    ...(node.cpu === undefined ? {} : { cpu: node.cpu }),
    ...(node.maxcpu === undefined ? {} : { maxcpu: node.maxcpu }),
    ...(node.mem === undefined ? {} : { mem: node.mem }),
    ...(node.maxmem === undefined ? {} : { maxmem: node.maxmem }),
  }
}

/**
 * PVE's migration precondition (`GET /nodes/{node}/{qemu|lxc}/{vmid}/migrate`, qemu-server API2/Qemu.pm
 * `migrate_vm_precondition`) and every other node of the cluster with its load and site. Only nodes the cluster
 * lists are targets: a node name only PVE's answer gives is not offered.
 */
export async function checkMigration(
  access: ClusterAccess,
  vmid: number,
  signal?: AbortSignal,
): Promise<MigrationCheck> {
  const guest = await access.guest(vmid, signal)
  const [pre, nodes] = await Promise.all([
    readMigratePrecondition(access, guest, signal),
    access.nodes(signal),
  ])
  return {
    clusterId: access.clusterId,
    vmid,
    node: guest.node,
    running: pre.running,
    targets: nodes
      .filter((n) => n.node !== guest.node)
      .map((n) => targetOf(n, access.siteOf(n.node), pre))
      .sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)),
    localDisks: pre.localDisks.map(({ volid, size, cdrom }) => ({
      volid,
      ...(size === undefined ? {} : { size }),
      ...(cdrom === true ? { cdrom } : {}),
    })),
    localResources: pre.localResources,
  }
}

/**
 * Storages on the guest's node that take backups: `GET /nodes/{node}/storage?content=backup&enabled=1`
 * (pve-storage API2/Storage/Status.pm `index`; PVE lists only those the user may audit or allocate on).
 * An inactive storage (not mounted, unreachable) is left out: a backup there would fail.
 */
export async function listBackupTargets(
  access: ClusterAccess,
  vmid: number,
  signal?: AbortSignal,
): Promise<BackupTarget[]> {
  const guest = await access.guest(vmid, signal)
  const data = await access.client.call(
    'GET',
    `/nodes/${encodeURIComponent(guest.node)}/storage`,
    { content: 'backup', enabled: true },
    signal,
  )
  return records(data).flatMap((s): BackupTarget[] => {
    const id = storageId.safeParse(s.storage)
    if (!id.success) return []
    const content = typeof s.content === 'string' ? s.content.split(',') : []
    if (!content.includes('backup') || (s.active !== undefined && !truthy(s.active))) return []
    const avail = finite(s.avail)
    const total = finite(s.total)
    const plugintype = text(s.type, 64)
    return [
      {
        storage: id.data,
        shared: truthy(s.shared),
        ...(plugintype === undefined ? {} : { plugintype }),
        ...(avail === undefined ? {} : { avail }),
        ...(total === undefined ? {} : { total }),
      },
    ]
  })
}

/**
 * The guest's snapshots (`GET …/snapshot`), NOW included: PVE's entry named `current`, whose `running` flag
 * says whether the guest runs, not that a RAM state was saved — only a snapshot's own `vmstate` says that.
 */
export async function listGuestSnapshots(
  access: ClusterAccess,
  vmid: number,
  signal?: AbortSignal,
): Promise<GuestSnapshot[]> {
  const guest = await access.guest(vmid, signal)
  const data = await access.client.call('GET', `${guestBase(guest)}/snapshot`, undefined, signal)
  return records(data).flatMap((s): GuestSnapshot[] => {
    const name = text(s.name, 64)
    if (name === undefined || name === '') return []
    const current = name === 'current'
    const parent = text(s.parent, 64)
    const description = text(s.description, 8192)
    const snaptime = finite(s.snaptime)
    return [
      {
        name,
        current,
        vmstate: !current && truthy(s.vmstate),
        ...(parent === undefined || parent === '' ? {} : { parent }),
        ...(description === undefined || description === '' ? {} : { description }),
        ...(snaptime === undefined || current ? {} : { snaptime }),
      },
    ]
  })
}
