import type { ConfigEntry, GuestDisk, GuestNic } from '../../../shared/model/panels'
import type { PropertyPart } from './property-string'
import {
  formatPropertyString,
  parsePropertyString,
  propertyBoolean,
  propertyMap,
  sizeBytes,
} from './property-string'

/**
 * The disks and network devices of a guest, read from its config lines. Each device is read from the value that
 * applies at the next start (the pending one when there is one), and marked `pending` when that differs from
 * what runs now (a disk hot-added to a stopped VM, a NIC changed, a device to be removed).
 */

export type GuestKind = 'qemu' | 'lxc'

/** qemu-server Drive.pm: `ide0-3`, `sata0-5`, `scsi0-30`, `virtio0-15`, `efidisk0`, `tpmstate0`, `unusedN`. */
const QEMU_DISK = /^(?:(?:ide|sata|scsi|virtio)\d{1,2}|efidisk0|tpmstate0|unused\d{1,3})$/
/** pve-container Config.pm: `rootfs`, `mpN`, `unusedN` (`devN` are device nodes, not disks). */
const LXC_DISK = /^(?:rootfs|mp\d{1,3}|unused\d{1,3})$/
const NIC = /^net\d{1,2}$/

/**
 * qemu-server's `$nic_model_list`: a NIC's model is written as the key of its MAC (`virtio=BC:24:…`). Also the
 * inventory's NICs sheet.
 */
export const NIC_MODELS: ReadonlySet<string> = new Set([
  'e1000',
  'e1000-82540em',
  'e1000-82544gc',
  'e1000-82545em',
  'e1000e',
  'i82551',
  'i82557b',
  'i82559er',
  'ne2k_isa',
  'ne2k_pci',
  'pcnet',
  'rtl8139',
  'virtio',
  'vmxnet3',
])
const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i

export const isDiskKey = (kind: GuestKind, key: string): boolean =>
  (kind === 'qemu' ? QEMU_DISK : LXC_DISK).test(key)
export const isNicKey = (key: string): boolean => NIC.test(key)

/** `local-lvm:vm-101-disk-0` → `local-lvm`; a path, `none` or `cdrom` has no storage. */
export function storageOfVolume(volume: string): string | undefined {
  const m = /^([a-z][a-z0-9\-_.]*[a-z0-9]):/i.exec(volume)
  return m?.[1]
}

/** What a device is read from: the value of the next start, and whether it differs from the running one. */
function effective(entry: ConfigEntry): { value: string; pending: boolean } | undefined {
  const pending = entry.pending !== undefined || entry.delete === true
  const value = entry.pending ?? entry.value
  return value === undefined ? undefined : { value, pending }
}

const rest = (parts: readonly PropertyPart[], taken: ReadonlySet<string>): string =>
  formatPropertyString(parts.filter((p) => p.key !== undefined && !taken.has(p.key)))

const DISK_TAKEN = new Set(['file', 'volume', 'size', 'media', 'mp'])

export function diskOf(kind: GuestKind, entry: ConfigEntry): GuestDisk | undefined {
  if (!isDiskKey(kind, entry.key)) return undefined
  const source = effective(entry)
  if (source === undefined) return undefined
  const parts = parsePropertyString(source.value)
  const defaultKey = kind === 'qemu' ? 'file' : 'volume'
  const map = propertyMap(parts, defaultKey)
  const volume = map.get(defaultKey) ?? ''
  const size = map.get('size')
  const bytes = size === undefined ? undefined : sizeBytes(size)
  const storage = storageOfVolume(volume)
  const media = map.get('media')
  const mountpoint = entry.key === 'rootfs' ? '/' : kind === 'lxc' ? map.get('mp') : undefined
  return {
    key: entry.key,
    volume: volume.slice(0, 512),
    ...(storage === undefined ? {} : { storage }),
    ...(size === undefined ? {} : { size: size.slice(0, 512) }),
    ...(bytes === undefined ? {} : { sizeBytes: bytes }),
    ...(media === undefined ? {} : { media: media.slice(0, 512) }),
    options: rest(parts, DISK_TAKEN),
    ...(mountpoint === undefined ? {} : { mountpoint: mountpoint.slice(0, 512) }),
    pending: source.pending,
  }
}

const NIC_TAKEN = new Set([
  'model',
  'macaddr',
  'hwaddr',
  'bridge',
  'tag',
  'firewall',
  'link_down',
  'rate',
  'name',
  'ip',
  'ip6',
  'gw',
])

/** qemu's model and MAC: `model=virtio,macaddr=…` or, as PVE writes it, `virtio=BC:24:11:…`. */
function qemuModel(parts: readonly PropertyPart[]): { model?: string; mac?: string; key?: string } {
  const map = propertyMap(parts, 'model')
  const model = map.get('model')
  if (model !== undefined) return { model, ...(map.has('macaddr') ? { mac: map.get('macaddr') } : {}) }
  const written = parts.find(
    (p) => p.key !== undefined && (NIC_MODELS.has(p.key) || (!NIC_TAKEN.has(p.key) && MAC.test(p.value))),
  )
  return written?.key === undefined ? {} : { model: written.key, mac: written.value, key: written.key }
}

const bounded = (value: string | undefined): string | undefined => value?.slice(0, 512)

export function nicOf(kind: GuestKind, entry: ConfigEntry): GuestNic | undefined {
  if (!isNicKey(entry.key)) return undefined
  const source = effective(entry)
  if (source === undefined) return undefined
  const parts = parsePropertyString(source.value)
  const map = propertyMap(parts, kind === 'qemu' ? 'model' : 'name')
  const { model, mac, key: modelKey } = kind === 'qemu' ? qemuModel(parts) : { mac: map.get('hwaddr') }
  const tagText = map.get('tag')
  const tag = tagText !== undefined && /^\d{1,4}$/.test(tagText) ? Number(tagText) : undefined
  const firewall = propertyBoolean(map.get('firewall'))
  const linkDown = propertyBoolean(map.get('link_down'))
  const taken = modelKey === undefined ? NIC_TAKEN : new Set([...NIC_TAKEN, modelKey])
  const nic: GuestNic = {
    key: entry.key,
    options: rest(parts, kind === 'lxc' ? taken : new Set([...taken].filter((k) => k !== 'name'))),
    pending: source.pending,
  }
  const fields: Record<string, string | undefined> = {
    model: bounded(model),
    mac: bounded(mac),
    bridge: bounded(map.get('bridge')),
    rate: bounded(map.get('rate')),
    ...(kind === 'lxc'
      ? {
          name: bounded(map.get('name')),
          ip: bounded(map.get('ip')),
          ip6: bounded(map.get('ip6')),
          gw: bounded(map.get('gw')),
        }
      : {}),
  }
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) Object.assign(nic, { [k]: v })
  if (tag !== undefined) nic.tag = tag
  if (firewall !== undefined) nic.firewall = firewall
  if (linkDown !== undefined) nic.linkDown = linkDown
  return nic
}
