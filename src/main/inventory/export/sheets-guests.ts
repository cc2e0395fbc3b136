import type { InventoryGuest, JsonValue, PveObject } from '../../../shared/model/inventory-snapshot'
import type { Cell, Sheet } from './cells'
import { columns, epoch, gib, num, text, yesNo } from './cells'
import type { ClusterFacts } from './fleet-facts'
import { guestsOf } from './fleet-facts'
import {
  configKeys,
  LXC_VOLUME,
  LXC_VOLUME_ORDER,
  NIC,
  parsePropertyString,
  QEMU_DISK,
  QEMU_DISK_ORDER,
  sizeGiB,
  storageOf,
} from './property-string'

/** VMs, Containers and Disks: one row per guest, per disk or volume. */

export const str = (v: JsonValue | undefined): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined

/** Memory in MiB as PVE configures it (`memory: 4096`; PVE 8.1+ may write `current=4096`), as GiB. */
function memoryGiB(config: PveObject | undefined, resource: PveObject | undefined): Cell {
  const raw = str(config?.memory)
  const mib =
    raw === undefined ? null : num(parsePropertyString(raw).values.get('current') ?? raw.split(',')[0])
  if (mib !== null) return Math.round((mib / 1024) * 100) / 100
  return gib(resource?.maxmem)
}

const tagsText = (config: PveObject | undefined, resource: PveObject | undefined): Cell => {
  const raw = str(resource?.tags) ?? str(config?.tags)
  return raw === undefined
    ? null
    : raw
        .split(/[;,\s]+/)
        .filter((t) => t !== '')
        .join(', ') || null
}

function diskTotal(
  config: PveObject | undefined,
  pattern: RegExp,
  order: readonly string[],
): { count: number; gib: number } {
  if (config === undefined) return { count: 0, gib: 0 }
  let count = 0
  let total = 0
  for (const key of configKeys(config, pattern, order)) {
    if (key.startsWith('unused')) continue
    const p = parsePropertyString(str(config[key]) ?? '')
    if (p.values.get('media') === 'cdrom') continue
    count++
    total += sizeGiB(p.values.get('size')) ?? 0
  }
  return { count, gib: Math.round(total * 100) / 100 }
}

interface Common {
  f: ClusterFacts
  vmid: number
  node: string
  name: string
  guest: InventoryGuest | undefined
  config: PveObject | undefined
  resource: PveObject | undefined
}

export function* guestRows(facts: ClusterFacts[], type: 'qemu' | 'lxc'): Generator<Common> {
  for (const f of facts) {
    for (const g of guestsOf(f)) {
      if (g.type !== type) continue
      const guest = f.guest(g.vmid)
      yield {
        f,
        vmid: g.vmid,
        node: g.node,
        name: g.name,
        guest,
        config: guest?.config,
        resource: f.resource(g.vmid),
      }
    }
  }
}

function backupCells(c: Common): Cell[] {
  const uncovered = c.f.notBackedUp(c.vmid)
  const newest = c.f.newestBackup(c.vmid)
  return [
    uncovered === undefined ? null : uncovered ? 'no' : 'yes',
    newest === undefined ? null : epoch(newest),
  ]
}

const haState = (c: Common): Cell => {
  const ha = c.f.ha(c.vmid)
  return ha === undefined ? null : (str(ha.status?.status) ?? str(ha.resource.state) ?? null)
}

/** HA, pending changes, guest snapshots and backups: the last columns of both guest sheets. */
function stateCells(c: Common): Cell[] {
  return [
    haState(c),
    c.guest?.pending === undefined
      ? null
      : c.guest.pending.filter((p) => p.pending !== undefined || p.delete !== undefined).length,
    c.guest?.guestSnapshots === undefined
      ? null
      : c.guest.guestSnapshots.filter((s) => s.name !== 'current').length,
    ...backupCells(c),
  ]
}

export function vmsSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  for (const c of guestRows(facts, 'qemu')) {
    const { config: k, resource: r } = c
    const disks = diskTotal(k, QEMU_DISK, QEMU_DISK_ORDER)
    const sockets = num(k?.sockets) ?? 1
    const cores = num(k?.cores) ?? 1
    rows.push([
      c.f.cluster.id,
      c.f.siteOf(c.node),
      c.node,
      c.vmid,
      c.name,
      text(r?.status),
      yesNo(k?.template ?? r?.template, false),
      k === undefined ? num(r?.maxcpu) : sockets * cores,
      memoryGiB(k, r),
      k === undefined ? gib(r?.maxdisk) : disks.gib,
      k === undefined ? null : disks.count,
      k === undefined ? null : configKeys(k, NIC, ['net']).length,
      text(k?.ostype),
      text(c.guest?.agent?.osinfo?.['pretty-name']),
      text(c.guest?.agent?.hostname),
      text(k?.machine),
      text(k?.bios) ?? (k === undefined ? null : 'seabios'),
      k === undefined ? null : yesNo(str(k.agent)?.split(',')[0]?.replace('enabled=', ''), false),
      yesNo(k?.onboot, k === undefined ? undefined : false),
      tagsText(k, r),
      text(r?.pool),
      ...stateCells(c),
    ])
  }
  return {
    name: 'VMs',
    columns: columns(
      'Cluster',
      'Site',
      'Node',
      ['VMID', 'integer'],
      'Name',
      'Status',
      'Template',
      ['vCPUs', 'integer'],
      ['Memory (GiB)', 'gib'],
      ['Disk size (GiB)', 'gib'],
      ['Disks', 'integer'],
      ['NICs', 'integer'],
      'OS type',
      'Guest OS (agent)',
      'Guest hostname (agent)',
      'Machine',
      'BIOS',
      'Agent',
      'Start at boot',
      'Tags',
      'Pool',
      'HA state',
      ['Pending changes', 'integer'],
      ['Guest snapshots', 'integer'],
      'Backed up',
      ['Newest backup (UTC)', 'date'],
    ),
    rows,
  }
}

