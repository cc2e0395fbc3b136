// The HA stack as far as a client sees it: an action on an HA-managed guest only files a request (qemu-server
// API2/Qemu.pm `vm_start`/`vm_shutdown`/`migrate_vm`, pve-container API2/LXC/Status.pm: a `hastart`, `hastop` or
// `hamigrate` worker running `ha-manager set|crm-command|migrate`, which ends at once). The CRM picks the request
// up on its next round (HA/Manager.pm: `stopped` → `started`, `started` → `request_stop`, a `migrate` command →
// `migrate`), and the LRM of the guest's node runs the real workers one after the other as root@pam
// (HA/Resources/PVEVM.pm `start`, `shutdown`, `migrate`: `qmstart`, `qmshutdown` with timeout and forceStop or
// `qmstop` for timeout 0, `qmigrate` online with local disks; PVECT.pm `migrate`: `vzshutdown` of a running
// container, then `vzmigrate` with online 0), each log beginning `task started by HA resource agent`
// (RESTEnvironment.pm `fork_worker` for `$self->{type} eq 'ha'`). After a migration the CRM puts the service in
// its requested state on the node it is on (Manager.pm `next_state_migrate_relocate`), so a relocated container
// is started there by the LRM (`vzstart`). Once the last worker ended the service state follows the guest again.

import type { ClusterState, GuestState } from '../model'
import type { TaskPlan } from './engine'
import { schedule, startTask } from './engine'

/** Simulated time from the end of a request task to the CRM round that acts on it (real: up to 10 s). */
export const HA_ROUND_MS = 2000

/**
 * One worker the LRM runs, built when its turn comes (after the one before it ended, whatever its status:
 * HA/Tools.pm `upid_wait` does not look at it). `undefined`: nothing to do, on to the next one; a throw: the call
 * was refused before a worker existed, and the LRM's action ends there.
 */
export type LrmWorker = () => TaskPlan | undefined

export type HaRequest =
  | { kind: 'start' }
  | { kind: 'stop'; /** crm-command stop's timeout: 0 = hard stop. */ timeout: number }
  | {
      kind: 'migrate'
      target: string
      /** The LRM's start where the guest is after the migration, when it is requested started and is not. */
      start: LrmWorker
    }

const sidOf = (guest: GuestState): string => `${guest.type === 'qemu' ? 'vm' : 'ct'}:${guest.vmid}`
const followed = (guest: GuestState): 'started' | 'stopped' =>
  guest.status === 'running' ? 'started' : 'stopped'

/** ha/resources.cfg `state`: what was asked for. */
export const haRequestState = (guest: GuestState): 'started' | 'stopped' =>
  guest.haService?.request ?? followed(guest)

/** manager_status `service_status.<sid>.state`: what the CRM is doing (/cluster/resources `hastate`). */
export const haCrmState = (guest: GuestState): string => guest.haService?.crm ?? followed(guest)

/** The `state` of /cluster/ha/status/current: HA/Tools.pm `get_verbose_service_state`. */
export function haVerboseState(guest: GuestState): string {
  const request = haRequestState(guest)
  const crm = haCrmState(guest)
  if (crm === 'stopped') return request === 'started' ? 'starting' : 'stopped'
  if (crm === 'started') {
    if (guest.status !== 'running') return 'starting'
    return request === 'stopped' ? 'stopping' : 'started'
  }
  return crm
}

function settled(guest: GuestState): void {
  delete guest.haService
}

/**
 * The request worker's plan: `work` are the LRM's workers, run in order from the CRM round on. The request itself
 * ends OK at once whatever the guest's state (ha-manager only records it).
 */
