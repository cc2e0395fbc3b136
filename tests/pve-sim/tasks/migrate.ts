// Migration as qemu-server (API2/Qemu.pm `migrate_vm`, QemuMigrate.pm) and pve-container (API2/LXC.pm
// `migrate_vm`, LXC/Migrate.pm) run it: refusals before the worker (a 400 or 500), then a `qmigrate`/`vzmigrate`
// worker holding the `migrate` lock whose log lines carry a timestamp (AbstractMigrate.pm `$msg2text`: the node's
// local time, `ERROR:` before errors); a failure logs `ERROR: migration aborted (duration …): <why>` and ends
// `TASK ERROR: migration aborted`. HA-managed guests get a `hamigrate` request instead (ha-agent.ts), whose
// agent then runs the real workers: a VM's `qmigrate`, a running container's `vzshutdown`, `vzmigrate` and, once
// the CRM saw it moved, `vzstart` on the target.

import { moveGuest } from '../live'
import type { ClusterState, GuestState } from '../model'
import { findNode } from '../model'
import type { Prng } from '../prng'
import { ApiError } from '../router'
import { label } from '../routes/guest-common'
import { diskVolume } from '../views/guest-config'
import type { TaskOutcome, TaskPlan } from './engine'
import type { LrmWorker } from './ha-agent'
import { haRequestPlan } from './ha-agent'
import { workerPlan } from './power'

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

const clock = (seconds: number): string =>
  [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':')

/** `strftime("%F %H:%M:%S", localtime)` on the source node, plus the space before the message. */
function stampOf(cluster: ClusterState, node: string): (atMs: number) => string {
  const timeZone = findNode(cluster, node)?.timezone ?? 'UTC'
  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  })
  return (atMs) => `${format.format(new Date(atMs))} `
}

/** The node address the migration connects to (the simulated fleet has one loopback for all). */
const ADDRESS = '127.0.0.1'

/** Refusals of `migrate_vm` before the worker starts, in the order of the Perl. */
function refusal(req: MigrateRequest): ApiError | undefined {
  const { cluster, guest, target } = req
  if (target === guest.node) {
    return new ApiError(400, 'Parameter verification failed.\n', { target: 'target is local node.' })
  }
  if (findNode(cluster, target) === undefined) return new ApiError(500, `no such cluster node '${target}'\n`)
  const running = guest.status === 'running'
  if (guest.type === 'qemu') {
    // "try to detect errors early": only qemu-server checks the lock before forking.
    if (guest.lock !== undefined) return new ApiError(500, `VM is locked (${guest.lock})\n`)
    if (running && !req.online) return new ApiError(500, "can't migrate running VM without --online\n")
    return undefined
  }
  if (running && !req.online && !req.restart) {
    return new ApiError(500, "can't migrate running container without --online or --restart\n")
  }
  return undefined
}

/** Why the worker fails before it copies anything (QemuMigrate.pm / LXC/Migrate.pm `prepare`). */
function prepareFailure(req: MigrateRequest): string | undefined {
  const { cluster, guest, target } = req
  if (guest.type === 'lxc') {
    if (guest.lock !== undefined) return `CT is locked (${guest.lock})`
    if (guest.status === 'running' && req.online && !req.restart)
      return 'lxc live migration is currently not implemented'
  }
  if (findNode(cluster, target)?.online !== true)
    return "Can't connect to destination address using public key"
  return undefined
}

interface Steps {
  progress: string[]
  seconds: number
  /** The error the worker dies with, and the lines it logs first. */
  failure?: { lines: string[]; error: string }
}

function qemuSteps(req: MigrateRequest, live: boolean, local: boolean): Steps {
  const { guest, target } = req
  const disk = diskVolume(req.cluster, guest)
  const start = `starting migration of ${label(guest)} to node '${target}' (${ADDRESS})`
  const found = local ? [`found local disk '${disk}' (attached)`] : []
  if (live && local && !req.withLocalDisks) {
    const why = "Problem found while scanning volumes - can't migrate VM - check log"
    return {
      progress: [start, ...found],
      seconds: 1,
      failure: {
        lines: [
          `can't migrate local disk '${disk}': can't live migrate attached local disks without with-local-disks option`,
          `ERROR: ${why}`,
          'aborting phase 1 - cleanup resources',
        ],
        error: why,
      },
    }
  }
  return {
    progress: [
      start,
      ...found,
      ...(local && !live ? ['copying local disk images'] : []),
      ...(live
        ? [
            `starting VM ${guest.vmid} on remote node '${target}'`,
            ...(local
              ? [
                  'starting storage migration',
                  `scsi0: start migration to nbd:unix:/run/qemu-server/${guest.vmid}_nbd.migrate:exportname=drive-scsi0`,
                ]
              : []),
            'starting online/live migration on unix:/run/qemu-server/' + `${guest.vmid}.migrate`,
            'migration active, transferred 1.1 GiB of VM-state',
            'migration completed, transferred 4.0 GiB VM-state',
            'migration finished successfully (VM-state)',
          ]
        : []),
      'start final cleanup',
    ],
    seconds: live ? 14 : 6,
  }
}