export function containersSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  for (const c of guestRows(facts, 'lxc')) {
    const { config: k, resource: r } = c
    const root = parsePropertyString(str(k?.rootfs) ?? '')
    rows.push([
      c.f.cluster.id,
      c.f.siteOf(c.node),
      c.node,
      c.vmid,
      c.name,
      text(r?.status),
      yesNo(k?.template ?? r?.template, false),
      num(k?.cores) ?? num(r?.maxcpu),
      memoryGiB(k, r),
      k?.swap === undefined ? null : Math.round(((num(k.swap) ?? 0) / 1024) * 100) / 100,
      sizeGiB(root.values.get('size')) ?? gib(r?.maxdisk),
      k === undefined ? null : configKeys(k, /^mp\d+$/, ['mp']).length,
      yesNo(k?.unprivileged, k === undefined ? undefined : false),
      text(k?.ostype),
      text(k?.arch),
      text(k?.features),
      yesNo(k?.onboot, k === undefined ? undefined : false),
      tagsText(k, r),
      text(r?.pool),
      ...stateCells(c),
    ])
  }
  return {
    name: 'Containers',
    columns: columns(
      'Cluster',
      'Site',
      'Node',
      ['VMID', 'integer'],
      'Hostname',
      'Status',
      'Template',
      ['Cores', 'integer'],
      ['Memory (GiB)', 'gib'],
      ['Swap (GiB)', 'gib'],
      ['Root disk (GiB)', 'gib'],
      ['Mount points', 'integer'],
      'Unprivileged',
      'OS type',
      'Architecture',
      'Features',
      'Start at boot',
      'Tags',
      'Pool',
      'HA state',
      ['Pending changes', 'integer'],
      ['Guest snapshots', 'integer'],
      'Backed up',
      ['Newest backup (UTC)', 'date'],
    ),
    rows,
  }
}

/** Options already in their own column of the Disks sheet; the others go to Options as PVE wrote them. */
const DISK_COLUMNS = new Set([
  'size',
  'media',
  'backup',
  'replicate',
  'cache',
  'discard',
  'iothread',
  'ssd',
  'mp',
  'format',
  'ro',
])

export function disksSheet(facts: ClusterFacts[]): Sheet {
  const rows: Cell[][] = []
  for (const type of ['qemu', 'lxc'] as const) {
    for (const c of guestRows(facts, type)) {
      const k = c.config
      if (k === undefined) continue
      const keys =
        type === 'qemu'
          ? configKeys(k, QEMU_DISK, QEMU_DISK_ORDER)
          : configKeys(k, LXC_VOLUME, LXC_VOLUME_ORDER)
      for (const key of keys) {
        const value = str(k[key]) ?? ''
        const p = parsePropertyString(value)
        const volume = p.head ?? p.values.get('file') ?? p.values.get('volume')
        const v = p.values
        const cdrom = v.get('media') === 'cdrom'
        rows.push([
          c.f.cluster.id,
          c.f.siteOf(c.node),
          c.node,
          c.vmid,
          c.name,
          type === 'qemu' ? 'VM' : 'CT',
          key,
          storageOf(volume) ?? null,
          volume ?? null,
          sizeGiB(v.get('size')),
          key.startsWith('unused') ? 'unused' : (v.get('media') ?? 'disk'),
          v.get('mp') ?? null,
          text(v.get('format')),
          // PVE backs a disk up unless backup=0; an LXC mount point only with backup=1 (rootfs always); a CD-ROM
          // is neither backed up nor replicated.
          cdrom ? null : yesNo(v.get('backup'), type === 'qemu' ? true : key === 'rootfs'),
          cdrom ? null : yesNo(v.get('replicate'), true),
          text(v.get('cache')),
          text(v.get('discard')),
          yesNo(v.get('iothread')),
          yesNo(v.get('ssd')),
          yesNo(v.get('ro')),
          [...v.entries()]
            .filter(([o]) => !DISK_COLUMNS.has(o) && o !== 'file' && o !== 'volume')
            .map(([o, x]) => `${o}=${x}`)
            .join(',') || null,
        ])
      }
    }
  }
  return {
    name: 'Disks',
    columns: columns(
      'Cluster',
      'Site',
      'Node',
      ['VMID', 'integer'],
      'Guest',
      'Type',
      'Device',
      'Storage',
      'Volume',
      ['Size (GiB)', 'gib'],
      'Media',
      'Mount point',
      'Format',
      'Backup',
      'Replicate',
      'Cache',
      'Discard',
      'IO thread',
      'SSD emulation',
      'Read-only',
      'Other options',
    ),
    rows,
  }
}
