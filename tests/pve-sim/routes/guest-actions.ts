// POST /nodes/{node}/{qemu|lxc}/{vmid}/status/{action}: each answers the UPID of the worker task it started.

import { ok } from '../http'
import type { GuestType } from '../model'
import { bool, int } from '../params'
import type { Route, RouteContext } from '../router'
import { caller } from '../router'
import { startTask } from '../tasks/engine'
import type { PowerAction } from '../tasks/power'
import { LXC_POWER_ACTIONS, POWER_ACTIONS, powerPlan } from '../tasks/power'
import { guestOf, requireQuorum, rootOnly } from './guest-common'

function power(rc: RouteContext, type: GuestType, action: PowerAction): ReturnType<Route['run']> {
  const guest = guestOf(rc, type)
  rootOnly(rc, ['skiplock', 'keepActive', 'migratedfrom', 'stateuri', 'nocheck', 'force-cpu', 'machine'])
  // Only the start checks the quorum up front (Qemu.pm `vm_start`, Status.pm `vm_start`: check_cfs_quorum).
  if (action === 'start') requireQuorum(rc)
  const services = rc.ctx.services
  const timeout = int(rc.params, 'timeout')
  const plan = powerPlan({
    cluster: rc.cluster,
    guest,
    action,
    user: caller(rc).authid,
    skiplock: bool(rc.params, 'skiplock') ?? false,
    forceStop: bool(rc.params, 'forceStop') ?? false,
    todisk: bool(rc.params, 'todisk') ?? false,
    ...(timeout === undefined ? {} : { timeout }),
    prng: () => services.prng(),
  })
  return ok(startTask(rc.cluster, plan, rc.now).upid)
}

export const GUEST_ACTION_ROUTES: readonly Route[] = (['qemu', 'lxc'] as const).flatMap((type) =>
  (type === 'qemu' ? POWER_ACTIONS : LXC_POWER_ACTIONS).map((action): Route => ({
    method: 'POST',
    path: `/nodes/{node}/${type}/{vmid}/status/${action}`,
    run: (rc) => power(rc, type, action),
  })),
)
