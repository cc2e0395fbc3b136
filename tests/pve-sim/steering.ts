// What the control API (and the Simulator methods behind it) can do to a cluster besides flipping and moving
// guests: set or clear a guest's lock, make its next migration fail inside the task, and start tasks as
// "someone else" (another user, a scheduled backup) so that tasks started elsewhere show up in the lists.

import type { ClusterState, GuestState } from './model'
import { findGuest, findNode, SimError } from './model'
import type { Prng } from './prng'
import { ApiError } from './router'
import type { TaskPlan } from './tasks/engine'
import { startTask } from './tasks/engine'
import { migratePlan } from './tasks/migrate'
import type { PowerAction } from './tasks/power'
import { powerPlan } from './tasks/power'
import { vzdumpPlan } from './tasks/vzdump'

/** Every value of `lock` in qemu-server's and pve-container's config schema. */
export const GUEST_LOCKS = [
  'backup',
  'clone',
  'create',
  'migrate',
  'rollback',
  'snapshot',
  'snapshot-delete',
  'suspending',
  'suspended',
  'destroyed',
  'disk',
  'fstrim',
  'mounted',
] as const
export type GuestLock = (typeof GUEST_LOCKS)[number]

/** The simulated "someone else": a guest action or any task by type. */
export type ForeignTask =
  | {
      action: PowerAction | 'migrate' | 'vzdump'
      vmid: number
      user?: string
      /** migrate: the target node. */
      target?: string
      /** vzdump: the storage (default `local`). */
      storage?: string
      /** The task's worker ignores SIGTERM: a stop kills it 5 s later, `unexpected status`, its lock kept. */
      ignoreSigterm?: boolean
    }
  | {
      type: string
      node: string
      user?: string
      /** The task's `id` field (a vmid, a storage, or empty). */
      id?: string
      seconds?: number
      /** `OK` (default), `WARNINGS: n`, or an error text the task ends with. */
      exitstatus?: string
      /** The worker ignores SIGTERM: a stop kills it 5 s later and it ends `unexpected status`. */
      ignoreSigterm?: boolean
    }

function guestOf(cluster: ClusterState, vmid: number): GuestState {
  const guest = findGuest(cluster, vmid)
  if (guest === undefined) throw new SimError('not_found', `no guest ${vmid} in cluster ${cluster.id}`)
  return guest
}

/** Sets (or with null clears) a guest's lock at once, as a crashed backup or `qm set --lock` leaves it. */
export function lockGuest(cluster: ClusterState, vmid: number, lock: GuestLock | null): void {
  const guest = guestOf(cluster, vmid)
  if (lock === null) delete guest.lock
  else guest.lock = lock
}

/** The guest's next migration (its own or the HA agent's) fails inside its task with `error`. */
export function failNextMigration(cluster: ClusterState, vmid: number, error: string): void {
  guestOf(cluster, vmid).migrationFailure = error
}

function genericPlan(cluster: ClusterState, spec: Extract<ForeignTask, { type: string }>): TaskPlan {
  if (findNode(cluster, spec.node) === undefined) {
    throw new SimError('not_found', `no node ${spec.node} in cluster ${cluster.id}`)
  }
  const exit = spec.exitstatus ?? 'OK'
  const warnings = /^WARNINGS: (\d+)$/.exec(exit)
  const count = Number(warnings?.[1] ?? 0)
  return {
    node: spec.node,
    type: spec.type,
    id: spec.id ?? '',
    user: spec.user ?? 'root@pam',
    durationMs: (spec.seconds ?? 5) * 1000,
    finish: () => {
      if (exit === 'OK') return undefined
      if (warnings !== null) {
        return { lines: Array.from({ length: count }, (_, i) => `WARN: warning ${i + 1}`), warnings: count }
      }
      return { error: exit }
    },
  }
}

function actionPlan(
  cluster: ClusterState,
  spec: Extract<ForeignTask, { action: string }>,
  prng: () => Prng,
): TaskPlan {
  const guest = guestOf(cluster, spec.vmid)
  const user = spec.user ?? 'root@pam'
  if (spec.action === 'migrate') {
    return migratePlan({
      cluster,
      guest,
      target: spec.target ?? '',
      user,
      online: guest.status === 'running',
      restart: guest.status === 'running',
      withLocalDisks: true,
      prng,
    })
  }
  if (spec.action === 'vzdump') {
    // A scheduled job runs as root@pam (pvescheduler), like `vzdump <vmid> --storage <storage>`.
    const storageId = spec.storage ?? 'local'
    const storage = cluster.storages.find((s) => s.node === guest.node && s.storage === storageId)
    if (storage === undefined) throw new SimError('not_found', `no storage ${storageId} on ${guest.node}`)
    return vzdumpPlan({
      cluster,
      node: guest.node,
      user,
      guests: [guest],
      orphans: [],
      forbidden: [],
      storage,
      mode: 'snapshot',
      compress: 'zstd',
      protected: false,
    })
  }
  return powerPlan({
    cluster,
    guest,
    action: spec.action,
    user,
    skiplock: false,
    forceStop: false,
    todisk: false,
    prng,
  })
}

/** Starts the task now; a refusal PVE would answer before any task exists comes back as a conflict. */
export function startForeignTask(
  cluster: ClusterState,
  spec: ForeignTask,
  prng: () => Prng,
  now: number,
): string {
  try {
    const plan = 'type' in spec ? genericPlan(cluster, spec) : actionPlan(cluster, spec, prng)
    if (spec.ignoreSigterm === true) plan.ignoresSigterm = true
    return startTask(cluster, plan, now).upid
  } catch (err) {
    if (err instanceof ApiError) throw new SimError('conflict', err.message.trim())
    throw err
  }
}
