// Storages of a node and their content as pve-storage lists them (API2/Storage/Status.pm, Content.pm):
// disk images on the thin pool (with `ctime` as a string, as real lvmthin answers), ISO images and container
// templates and `vzdump-…` archives on the directory storage, PBS snapshots with `verification` and
// `protected` on the PBS storage.

import type { BackupVolume, ClusterState, StorageState } from '../model'
import { perlFloat } from '../live'
import { diskStorageOf, diskVolume } from './guest-config'
import { hasSynced } from './replication-volumes'
import type { Json } from './guests'

export function storageStatus(storage: StorageState): Json {
  return {
    type: storage.plugintype,
    content: storage.content,
    shared: storage.shared ? 1 : 0,
    active: 1,
    enabled: 1,
    total: storage.maxdisk,
    used: storage.disk,
    avail: storage.maxdisk - storage.disk,
  }
}

export const storageListEntry = (storage: StorageState): Json => ({
  storage: storage.storage,
  ...storageStatus(storage),
  used_fraction: perlFloat(storage.disk / storage.maxdisk),
})

const GiB = 1024 ** 3

/** What every directory storage holds besides backups. */
const STATIC_FILES = [
  { name: 'iso/debian-13.1.0-amd64-netinst.iso', content: 'iso', format: 'iso', size: 0.75 * GiB },
  { name: 'iso/virtio-win-0.1.271.iso', content: 'iso', format: 'iso', size: 0.72 * GiB },
  {
    name: 'vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
    content: 'vztmpl',
    format: 'tzst',
    size: 0.12 * GiB,
  },
] as const

function backupEntry(backup: BackupVolume): Json {
  const entry: Json = {
    volid: backup.volid,
    content: 'backup',
    format: backup.format,
    size: backup.size,
    ctime: backup.ctime,
    vmid: backup.vmid,
    subtype: backup.subtype,
  }
  if (backup.notes !== undefined) entry.notes = backup.notes
  if (backup.protected === true) entry.protected = 1
  if (backup.verification !== undefined) entry.verification = { ...backup.verification }
  return entry
}

/**
 * Images and container volumes of the guests whose disks the storage holds (on this node, or anywhere for a
 * shared one), the copies replication keeps on this target, the RAM of vmstate snapshots and the cloud-init
 * drives. Only lvmthin gives `ctime` as a string (QUIRKS §1).
 */
function guestVolumes(cluster: ClusterState, storage: StorageState, since: number): Json[] {
  // ZFS lists no creation time at all (ZFSPoolPlugin.pm `zfs_parse_zvol_list`).
  const stamp = (seconds: number): Json =>
    storage.plugintype === 'zfspool'
      ? {}
      : { ctime: storage.plugintype === 'lvmthin' ? String(seconds) : seconds }
  const volumes: Json[] = []
  const mine = cluster.guests.filter(
    (g) => diskStorageOf(g) === storage.storage && (storage.shared || g.node === storage.node),
  )
  // The copies replication keeps on its target: same volid, on the target's storage of the same name.
  const replicas = cluster.replication.filter((j) => j.target === storage.node && hasSynced(cluster, j))
  const copied = cluster.guests.filter(
    (g) =>
      !storage.shared &&
      g.node !== storage.node &&
      diskStorageOf(g) === storage.storage &&
      replicas.some((j) => j.guest === g.vmid),
  )
  for (const guest of copied) {
    volumes.push({
      volid: diskVolume(cluster, guest),
      content: guest.type === 'qemu' ? 'images' : 'rootdir',
      format: guest.type === 'qemu' ? 'raw' : 'subvol',
      size: guest.maxdisk,
      vmid: guest.vmid,
      ...stamp(since - guest.vmid * 3600),
    })
  }
  for (const guest of mine.sort((a, b) => a.vmid - b.vmid)) {
    const volid = diskVolume(cluster, guest)
    volumes.push({
      volid,
      content: guest.type === 'qemu' ? 'images' : 'rootdir',
      // A ZFS dataset (a container's `subvol-`) lists as `subvol` (ZFSPoolPlugin.pm `list_images`).
      format: /:(?:subvol|basevol)-/.test(volid) ? 'subvol' : 'raw',
      size: guest.maxdisk,
      vmid: guest.vmid,
      ...stamp(since - guest.vmid * 3600),
    })
    for (const snap of guest.snapshots.filter((s) => s.vmstate)) {
      volumes.push({
        volid: `${storage.storage}:vm-${guest.vmid}-state-${snap.name}`,
        content: 'images',
        format: 'raw',
        size: Math.round(guest.maxmem * 1.1),
        vmid: guest.vmid,
        ...stamp(snap.snaptime),
      })
    }
    if (guest.cloudinit !== undefined) {
      volumes.push({
        volid: `${storage.storage}:vm-${guest.vmid}-cloudinit`,
        content: 'images',
        format: 'raw',
        size: 4 * 1024 ** 2,
        vmid: guest.vmid,
        ...stamp(since - guest.vmid * 3600 + 60),
      })
    }
  }
  return volumes
}

export function storageContent(
  cluster: ClusterState,
  storage: StorageState,
  filter: { content?: string; vmid?: number },
): Json[] {
  const since = Math.floor((cluster.nodes[0]?.bootedAt ?? 0) / 1000) - 200 * 86_400
  let items: Json[] = []
  if (storage.content.includes('images') || storage.content.includes('rootdir')) {
    items = guestVolumes(cluster, storage, since)
  }
  if (storage.plugintype === 'dir') {
    items = STATIC_FILES.map((f) => ({
      volid: `${storage.storage}:${f.name}`,
      content: f.content,
      format: f.format,
      size: Math.round(f.size),
      ctime: since,
    }))
  }
  const backups = cluster.backups
    .filter((b) => b.storage === storage.storage && (storage.shared || b.node === storage.node))
    .sort((a, b) => a.vmid - b.vmid || a.ctime - b.ctime)
  items.push(...backups.map(backupEntry))
  return items.filter(
    (i) =>
      (filter.content === undefined || i.content === filter.content) &&
      (filter.vmid === undefined || i.vmid === filter.vmid),
  )
}
