// Snapshots and migration as workers: each takes the guest's lock (`snapshot`, `snapshot-delete`, `rollback`,
// `migrate`) while it runs, fails with `VM is locked (…)` if another operation holds it, and changes the guest
// when it ends. Refusals PVE makes before forking come as a 500.

import { startGuest, stopGuest } from '../live'
import type { ClusterState, GuestState } from '../model'
import { findNode } from '../model'
import type { Prng } from '../prng'
import { diskVolume } from '../views/guest-config'
import { ApiError } from '../router'
import { label } from '../routes/guest-common'
import type { TaskOutcome, TaskPlan } from './engine'

/** Takes the lock now if it is free; the plan's finish fails with the holder's lock otherwise. */
function withLock(
  guest: GuestState,
  lock: string,
  run: (atMs: number) => TaskOutcome | undefined,
): (atMs: number) => TaskOutcome | undefined {
  if (guest.lock !== undefined) {
    const held = guest.lock
    return () => ({ error: `${guest.type === 'qemu' ? 'VM' : 'CT'} is locked (${held})` })
  }
  guest.lock = lock
  return (atMs) => {
    if (guest.lock === lock) delete guest.lock
    return run(atMs)
  }
}

const typeName = (guest: GuestState, qemu: string, lxc: string): string =>
  guest.type === 'qemu' ? qemu : lxc

export function snapshotPlan(
  guest: GuestState,
  user: string,
  snap: { name: string; description: string; vmstate: boolean },
): TaskPlan {
  if (guest.snapshots.some((s) => s.name === snap.name)) {
    throw new ApiError(500, `snapshot name '${snap.name}' already used\n`)
  }
  const vmstate = snap.vmstate && guest.type === 'qemu' && guest.status === 'running'
  const disk = `local-lvm:vm-${guest.vmid}-disk-0`
  return {
    node: guest.node,
    type: typeName(guest, 'qmsnapshot', 'vzsnapshot'),
    id: String(guest.vmid),
    user,
    durationMs: vmstate ? 6000 : 2500,
    progress: [
      ...(vmstate
        ? ["saving VM state and RAM using storage 'local-lvm'", 'completed saving the VM state']
        : []),
      `snapshotting '${guest.type === 'qemu' ? 'drive-scsi0' : 'rootfs'}' (${disk})`,
      `  Logical volume "snap_vm-${guest.vmid}-disk-0_${snap.name}" created.`,
    ],
    finish: withLock(guest, 'snapshot', (atMs) => {
      const created = { ...snap, vmstate, snaptime: Math.floor(atMs / 1000) }
      guest.snapshots.push(guest.parent === undefined ? created : { ...created, parent: guest.parent })
      guest.parent = snap.name
      return undefined
    }),
  }
}

function snapshotNamed(guest: GuestState, name: string): void {
  if (!guest.snapshots.some((s) => s.name === name))
    throw new ApiError(500, `snapshot '${name}' does not exist\n`)
}

export function snapshotDeletePlan(guest: GuestState, user: string, name: string): TaskPlan {
  snapshotNamed(guest, name)
  return {
    node: guest.node,
    type: typeName(guest, 'qmdelsnapshot', 'vzdelsnapshot'),
    id: String(guest.vmid),
    user,
    durationMs: 2000,
    progress: [`  Logical volume "snap_vm-${guest.vmid}-disk-0_${name}" successfully removed.`],
    finish: withLock(guest, 'snapshot-delete', () => {
      const gone = guest.snapshots.find((s) => s.name === name)
      guest.snapshots = guest.snapshots
        .filter((s) => s.name !== name)
        .map((s) => (s.parent === name ? { ...s, parent: gone?.parent } : s))
      if (guest.parent === name) guest.parent = gone?.parent
      return undefined
    }),
  }
}

