// Guest snapshots as workers (pve-guest-common AbstractConfig.pm `snapshot_create`, `snapshot_rollback`,
// `snapshot_delete`): each takes the guest's lock (`snapshot`, `rollback`, `snapshot-delete`) while it runs and
// fails inside its task with `VM is locked (…)` if another operation holds it, `snapshot name 'x' already used` or
// `snapshot 'x' does not exist`. Only the schema's format check (a 400) and the reserved names `current` and
// `pending` (a 500, API2/Qemu.pm `snapshot`) come before any task.

import { startGuest, stopGuest } from '../live'
import type { GuestState } from '../model'
import type { Prng } from '../prng'
import { ApiError } from '../router'
import type { TaskOutcome, TaskPlan } from './engine'

type Finish = (atMs: number) => TaskOutcome | undefined

/**
 * The plan's lock: taken now if free (and released when the task is stopped), else the task fails with the
 * holder's lock; `run` may still fail with its own check.
 */
function withLock(
  guest: GuestState,
  lock: string,
  check: () => string | undefined,
  run: Finish,
): Pick<TaskPlan, 'finish' | 'holds'> {
  if (guest.lock !== undefined) {
    const held = guest.lock
    return { finish: () => ({ error: `${guest.type === 'qemu' ? 'VM' : 'CT'} is locked (${held})` }) }
  }
  guest.lock = lock
  return {
    holds: { guest, lock },
    finish: (atMs) => {
      if (guest.lock === lock) delete guest.lock
      const error = check()
      return error === undefined ? run(atMs) : { error }
    },
  }
}

/** pve-common JSONSchema.pm `pve_verify_configid`. */
const CONFIG_ID = /^[a-z][a-z0-9_-]+$/i

/** The checks of the API call itself, before it forks. */
export function checkSnapshotName(name: string): void {
  if (!CONFIG_ID.test(name)) {
    throw new ApiError(400, 'Parameter verification failed.\n', {
      snapname: `invalid format - invalid configuration ID '${name}'`,
    })
  }
  if (name === 'current' || name.toLowerCase() === 'pending') {
    throw new ApiError(500, `unable to use snapshot name '${name.toLowerCase()}' (reserved name)\n`)
  }
}

const missing = (guest: GuestState, name: string) => (): string | undefined =>
  guest.snapshots.some((s) => s.name === name) ? undefined : `snapshot '${name}' does not exist`

const typeName = (guest: GuestState, qemu: string, lxc: string): string =>
  guest.type === 'qemu' ? qemu : lxc

export function snapshotPlan(
  guest: GuestState,
  user: string,
  snap: { name: string; description: string; vmstate: boolean },
  /** views/guest-config.ts `diskOf`. */
  disk: { volid: string; plugintype?: string },
): TaskPlan {
  checkSnapshotName(snap.name)
  const vmstate = snap.vmstate && guest.type === 'qemu' && guest.status === 'running'
  const storage = disk.volid.split(':')[0] ?? ''
  const volname = disk.volid.slice(storage.length + 1)
  // lvcreate says what it made; `zfs snapshot` says nothing (LvmThinPlugin.pm / ZFSPoolPlugin.pm `volume_snapshot`).
  const made =
    disk.plugintype === 'lvmthin' ? [`  Logical volume "snap_${volname}_${snap.name}" created.`] : []
  const taken = (): string | undefined =>
    guest.snapshots.some((s) => s.name === snap.name)
      ? `snapshot name '${snap.name}' already used`
      : undefined
  // `__snapshot_prepare` checks the lock and the name first: such a task fails before doing anything.
  const doomed = guest.lock !== undefined || taken() !== undefined
  return {
    node: guest.node,
    type: typeName(guest, 'qmsnapshot', 'vzsnapshot'),
    id: String(guest.vmid),
    user,
    durationMs: doomed ? 300 : vmstate ? 6000 : 2500,
    progress: doomed
      ? []
      : [
          ...(vmstate
            ? [`saving VM state and RAM using storage '${storage}'`, 'completed saving the VM state']
            : []),
          `snapshotting '${guest.type === 'qemu' ? 'drive-scsi0' : 'rootfs'}' (${disk.volid})`,
          ...made,
        ],
    ...withLock(guest, 'snapshot', taken, (atMs) => {
      const created = { ...snap, vmstate, snaptime: Math.floor(atMs / 1000) }
      guest.snapshots.push(guest.parent === undefined ? created : { ...created, parent: guest.parent })
      guest.parent = snap.name
      return undefined
    }),
  }
}

/** A task that fails at once (lock held, no such snapshot) logs nothing before its error. */
const doomed = (guest: GuestState, check: () => string | undefined): boolean =>
  guest.lock !== undefined || check() !== undefined

export function snapshotDeletePlan(guest: GuestState, user: string, name: string): TaskPlan {
  const fails = doomed(guest, missing(guest, name))
  return {
    node: guest.node,
    type: typeName(guest, 'qmdelsnapshot', 'vzdelsnapshot'),
    id: String(guest.vmid),
    user,
    durationMs: fails ? 300 : 2000,
    progress: fails ? [] : [`  Logical volume "snap_vm-${guest.vmid}-disk-0_${name}" successfully removed.`],
    ...withLock(guest, 'snapshot-delete', missing(guest, name), () => {
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
  const fails = doomed(guest, missing(guest, name))
  return {
    node: guest.node,
    type: typeName(guest, 'qmrollback', 'vzrollback'),
    id: String(guest.vmid),
    user,
    durationMs: fails ? 300 : 4000,
    progress: fails ? [] : [`  Logical volume "vm-${guest.vmid}-disk-0" successfully removed.`],
    ...withLock(guest, 'rollback', missing(guest, name), (atMs) => {
      const snap = guest.snapshots.find((s) => s.name === name)
      guest.parent = name
      // With saved RAM the guest comes back running; otherwise it is stopped, unless `start` asks otherwise.
      if (guest.status === 'running') stopGuest(guest, atMs)
      if (snap?.vmstate === true || start) startGuest(guest, prng(), atMs)
      return undefined
    }),
  }
}
