import type { ConfigEntry } from '../../../../../shared/model/panels'

/**
 * Which config keys PVE's GUI shows under Hardware (qemu: pve-manager www/manager6/qemu/HardwareView.js;
 * lxc: lxc/Resources.js and lxc/Network.js) and which under Options; `description` is the Notes tab's and
 * `digest` nobody's.
 */
const QEMU_HARDWARE = new Set([
  'memory', 'balloon', 'shares', 'sockets', 'cores', 'cpu', 'cpulimit', 'cpuunits', 'vcpus', 'numa', 'affinity',
  'bios', 'machine', 'vga', 'scsihw', 'efidisk0', 'tpmstate0', 'audio0', 'rng0', 'keyboard',
]) // prettier-ignore
const QEMU_DEVICES = /^(?:ide|sata|scsi|virtio|net|unused|usb|hostpci|serial|parallel|virtiofs|numa)\d+$/
const LXC_HARDWARE = new Set(['memory', 'swap', 'cores', 'cpulimit', 'cpuunits', 'rootfs'])
const LXC_DEVICES = /^(?:mp|unused|net|dev)\d+$/
const NOT_OPTIONS = new Set(['description', 'digest'])

export type GuestType = 'qemu' | 'lxc'

export function isHardware(key: string, type: GuestType): boolean {
  return type === 'qemu'
    ? QEMU_HARDWARE.has(key) || QEMU_DEVICES.test(key)
    : LXC_HARDWARE.has(key) || LXC_DEVICES.test(key)
}

export function hardwareEntries(entries: readonly ConfigEntry[], type: GuestType): ConfigEntry[] {
  return entries.filter((entry) => isHardware(entry.key, type))
}

export function optionEntries(entries: readonly ConfigEntry[], type: GuestType): ConfigEntry[] {
  return entries.filter((entry) => !isHardware(entry.key, type) && !NOT_OPTIONS.has(entry.key))
}

/** A change waits for the next start: a new value, or the key's removal. */
export const isPending = (entry: ConfigEntry): boolean =>
  entry.delete === true || (entry.pending !== undefined && entry.pending !== entry.value)
