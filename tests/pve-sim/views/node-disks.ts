// GET /nodes/{node}/disks/list as pve-storage's API2/Disks.pm `list` over Diskmanage.pm `get_disks`: one entry
// per block device, sorted by device name, with what udev, sysfs and smartctl tell (vendor `ATA` for SATA disks,
// `unknown` for NVMe, `rpm` 0 for solid state, `wearout` the life LEFT in percent for SSDs — the GUI shows
// `100 - wearout` as "Wearout" — and `'N/A'` for spinning disks, `osdid` -1 and `osdid-list` null without Ceph).
// `used` says what holds the disk (`LVM`, `ZFS`, a file system; left out when unused). Made from the node's name
// on demand, so every node of every scenario answers without anything being stored.

import { createHash } from 'node:crypto'

import type { NodeState } from '../model'
import type { Json } from './guests'

interface DiskSpec {
  dev: string
  kind: 'nvme' | 'ssd' | 'hdd'
  model: string
  size: number
  used?: string
  /** Life left, percent (SSD/NVMe only). */
  wearout?: number
  health?: string
  mounted?: boolean
}

const GB = 1000 ** 3
const TB = 1000 ** 4

/** The disks of a node: an NVMe ZFS mirror for the system, SSDs for LVM-thin, a HDD or a spare on some nodes. */
function specsOf(node: NodeState): DiskSpec[] {
  const specs: DiskSpec[] = [
    {
      dev: 'nvme0n1',
      kind: 'nvme',
      model: 'SAMSUNG MZQL2960HCJR-00A07',
      size: 960_197_124_096,
      used: 'ZFS',
      wearout: 97,
    },
    {
      dev: 'nvme1n1',
      kind: 'nvme',
      model: 'SAMSUNG MZQL2960HCJR-00A07',
      size: 960_197_124_096,
      used: 'ZFS',
      wearout: 96,
    },
    {
      dev: 'sda',
      kind: 'ssd',
      model: 'INTEL SSDSC2KG019T8',
      size: 1_920_383_410_176,
      used: 'LVM',
      wearout: 91,
    },
    {
      dev: 'sdb',
      kind: 'ssd',
      model: 'INTEL SSDSC2KG019T8',
      size: 1_920_383_410_176,
      used: 'LVM',
      // Three-sites: km4-pve1's second data SSD is nearly worn out (12 % life left: the GUI shows 88 %); in the
      // large scenario every ninth node of a cluster has a worn one, so a fleet view has some.
      wearout: node.name === 'km4-pve1' ? 12 : /-pve0?9$/.test(node.name) ? 7 : 90,
    },
  ]
  if (node.nodeid === 0) {
    // The standalone DR node keeps its backups on a spinning disk.
    specs.push({
      dev: 'sdc',
      kind: 'hdd',
      model: 'ST8000NM000A-2KE101',
      size: 8 * TB,
      used: 'ext4',
      mounted: true,
    })
  } else if (node.nodeid % 2 === 0) {
    // A spare SSD nobody uses yet (`type=unused` lists it).
    specs.push({ dev: 'sdc', kind: 'ssd', model: 'Micron_5400_MTFDDAK960TGA', size: 960 * GB, wearout: 100 })
  }
  return specs
}

const hex = (text: string, length: number): string =>
  createHash('sha256').update(text).digest('hex').slice(0, length)

function entryOf(node: NodeState, spec: DiskSpec, skipsmart: boolean): Json {
  const serial =
    spec.kind === 'nvme'
      ? `S64FNE0R${hex(`${node.name}/${spec.dev}`, 6).toUpperCase()}`
      : hex(`${node.name}/${spec.dev}`, 12).toUpperCase()
  const wwn =
    spec.kind === 'nvme'
      ? `eui.${hex(`wwn/${node.name}/${spec.dev}`, 32)}`
      : `0x5${hex(`wwn/${node.name}/${spec.dev}`, 15)}`
  const idPrefix = spec.kind === 'nvme' ? 'nvme' : 'ata'
  const ssdLike = spec.kind !== 'hdd'
  const entry: Json = {
    vendor: spec.kind === 'nvme' ? 'unknown' : 'ATA',
    model: spec.model,
    size: spec.size,
    serial,
    gpt: 1,
    rpm: spec.kind === 'hdd' ? 7200 : 0,
    type: spec.kind,
    wwn,
    // Diskmanage.pm `get_disks`: UNKNOWN / N/A unless smartctl ran (skipsmart=1 skips it).
    health: skipsmart ? 'UNKNOWN' : (spec.health ?? 'PASSED'),
    devpath: `/dev/${spec.dev}`,
    wearout: !skipsmart && ssdLike && spec.wearout !== undefined ? spec.wearout : 'N/A',
    by_id_link: `/dev/disk/by-id/${idPrefix}-${spec.model.replace(/ /g, '_')}_${serial}`,
  }
  if (spec.mounted === true) entry.mounted = 1
  if (spec.used !== undefined) entry.used = spec.used
  entry.osdid = -1
  entry['osdid-list'] = null
  return entry
}

function partitionsOf(spec: DiskSpec): { dev: string; size: number; used?: string }[] {
  if (spec.used === 'ZFS') {
    const p = spec.dev.startsWith('nvme') ? 'p' : ''
    return [
      { dev: `${spec.dev}${p}1`, size: 1_031_168, used: 'BIOS boot' },
      { dev: `${spec.dev}${p}2`, size: 1_073_741_824, used: 'EFI' },
      { dev: `${spec.dev}${p}3`, size: spec.size - 1_074_790_400, used: 'ZFS' },
    ]
  }
  if (spec.used === 'ext4') return [{ dev: `${spec.dev}1`, size: spec.size - 1_048_576, used: 'ext4' }]
  return []
}

/**
 * The list for `type` (`unused`: no `used`; `journal_disks`: no OSD and either unused, GPT-partitioned or LVM)
 * and `include-partitions` (each partition after its disk, with `parent`; a partitioned disk is `used:
 * partitions` then).
 */
export function diskList(
  node: NodeState,
  opts: { type?: string; includePartitions?: boolean; skipsmart?: boolean },
): Json[] {
  const out: Json[] = []
  for (const spec of specsOf(node)) {
    const partitions = partitionsOf(spec)
    const entry = entryOf(node, spec, opts.skipsmart === true)
    if (opts.includePartitions === true && partitions.length > 0) entry.used = 'partitions'
    const used = entry.used
    if (opts.type === 'unused' && used !== undefined) continue
    if (opts.type === 'journal_disks' && used !== undefined && !(used === 'partitions' || used === 'LVM'))
      continue
    out.push(entry)
    if (opts.includePartitions !== true) continue
    for (const part of partitions) {
      const row: Json = {
        devpath: `/dev/${part.dev}`,
        size: part.size,
        gpt: 1,
        type: 'partition',
        parent: `/dev/${spec.dev}`,
        health: entry.health,
        wearout: entry.wearout,
        osdid: -1,
        'osdid-list': null,
        mounted: spec.mounted === true ? 1 : 0,
      }
      if (part.used !== undefined) row.used = part.used
      out.push(row)
    }
  }
  // API2/Disks.pm sorts by the device name (the hash key), which puts partitions right after their disk.
  return out
}