export function haRequestPlan(
  cluster: ClusterState,
  guest: GuestState,
  user: string,
  request: HaRequest,
  work: readonly LrmWorker[],
): TaskPlan {
  const what = `${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid}`
  const type = request.kind === 'start' ? 'hastart' : request.kind === 'stop' ? 'hastop' : 'hamigrate'
  const line =
    request.kind === 'start'
      ? `Requesting HA start for ${what}`
      : request.kind === 'stop'
        ? `Requesting HA stop for ${what}`
        : `Requesting HA migration for ${what} to node ${request.target}`
  return {
    node: guest.node,
    type,
    id: String(guest.vmid),
    user,
    durationMs: 1000,
    progress: [line],
    finish: (atMs) => {
      if (request.kind === 'start') guest.haService = { request: 'started' }
      if (request.kind === 'stop') guest.haService = { request: 'stopped' }
      if (request.kind === 'migrate') guest.haService = { request: followed(guest) }
      schedule(cluster, atMs + HA_ROUND_MS, (roundMs) => {
        crmRound(cluster, guest, request, work, roundMs)
      })
      return undefined
    },
  }
}

/** The CRM's round: its new service state, and the LRM's workers when something has to happen. */
function crmRound(
  cluster: ClusterState,
  guest: GuestState,
  request: HaRequest,
  work: readonly LrmWorker[],
  atMs: number,
): void {
  const service = guest.haService
  if (service === undefined || !guest.ha) return
  const running = guest.status === 'running'
  // The LRM has nothing to do when the guest already is where the request wants it (LRM.pm
  // `exec_resource_agent`: `return SUCCESS if $running`, "already there").
  const nothing =
    (request.kind === 'start' && running) ||
    (request.kind === 'stop' && !running) ||
    (request.kind === 'migrate' && guest.node === request.target)
  if (nothing) {
    settled(guest)
    return
  }
  if (request.kind === 'start') service.crm = 'started'
  if (request.kind === 'stop') service.crm = 'request_stop'
  if (request.kind === 'migrate') {
    service.crm = 'migrate'
    service.target = request.target
  }
  const done =
    request.kind === 'migrate'
      ? (endMs: number): void => {
          schedule(cluster, endMs + HA_ROUND_MS, (roundMs) => {
            afterMigration(cluster, guest, request.start, roundMs)
          })
        }
      : (): void => {
          settled(guest)
        }
  runWorkers(cluster, guest, work, atMs, done)
}

/**
 * Manager.pm `next_state_migrate_relocate`: moved or not, the service goes to its requested state on the node
 * the guest is on now (`started` or `request_stop`); a guest requested started that is not running (a relocated
 * container, one whose migration failed after its shutdown) is started there by that node's LRM.
 */
function afterMigration(cluster: ClusterState, guest: GuestState, start: LrmWorker, atMs: number): void {
  const service = guest.haService
  if (service === undefined || !guest.ha) return
  if (service.request !== 'started' || guest.status === 'running') {
    settled(guest)
    return
  }
  service.crm = 'started'
  delete service.target
  runWorkers(cluster, guest, [start], atMs, () => {
    settled(guest)
  })
}

/** Runs the LRM's workers one after the other, as root@pam; `done` once the last ended or one was refused. */
function runWorkers(
  cluster: ClusterState,
  guest: GuestState,
  work: readonly LrmWorker[],
  atMs: number,
  done: (atMs: number) => void,
): void {
  const [first, ...rest] = work
  if (first === undefined) {
    done(atMs)
    return
  }
  let plan: TaskPlan | undefined
  try {
    plan = first()
  } catch {
    // Refused before a worker existed (the guest changed meanwhile): the LRM reports the error.
    done(atMs)
    return
  }
  if (plan === undefined) {
    runWorkers(cluster, guest, rest, atMs, done)
    return
  }
  const { finish, abort } = plan
  startTask(
    cluster,
    {
      ...plan,
      user: 'root@pam',
      byHaAgent: true,
      finish: (endMs) => {
        const outcome = finish?.(endMs)
        runWorkers(cluster, guest, rest, endMs, done)
        return outcome
      },
      // Stopped, the worker dies; the LRM goes on (its own process got no signal) and the CRM gives the
      // service back its last state when nothing is left to do.
      abort: (endMs) => {
        const outcome = abort?.(endMs) ?? { error: 'received interrupt' }
        runWorkers(cluster, guest, rest, endMs, done)
        return outcome
      },
    },
    atMs,
  )
}

/** `sid` of a guest's HA resource (`vm:101`, `ct:110`). */
export const haSid = sidOf
