// Guest power actions as qemu-server (API2/Qemu.pm) and pve-container (API2/LXC/Status.pm) run them: a few
// refusals before any task exists (a 500 such as `VM 101 not running`), otherwise a worker task (`qmstart`,
// `vzshutdown`, … or `hastart`/`hastop` for HA-managed guests) that checks the lock when it runs, and whose
// end changes the guest.

import { applyPending, startGuest, stopGuest } from '../live'
import type { GuestState } from '../model'
import type { Prng } from '../prng'
import { ApiError } from '../router'
import { label, lockError } from '../routes/guest-common'
import type { TaskOutcome, TaskPlan } from './engine'

export const POWER_ACTIONS = ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'] as const
export type PowerAction = (typeof POWER_ACTIONS)[number]

export interface PowerRequest {
  guest: GuestState
  action: PowerAction
  user: string
  skiplock: boolean
  forceStop: boolean
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
}

/** How long each action takes, in simulated milliseconds. */
const DURATIONS: Record<PowerAction, number> = {
  start: 2500,
  stop: 1500,
  shutdown: 4000,
  reboot: 5000,
  suspend: 800,
  resume: 800,
}

/** The refusals PVE raises before it forks a worker. */
function syncRefusal(req: PowerRequest): string | undefined {
  const { guest, action } = req
  const running = guest.status === 'running'
  if (guest.type === 'qemu') {
    if (!running && (action === 'reboot' || action === 'suspend' || action === 'resume')) {
      return `VM ${guest.vmid} not running`
    }
    if (action === 'shutdown' && guest.paused && !req.forceStop) return 'VM is paused - cannot shutdown'
    return undefined
  }
  if (action === 'start' && running) return `CT ${guest.vmid} already running`
  if (action !== 'start' && !running) return `CT ${guest.vmid} not running`
  return undefined
}

function apply(req: PowerRequest, now: number): TaskOutcome | undefined {
  const { guest, action } = req
  // A VM hibernated to disk keeps the `suspended` lock until it starts again.
  const lock = lockError(guest, req.skiplock, action === 'start' ? ['suspended'] : [])
  if (lock !== undefined) return { error: lock }
  switch (action) {
    case 'start':
      if (guest.template) return { error: "you can't start a vm if it's a template" }
      if (guest.status === 'running') return { error: `${label(guest)} already running` }
      // Resuming a hibernated VM keeps its config; any other start applies the pending changes.
      if (guest.lock === 'suspended') delete guest.lock
      else applyPending(guest)
      startGuest(guest, req.prng(), now)
      return undefined
    case 'stop':
    case 'shutdown':
      if (guest.status === 'running') stopGuest(guest)
      return undefined
    case 'reboot':
      stopGuest(guest)
      applyPending(guest)
      startGuest(guest, req.prng(), now)
      return undefined
    case 'suspend':
      if (req.todisk) {
        stopGuest(guest)
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

/** The worker's plan, or a 500 when PVE refuses before forking one. */
export function powerPlan(req: PowerRequest): TaskPlan {
  const refusal = syncRefusal(req)
  if (refusal !== undefined) throw new ApiError(500, `${refusal}\n`)
  const { guest, action } = req
  const finish = (atMs: number): TaskOutcome | undefined => apply(req, atMs)
  // HA-managed guests are started and stopped by the HA manager: the API only files a request.
  if (guest.ha && (action === 'start' || action === 'stop' || action === 'shutdown')) {
    const verb = action === 'start' ? 'start' : 'stop'
    return {
      node: guest.node,
      type: action === 'start' ? 'hastart' : 'hastop',
      id: String(guest.vmid),
      user: req.user,
      durationMs: 1500,
      progress: [`Requesting HA ${verb} for ${label(guest)}`],
      finish,
    }
  }
  let type = guest.type === 'qemu' ? QEMU_TYPES[action] : `vz${action}`
  if (guest.type === 'qemu' && action === 'suspend' && req.todisk) type = 'qmsuspend'
  return {
    node: guest.node,
    type,
    id: String(guest.vmid),
    user: req.user,
    durationMs: req.todisk ? 4000 : DURATIONS[action],
    finish,
  }
}
