// GET /nodes/{node}/{qemu|lxc}/{vmid}/migrate: what the migration dialog asks first. qemu-server API2/Qemu.pm
// `migrate_vm_precondition` (running 0/1, allowed_nodes, not_allowed_nodes per node with the storages it lacks and,
// on PVE 9, the HA resources that block it, local_disks as `foreach_volid` describes them, local_resources,
// mapped resources); pve-container API2/LXC.pm `migrate_vm_precondition` (PVE 9 only: dashes in its keys, only HA
// blockers). Both check the quorum and the lock first.

import type { ClusterState, GuestState, HaRule } from '../model'
import type { Json } from './guests'
import { diskStorageOf, diskVolume } from './guest-config'

const sidOf = (guest: GuestState): string => `${guest.type === 'qemu' ? 'vm' : 'ct'}:${guest.vmid}`

interface Motion {
  dependent: string[]
  blocking: Map<string, { sid: string; cause: 'node-affinity' | 'resource-affinity' }[]>
}

/** HA/Config.pm `get_resource_motion_info` over the enabled rules (PVE 9). */
function motionInfo(cluster: ClusterState, guest: GuestState): Motion {
  const sid = sidOf(guest)
  const motion: Motion = { dependent: [], blocking: new Map() }
  const block = (
    node: string,
    entry: { sid: string; cause: 'node-affinity' | 'resource-affinity' },
  ): void => {
    motion.blocking.set(node, [...(motion.blocking.get(node) ?? []), entry])
  }
  const enabled = cluster.haRules.filter((r: HaRule) => r.disable !== true && r.resources.includes(sid))
  for (const rule of enabled) {
    if (rule.type === 'node-affinity') {
      if (rule.strict !== true) continue
      const allowed = rule.nodes.map((n) => n.split(':')[0])
      for (const node of cluster.nodes) {
        if (!allowed.includes(node.name)) block(node.name, { sid, cause: 'node-affinity' })
      }
      continue
    }
    for (const other of rule.resources.filter((r) => r !== sid)) {
      const peer = cluster.guests.find((g) => sidOf(g) === other)
      if (rule.affinity === 'positive') motion.dependent.push(other)
      else if (peer !== undefined) block(peer.node, { sid: other, cause: 'resource-affinity' })
    }
  }
  return motion
}

/** `unavailable_storages`: the guest's disk storage is not defined on that node. */
function missingStorages(cluster: ClusterState, guest: GuestState, node: string): string[] {
  const storage = diskStorageOf(guest)
  return cluster.storages.some((s) => s.node === node && s.storage === storage) ? [] : [storage]
}

/** QemuServer.pm `foreach_volid`'s attributes of each local volume (the config's and its snapshots'). */
function localDisks(cluster: ClusterState, guest: GuestState): Json[] {
  const storage = diskStorageOf(guest)
  const shared = cluster.storages.some((s) => s.storage === storage && s.shared)
  if (shared) return []
  const volume = (volid: string, drivename: string, cloudinit: boolean, size?: number): Json => {
    const disk: Json = {
      cdrom: cloudinit ? 1 : 0,
      is_cloudinit: cloudinit ? 1 : 0,
      replicate: 1,
      shared: 0,
      is_unused: 0,
      is_attached: 1,
      ...(size === undefined ? {} : { size }),
      is_vmstate: 0,
      is_tpmstate: 0,
      drivename,
      volid,
    }
    if (guest.snapshots.length > 0) {
      disk.referenced_in_snapshot = Object.fromEntries(guest.snapshots.map((s) => [s.name, 1]))
    }
    return disk
  }
  const disks = [volume(diskVolume(cluster, guest), 'scsi0', false, guest.maxdisk)]
  // views/guest-config.ts puts the cloud-init drive on ide0, on the disk's storage.
  if (guest.cloudinit !== undefined) {
    disks.push(volume(`${storage}:vm-${guest.vmid}-cloudinit`, 'ide0', true, 4 * 1024 ** 2))
  }
  return disks
}

export function qemuMigratePrecondition(cluster: ClusterState, guest: GuestState): Json {
  const pve9 = !cluster.version.startsWith('8')
  const motion = guest.ha && pve9 ? motionInfo(cluster, guest) : undefined
  const allowed: string[] = []
  const notAllowed: Json = {}
  for (const node of cluster.nodes) {
    if (node.name === guest.node) continue
    const reasons: Json = {}
    const storages = missingStorages(cluster, guest, node.name)
    if (storages.length > 0) reasons.unavailable_storages = storages
    const blocking = motion?.blocking.get(node.name)
    if (blocking !== undefined) reasons['blocking-ha-resources'] = blocking
    if (Object.keys(reasons).length === 0) allowed.push(node.name)
    else notAllowed[node.name] = reasons
  }
  const result: Json = {
    running: guest.status === 'running' ? 1 : 0,
    allowed_nodes: allowed,
    not_allowed_nodes: notAllowed,
    local_disks: localDisks(cluster, guest),
    local_resources: [],
    'mapped-resources': [],
    // qemu-server 8.3 (April 2025, in PVE 8.4).
    'mapped-resource-info': {},
  }
  // qemu-server 9.0 (conntrack state migration).
  if (pve9) result['has-dbus-vmstate'] = 1
  if (motion !== undefined) result['dependent-ha-resources'] = motion.dependent
  return result
}

export function lxcMigratePrecondition(cluster: ClusterState, guest: GuestState): Json {
  const motion = guest.ha ? motionInfo(cluster, guest) : undefined
  const allowed: string[] = []
  const notAllowed: Json = {}
  for (const node of cluster.nodes) {
    if (node.name === guest.node) continue
    // pve-container only reports resource-affinity blockers (its schema's enum).
    const blocking = motion?.blocking.get(node.name)?.filter((b) => b.cause === 'resource-affinity')
    if (blocking !== undefined && blocking.length > 0) {
      notAllowed[node.name] = { 'blocking-ha-resources': blocking }
    } else allowed.push(node.name)
  }
  const result: Json = {
    running: guest.status === 'running' ? 1 : 0,
    'allowed-nodes': allowed,
    'not-allowed-nodes': notAllowed,
  }
  if (motion !== undefined) result['dependent-ha-resources'] = motion.dependent
  return result
}