export function rollbackPlan(
  guest: GuestState,
  user: string,
  name: string,
  start: boolean,
  prng: () => Prng,
): TaskPlan {
  snapshotNamed(guest, name)
  return {
    node: guest.node,
    type: typeName(guest, 'qmrollback', 'vzrollback'),
    id: String(guest.vmid),
    user,
    durationMs: 4000,
    progress: [`  Logical volume "vm-${guest.vmid}-disk-0" successfully removed.`],
    finish: withLock(guest, 'rollback', (atMs) => {
      const snap = guest.snapshots.find((s) => s.name === name)
      guest.parent = name
      // With saved RAM the guest comes back running; otherwise it is stopped, unless `start` asks otherwise.
      if (guest.status === 'running') stopGuest(guest)
      if (snap?.vmstate === true || start) startGuest(guest, prng(), atMs)
      return undefined
    }),
  }
}

export interface MigrateRequest {
  cluster: ClusterState
  guest: GuestState
  target: string
  user: string
  online: boolean
  restart: boolean
  withLocalDisks: boolean
  prng: () => Prng
}

const duration = (seconds: number): string =>
  `00:${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`

/** Refusals of API2/Qemu.pm and API2/LXC.pm `migrate_vm` before the worker starts. */
function migrateRefusal(req: MigrateRequest): ApiError | undefined {
  const { cluster, guest, target } = req
  if (target === guest.node) {
    return new ApiError(400, 'Parameter verification failed.\n', { target: 'target is local node.' })
  }
  if (findNode(cluster, target) === undefined) return new ApiError(500, `no such cluster node '${target}'\n`)
  const running = guest.status === 'running'
  if (guest.type === 'qemu' && running && !req.online) {
    return new ApiError(500, "can't migrate running VM without --online\n")
  }
  if (guest.type === 'lxc' && req.online)
    return new ApiError(500, 'lxc live migration is currently not implemented\n')
  if (guest.type === 'lxc' && running && !req.restart) {
    return new ApiError(500, `CT is running - use online (restart) migration\n`)
  }
  return undefined
}

export function migratePlan(req: MigrateRequest): TaskPlan {
  const refusal = migrateRefusal(req)
  if (refusal !== undefined) throw refusal
  const { cluster, guest, target } = req
  const live = guest.type === 'qemu' && guest.status === 'running'
  const seconds = live ? 14 : guest.type === 'lxc' && guest.status === 'running' ? 9 : 6
  const disk = diskVolume(guest)
  // A disk on shared storage (the large scenario's Ceph pool) stays where it is: nothing local to copy.
  const local = guest.diskStorage !== 'ceph-vm'
  const what = label(guest)
  const progress = [
    `starting migration of ${what} to node '${target}' (127.0.0.1)`,
    ...(local ? [`found local disk '${disk}' (attached)`] : []),
    ...(live
      ? [
          `starting VM ${guest.vmid} on remote node '${target}'`,
          'migration active, transferred 1.1 GiB of VM-state',
        ]
      : []),
    ...(guest.type === 'lxc' && guest.status === 'running' ? [`shutdown CT ${guest.vmid}`] : []),
    ...(local ? [`copying local disk images`] : []),
  ]
  return {
    node: guest.node,
    type: guest.ha ? 'hamigrate' : typeName(guest, 'qmigrate', 'vzmigrate'),
    id: String(guest.vmid),
    user: req.user,
    durationMs: seconds * 1000,
    progress: guest.ha ? [`Requesting HA migration for ${what} to node ${target}`, ...progress] : progress,
    finish: withLock(guest, 'migrate', (atMs) => {
      if (findNode(cluster, target)?.online !== true) {
        return {
          error: `migration aborted (duration 00:00:03): Can't connect to destination address using public key`,
        }
      }
      if (live && local && !req.withLocalDisks && !guest.ha) {
        return {
          error: `migration aborted (duration 00:00:01): can't migrate local disk '${disk}': can't live migrate attached local disks without with-local-disks option`,
        }
      }
      guest.node = target
      // The guest runs again on the target (a new process, hence a new uptime).
      if (guest.status === 'running') {
        stopGuest(guest)
        startGuest(guest, req.prng(), atMs)
      }
      return { lines: [`migration finished successfully (duration ${duration(seconds)})`] }
    }),
  }
}