function lxcSteps(req: MigrateRequest, local: boolean): Steps {
  const { guest, target } = req
  const disk = diskVolume(req.cluster, guest)
  const running = guest.status === 'running'
  return {
    progress: [
      ...(running ? [`shutdown CT ${guest.vmid}`] : []),
      `starting migration of ${label(guest)} to node '${target}' (${ADDRESS})`,
      ...(local ? [`found local volume '${disk}' (in current VM config)`] : []),
      ...(local ? [`volume '${disk}' is '${disk}' on the target`] : []),
      'start final cleanup',
      ...(running ? ['start container on target node'] : []),
    ],
    seconds: running ? 9 : 6,
  }
}

/** The worker's plan (also what the HA agent runs). */
function realPlan(req: MigrateRequest): TaskPlan {
  const { cluster, guest, target } = req
  const live = guest.type === 'qemu' && guest.status === 'running'
  // A disk on shared storage (the large scenario's Ceph pool) stays where it is: nothing local to copy.
  const local = guest.diskStorage !== 'ceph-vm'
  const injected = guest.migrationFailure
  delete guest.migrationFailure
  const early = prepareFailure(req)
  const steps: Steps =
    early !== undefined
      ? { progress: [], seconds: 3, failure: { lines: [], error: early } }
      : guest.type === 'qemu'
        ? qemuSteps(req, live, local)
        : lxcSteps(req, local)
  if (injected !== undefined && steps.failure === undefined) {
    steps.progress = steps.progress.slice(0, 2)
    steps.seconds = 2
    steps.failure = { lines: [`ERROR: ${injected}`, 'aborting phase 1 - cleanup resources'], error: injected }
  }
  const aborted = (seconds: number, why: string): TaskOutcome => ({
    lines: [`ERROR: migration aborted (duration ${clock(seconds)}): ${why}`],
    error: 'migration aborted',
  })
  const startMs = { value: 0 }
  return {
    node: guest.node,
    type: guest.type === 'qemu' ? 'qmigrate' : 'vzmigrate',
    id: String(guest.vmid),
    user: req.user,
    durationMs: steps.seconds * 1000,
    progress: steps.progress,
    stamp: stampOf(cluster, guest.node),
    holds: { guest, lock: 'migrate' },
    steps: [
      {
        afterMs: 0,
        run: (atMs) => {
          startMs.value = atMs
          return undefined
        },
      },
    ],
    // eval_int's handler: the phase dies `interrupted by signal`, the cleanup removes the lock.
    abort: (atMs) => aborted(Math.floor((atMs - startMs.value) / 1000), 'interrupted by signal'),
    finish: (atMs) => {
      if (guest.lock === 'migrate') delete guest.lock
      const failure = steps.failure
      if (failure !== undefined) {
        const outcome = aborted(steps.seconds, failure.error)
        return { ...outcome, lines: [...failure.lines, ...(outcome.lines ?? [])] }
      }
      // The target went away while the migration ran.
      if (findNode(cluster, target)?.online !== true) {
        return aborted(steps.seconds, "Can't connect to destination address using public key")
      }
      moveGuest(cluster, guest.vmid, target, req.prng(), atMs)
      return { lines: [`migration finished successfully (duration ${clock(steps.seconds)})`] }
    },
  }
}

export function migratePlan(req: MigrateRequest): TaskPlan {
  const refused = refusal(req)
  if (refused !== undefined) throw refused
  const { guest } = req
  if (guest.ha) return haMigratePlan(req)
  return lockedPlan(req)
}

/** A `hamigrate` request, and the workers the HA agent runs for it (HA/Resources/PVEVM.pm, PVECT.pm `migrate`). */
function haMigratePlan(req: MigrateRequest): TaskPlan {
  const { cluster, guest, target } = req
  const agent: MigrateRequest = { ...req, user: 'root@pam', restart: false, withLocalDisks: true }
  // PVECT.pm `shutdown` without a timeout: vm_shutdown with 60 s and no forceStop; `start`: vm_start.
  const power =
    (action: 'start' | 'shutdown'): LrmWorker =>
    () =>
      workerPlan({
        cluster,
        guest,
        action,
        user: 'root@pam',
        skiplock: false,
        forceStop: false,
        timeout: 60,
        todisk: false,
        prng: req.prng,
      })
  const request = { kind: 'migrate' as const, target, start: power('start') }
  if (guest.type === 'qemu') {
    // PVEVM.pm `migrate`: online when running, with local disks and force.
    return haRequestPlan(cluster, guest, req.user, request, [() => lockedPlan({ ...agent, online: true })])
  }
  // PVECT.pm `migrate`: "we cannot migrate CT (yet) online, only relocate": a running container is shut down
  // first, then migrated with online 0 (not in restart mode: nothing starts it on the target but the CRM).
  return haRequestPlan(cluster, guest, req.user, request, [
    () => (guest.status === 'running' ? power('shutdown')() : undefined),
    () => {
      // A shutdown that failed leaves it running: migrate_vm refuses it ("try to detect errors early").
      const relocation = { ...agent, online: false }
      const refused = refusal(relocation)
      if (refused !== undefined) throw refused
      return lockedPlan(relocation)
    },
  ])
}

/** Takes the `migrate` lock as the worker starts (a held lock is refused above for qemu, in the task for lxc). */
function lockedPlan(req: MigrateRequest): TaskPlan {
  const plan = realPlan(req)
  const { guest } = req
  if (guest.lock === undefined) guest.lock = 'migrate'
  else delete plan.holds
  return plan
}
