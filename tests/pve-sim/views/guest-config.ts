// Guest configuration as /etc/pve/qemu-server/<vmid>.conf and /etc/pve/lxc/<vmid>.conf read back through the
// API: property strings (`net0`, `scsi0`, `rootfs`), `digest` (SHA-1 of the file), and the snapshot list with
// its `current` pseudo entry.

import { createHash } from 'node:crypto'

import type { ClusterState, GuestState } from '../model'
import { majorOf } from '../model'
import { diskGiB, hasSerial, hasSpice } from './guests'
import type { Json } from './guests'

const MiB = 1024 ** 2

/** Proxmox's own OUI (BC:24:11) plus three bytes from the vmid, so that a guest keeps its MAC. */
export function macOf(vmid: number): string {
  const bytes = [(vmid >> 16) & 0xff, (vmid >> 8) & 0xff, vmid & 0xff].map((b) =>
    b.toString(16).toUpperCase().padStart(2, '0'),
  )
  return `BC:24:11:${bytes.join(':')}`
}

/** A UUID that is always the same for a guest (smbios1, vmgenid). */
function uuidOf(vmid: number, salt: string): string {
  const hex = createHash('sha1').update(`${salt}:${vmid}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The storage holding the guest's disk (scenario default: the LVM-thin pool). */
export const diskStorageOf = (guest: GuestState): string => guest.diskStorage ?? 'local-lvm'

/**
 * The guest's disk volid as pve-storage names it: `vm-`/`base-` images, but a container on ZFS gets a dataset,
 * `subvol-`/`basevol-` (ZFSPoolPlugin.pm `alloc_image` for `rootdir` with a size, `create_base`).
 */
export function diskVolume(cluster: ClusterState, guest: GuestState): string {
  const storage = diskStorageOf(guest)
  const zfs = cluster.storages.some((s) => s.storage === storage && s.plugintype === 'zfspool')
  const dataset = zfs && guest.type === 'lxc'
  const kind = dataset ? (guest.template ? 'basevol' : 'subvol') : guest.template ? 'base' : 'vm'
  return `${storage}:${kind}-${guest.vmid}-disk-0`
}

/** The guest's disk and the kind of storage it is on (what a worker that touches it logs depends on it). */
export function diskOf(cluster: ClusterState, guest: GuestState): { volid: string; plugintype?: string } {
  const storage = diskStorageOf(guest)
  const plugintype = cluster.storages.find((s) => s.storage === storage)?.plugintype
  return plugintype === undefined
    ? { volid: diskVolume(cluster, guest) }
    : { volid: diskVolume(cluster, guest), plugintype }
}

const digestOf = (config: Json): string =>
  createHash('sha1')
    .update(
      Object.keys(config)
        .sort()
        .map((k) => `${k}: ${String(config[k] as string | number)}`)
        .join('\n'),
    )
    .digest('hex')

/** When the guest was created: a fixed time well before the scenario starts. */
const createdAt = (guest: GuestState, cluster: ClusterState): number =>
  Math.floor((cluster.nodes[0]?.bootedAt ?? Date.now()) / 1000) - 86_400 * (200 + (guest.vmid % 97))

function qemuConfig(cluster: ClusterState, guest: GuestState): Json {
  const windows = guest.tags.includes('windows')
  const v9 = majorOf(cluster) >= 9
  const config: Json = {
    boot: 'order=scsi0;ide2;net0',
    cores: guest.maxcpu,
    cpu: 'x86-64-v2-AES',
    ide2: 'none,media=cdrom',
    // PVE 8.1 turned `memory` into a property string: it reads back as a string.
    memory: String(Math.round(guest.maxmem / MiB)),
    meta: `creation-qemu=${v9 ? '9.2.0' : '8.1.5'},ctime=${createdAt(guest, cluster)}`,
    name: guest.name,
    net0: `virtio=${macOf(guest.vmid)},bridge=vmbr0,firewall=1`,
    numa: 0,
    ostype: windows ? 'win11' : 'l26',
    scsi0: `${diskVolume(cluster, guest)},iothread=1,size=${diskGiB(guest)}G`,
    scsihw: 'virtio-scsi-single',
    smbios1: `uuid=${uuidOf(guest.vmid, 'smbios1')}`,
    sockets: 1,
    vmgenid: uuidOf(guest.vmid, 'vmgenid'),
  }
  if (guest.agent ?? !windows) config.agent = '1'
  if (hasSerial(guest)) config.serial0 = 'socket'
  if (hasSpice(guest)) config.vga = 'qxl'
  const ci = guest.cloudinit
  if (ci !== undefined) {
    config.ide0 = `${diskStorageOf(guest)}:vm-${guest.vmid}-cloudinit,media=cdrom`
    config.ciuser = ci.ciuser
    if (ci.cipassword !== undefined) config.cipassword = ci.cipassword
    if (ci.sshkeys !== undefined) config.sshkeys = ci.sshkeys
    config.ipconfig0 = ci.ipconfig0
    if (ci.nameserver !== undefined) config.nameserver = ci.nameserver
    if (ci.searchdomain !== undefined) config.searchdomain = ci.searchdomain
  }
  return config
}

function lxcConfig(cluster: ClusterState, guest: GuestState): Json {
  return {
    arch: 'amd64',
    cores: guest.maxcpu,
    features: 'nesting=1',
    hostname: guest.name,
    memory: Math.round(guest.maxmem / MiB),
    net0: `name=eth0,bridge=vmbr0,firewall=1,hwaddr=${macOf(guest.vmid)},ip=dhcp,type=veth`,
    ostype: 'debian',
    rootfs: `${diskVolume(cluster, guest)},size=${diskGiB(guest)}G`,
    swap: 512,
    unprivileged: 1,
  }
}

/** The main section of the guest's config file (secrets as stored) and its `digest`, which covers the file. */
export function fileConfig(cluster: ClusterState, guest: GuestState): Json {
  const config = guest.type === 'qemu' ? qemuConfig(cluster, guest) : lxcConfig(cluster, guest)
  // Production guests come back after a node reboot.
  if (guest.pool === 'naorlo-prod' || guest.pool === 'infra') config.onboot = 1
  if (guest.tags.length > 0) config.tags = guest.tags.join(';')
  if (guest.template) config.template = 1
  if (guest.lock !== undefined) config.lock = guest.lock
  if (guest.parent !== undefined) config.parent = guest.parent
  // The file keeps it as `#` comment lines; the API gives it back as one string with its newlines.
  if (guest.notes !== undefined) config.description = guest.notes
  Object.assign(config, guest.applied)
  const removed = new Set(guest.removed)
  if (removed.size > 0) {
    for (const key of Object.keys(config)) if (removed.has(key)) Reflect.deleteProperty(config, key)
  }
  const pending: Json = { ...guest.pending }
  if (guest.pendingDelete !== undefined) pending.delete = guest.pendingDelete.join(',')
  config.digest = digestOf({
    ...config,
    ...Object.fromEntries(Object.entries(pending).map(([k, v]) => [`[PENDING]${k}`, v])),
  })
  return config
}

const HIDDEN = '**********'

/**
 * GET …/config: without `current`, the pending values applied and the pending deletes left out
 * (AbstractConfig.pm `load_current_config`); `cipassword` hidden (qemu-server API2/Qemu.pm `vm_config`).
 */
export function guestConfig(cluster: ClusterState, guest: GuestState, current = false): Json {
  let config = fileConfig(cluster, guest)
  if (!current) {
    const deleted = new Set((guest.pendingDelete ?? []).map((key) => key.replace(/^!/, '')))
    config = Object.fromEntries(
      Object.entries({ ...config, ...guest.pending }).filter(([key]) => !deleted.has(key)),
    )
  }
  if (config.cipassword !== undefined) config.cipassword = HIDDEN
  return config
}

/**
 * GET …/pending: every key of the config with its `value`, plus `pending` and `delete` (1, or 2 when forced)
 * where a change waits; keys that exist only as pending changes or deletes come after
 * (pve-guest-common GuestHelpers.pm `config_with_pending_array`). qemu-server's `vm_pending` hides `cipassword`
 * as `**********` and a pending one as `********** ` (with the space). Perl lists a hash in no fixed order;
 * the simulator sorts the keys.
 */
export function guestPending(cluster: ClusterState, guest: GuestState): Json[] {
  const config = fileConfig(cluster, guest)
  const pending: Json = { ...guest.pending }
  if (config.cipassword !== undefined) config.cipassword = HIDDEN
  if (pending.cipassword !== undefined) pending.cipassword = `${HIDDEN} `
  const deletes = new Map(
    (guest.pendingDelete ?? []).map((key) => [key.replace(/^!/, ''), key.startsWith('!') ? 2 : 1]),
  )
  const items: Json[] = []
  for (const key of Object.keys(config).sort()) {
    const item: Json = { key, value: config[key] }
    if (pending[key] !== undefined) item.pending = pending[key]
    const del = deletes.get(key)
    if (del !== undefined) item.delete = del
    items.push(item)
  }
  for (const key of Object.keys(pending).sort()) {
    if (!(key in config)) items.push({ key, pending: pending[key] })
  }
  for (const [key, del] of [...deletes].sort()) {
    if (!(key in config)) items.push({ key, delete: del })
  }
  return items
}

/** GET …/snapshot: every snapshot, then `current` ("You are here!") below its parent. */
export function snapshotList(cluster: ClusterState, guest: GuestState): Json[] {
  const entries: Json[] = guest.snapshots.map((snap) => {
    const entry: Json = { name: snap.name, description: snap.description, snaptime: snap.snaptime }
    if (guest.type === 'qemu') entry.vmstate = snap.vmstate ? 1 : 0
    if (snap.parent !== undefined) entry.parent = snap.parent
    return entry
  })
  const current: Json = {
    name: 'current',
    description: 'You are here!',
    digest: fileConfig(cluster, guest).digest,
  }
  if (guest.type === 'qemu') current.running = guest.status === 'running' ? 1 : 0
  if (guest.parent !== undefined) current.parent = guest.parent
  return [...entries, current]
}
