// Guest power actions as qemu-server (API2/Qemu.pm `vm_start` … `vm_resume`) and pve-container
// (API2/LXC/Status.pm) run them: a few refusals before any task exists (a 500 such as `VM 101 not running`),
// otherwise a worker task (`qmstart`, `vzshutdown`, … or a `hastart`/`hastop` request for HA-managed guests, see
// ha-agent.ts) that checks the lock when it runs, and whose end changes the guest.

import { applyPending, startGuest, stopGuest } from '../live'
import type { ClusterState, GuestState } from '../model'
import type { Prng } from '../prng'
import { ApiError } from '../router'
import { label, lockError } from '../routes/guest-common'
import type { TaskOutcome, TaskPlan } from './engine'
import { haRequestPlan } from './ha-agent'

export const POWER_ACTIONS = ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume', 'reset'] as const
export type PowerAction = (typeof POWER_ACTIONS)[number]
/** pve-container has no `status/reset`. */
export const LXC_POWER_ACTIONS: readonly PowerAction[] = POWER_ACTIONS.filter((a) => a !== 'reset')

export interface PowerRequest {
  cluster: ClusterState
  guest: GuestState
  action: PowerAction
  user: string
  skiplock: boolean
  forceStop: boolean
  /** shutdown/stop `timeout` (seconds), as given. */
  timeout?: number
  /** qemu suspend: hibernate to disk instead of pausing. */
  todisk: boolean
  prng: () => Prng
}

const QEMU_TYPES: Record<PowerAction, string> = {
  start: 'qmstart',
  stop: 'qmstop',
  shutdown: 'qmshutdown',
  reboot: 'qmreboot',
  suspend: 'qmpause',
  resume: 'qmresume',
  reset: 'qmreset',
}

/** How long each action takes, in simulated milliseconds. */
const DURATIONS: Record<PowerAction, number> = {
  start: 2500,
  stop: 1500,
  shutdown: 4000,
  reboot: 5000,
  suspend: 800,
  resume: 800,
  reset: 1000,
}

/** The refusals qemu-server raises before it forks a worker, in its order. */
function qemuRefusal(req: PowerRequest): string | undefined {
  const { guest, action } = req
  const vmid = guest.vmid
  const running = guest.status === 'running'
  switch (action) {
    case 'shutdown':
      // vm_shutdown: a paused VM would get the request delivered when resumed later.
      return guest.paused && !req.forceStop ? 'VM is paused - cannot shutdown' : undefined
    case 'reboot':
      if (guest.paused) return 'VM is paused - cannot shutdown'
      return running ? undefined : `VM ${vmid} not running`
    case 'reset':
      return running ? undefined : `VM ${vmid} not running`
    case 'suspend':
      if (!running) return `VM ${vmid} not running`
      return req.todisk && guest.ha ? 'Cannot suspend HA managed VM to disk' : undefined
    case 'resume':
      // vm_resume: a VM hibernated to disk (lock `suspended`) is started again instead.
      return running || guest.lock === 'suspended' ? undefined : `VM ${vmid} not running`
    default:
      return undefined
  }
}

/** pve-container's refusals (reboot says `VM`, as Status.pm `vm_reboot` does). */
function lxcRefusal(req: PowerRequest): string | undefined {
  const { guest, action } = req
  const running = guest.status === 'running'
  if (action === 'start' || action === 'resume')
    return running ? `CT ${guest.vmid} already running` : undefined
  if (running) return undefined
  return action === 'reboot' ? `VM ${guest.vmid} not running` : `CT ${guest.vmid} not running`
}

/** lxc-checkpoint needs CRIU, which PVE 8 and 9 do not ship: the worker's command fails. */
const checkpointFailure = (guest: GuestState, action: 'suspend' | 'resume'): string =>
  `command 'lxc-checkpoint -n ${guest.vmid} ${action === 'suspend' ? '-s' : '-r --foreground'} -D /var/lib/vz/dump' failed: exit code 1`

