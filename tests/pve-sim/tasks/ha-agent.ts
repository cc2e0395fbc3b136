// The HA stack as far as a client sees it: an action on an HA-managed guest only files a request (qemu-server
// API2/Qemu.pm `vm_start`/`vm_shutdown`/`migrate_vm`, pve-container API2/LXC/Status.pm: a `hastart`, `hastop` or
// `hamigrate` worker running `ha-manager set|crm-command|migrate`, which ends at once). The CRM picks the request
// up on its next round (HA/Manager.pm: `stopped` → `started`, `started` → `request_stop`, a `migrate` command →
// `migrate`), and the LRM of the guest's node runs the real worker as root@pam (HA/Resources/PVEVM.pm `start`,
// `shutdown`, `migrate`: `qmstart`, `qmshutdown` with timeout and forceStop or `qmstop` for timeout 0,
// `qmigrate` online with local disks), whose log begins `task started by HA resource agent`
// (RESTEnvironment.pm `fork_worker` for `$self->{type} eq 'ha'`). Once it ended the service state follows the
// guest again.

import type { ClusterState, GuestState } from '../model'
import type { TaskPlan } from './engine'
import { schedule, startTask } from './engine'

/** Simulated time from the end of a request task to the CRM round that acts on it (real: up to 10 s). */
export const HA_ROUND_MS = 2000

export type HaRequest =
  | { kind: 'start' }
  | { kind: 'stop'; /** crm-command stop's timeout: 0 = hard stop. */ timeout: number }
  | { kind: 'migrate'; target: string }

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
 * The request worker's plan: `realPlan` builds the LRM's worker when the CRM round comes. The request itself
 * ends OK at once whatever the guest's state (ha-manager only records it).
 */
export function haRequestPlan(
  cluster: ClusterState,
  guest: GuestState,
  user: string,
  request: HaRequest,
  realPlan: () => TaskPlan | undefined,
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
        crmRound(cluster, guest, request, realPlan, roundMs)
      })
      return undefined
    },
  }
}

/** The CRM's round: its new service state, and the LRM's worker when something has to happen. */
function crmRound(
  cluster: ClusterState,
  guest: GuestState,
  request: HaRequest,
  realPlan: () => TaskPlan | undefined,
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
  let plan: TaskPlan | undefined
  try {
    plan = realPlan()
  } catch {
    // The LRM's call was refused before a worker existed (the guest changed meanwhile): nothing to run.
    plan = undefined
  }
  if (plan === undefined) {
    settled(guest)
    return
  }
  const finish = plan.finish
  startTask(
    cluster,
    {
      ...plan,
      user: 'root@pam',
      byHaAgent: true,
      finish: (endMs) => {
        const outcome = finish?.(endMs)
        settled(guest)
        return outcome
      },
      // Stopped, the LRM reports the error and the CRM gives the service back its last state.
      abort: (endMs) => {
        settled(guest)
        return plan.abort?.(endMs) ?? { error: 'received interrupt' }
      },
    },
    atMs,
  )
}

/** `sid` of a guest's HA resource (`vm:101`, `ct:110`). */
export const haSid = sidOf