function apply(req: PowerRequest, now: number): TaskOutcome | undefined {
  const { guest, action } = req
  // A VM hibernated to disk keeps the `suspended` lock until it starts again (a start or a resume).
  const resumesHibernated = guest.lock === 'suspended' && (action === 'start' || action === 'resume')
  const lock = lockError(guest, req.skiplock, resumesHibernated ? ['suspended'] : [])
  if (lock !== undefined) return { error: lock }
  if (guest.type === 'lxc' && (action === 'suspend' || action === 'resume'))
    return { error: checkpointFailure(guest, action) }
  if (resumesHibernated) {
    if (guest.status === 'running') return { error: `${label(guest)} already running` }
    // The saved state comes back: the config is kept, pending changes wait for a real start.
    delete guest.lock
    startGuest(guest, req.prng(), now)
    return undefined
  }
  switch (action) {
    case 'start':
      if (guest.template) {
        return { error: `you can't start a ${guest.type === 'qemu' ? 'vm' : 'CT'} if it's a template` }
      }
      if (guest.status === 'running') return { error: `${label(guest)} already running` }
      applyPending(guest)
      startGuest(guest, req.prng(), now)
      return undefined
    case 'stop':
    case 'shutdown':
      if (guest.status === 'running') stopGuest(guest, now)
      return undefined
    case 'reboot':
      stopGuest(guest, now)
      applyPending(guest)
      startGuest(guest, req.prng(), now)
      return undefined
    case 'reset':
      // A hard reset of the same QEMU process: no new uptime, no pending change applied.
      guest.paused = false
      return undefined
    case 'suspend':
      if (req.todisk) {
        stopGuest(guest, now)
        guest.lock = 'suspended'
      } else {
        guest.paused = true
        guest.cpu = 0
      }
      return undefined
    case 'resume':
      guest.paused = false
      return undefined
  }
}

/** The plan of the real worker (also what the HA agent runs, as root@pam). */
export function workerPlan(req: PowerRequest): TaskPlan {
  const { guest, action } = req
  let type = guest.type === 'qemu' ? QEMU_TYPES[action] : `vz${action}`
  if (guest.type === 'qemu' && action === 'suspend' && req.todisk) type = 'qmsuspend'
  return {
    node: guest.node,
    type,
    id: String(guest.vmid),
    user: req.user,
    durationMs: req.todisk ? 4000 : DURATIONS[action],
    finish: (atMs) => apply(req, atMs),
  }
}

/** The worker's plan, or a 500 when PVE refuses before forking one. */
export function powerPlan(req: PowerRequest): TaskPlan {
  const refusal = req.guest.type === 'qemu' ? qemuRefusal(req) : lxcRefusal(req)
  if (refusal !== undefined) throw new ApiError(500, `${refusal}\n`)
  const { guest, action } = req
  // HA-managed guests are started and stopped by the HA manager: the API only files a request. A reboot,
  // reset, suspend or resume goes to the guest directly (qemu-server has no HA path for them).
  if (guest.ha && (action === 'start' || action === 'stop' || action === 'shutdown')) {
    if (action === 'start') {
      return haRequestPlan(req.cluster, guest, req.user, { kind: 'start' }, [
        () => workerPlan({ ...req, user: 'root@pam', skiplock: false }),
      ])
    }
    // vm_stop asks `crm-command stop vm:<vmid> 0`, vm_shutdown passes its timeout (default 60); the LRM then
    // shuts down with that timeout and forceStop, or stops hard for 0 (PVEVM.pm `shutdown`).
    const timeout = action === 'stop' ? 0 : (req.timeout ?? 60)
    return haRequestPlan(req.cluster, guest, req.user, { kind: 'stop', timeout }, [
      () =>
        workerPlan({
          ...req,
          action: timeout === 0 ? 'stop' : 'shutdown',
          user: 'root@pam',
          skiplock: false,
          forceStop: true,
        }),
    ])
  }
  return workerPlan(req)
}
