// Per-guest reads (lists, status/current, config, snapshots) and the snapshot and migration tasks.

import { ok } from '../http'
import type { GuestType } from '../model'
import { bool, str } from '../params'
import type { Route, RouteContext } from '../router'
import { ApiError, caller, demand } from '../router'
import type { TaskPlan } from '../tasks/engine'
import { startTask } from '../tasks/engine'
import { rollbackPlan, snapshotDeletePlan, snapshotPlan } from '../tasks/guest-ops'
import { migratePlan } from '../tasks/migrate'
import { diskOf, guestConfig, guestPending, snapshotList } from '../views/guest-config'
import { lxcList, lxcStatus, qemuList, qemuStatus } from '../views/guests'
import { lxcMigratePrecondition, qemuMigratePrecondition } from '../views/migrate-precondition'
import { guestOf, requireQuorum, rootOnly } from './guest-common'

const TYPES = ['qemu', 'lxc'] as const

/** Guests of {node} the caller may audit, by vmid. */
function guestsOn(rc: RouteContext, type: GuestType): RouteContext['cluster']['guests'] {
  const node = str(rc.params, 'node') ?? ''
  const authid = caller(rc).authid
  return rc.cluster.guests
    .filter((g) => g.node === node && g.type === type && rc.perms.has(authid, `/vms/${g.vmid}`, 'VM.Audit'))
    .sort((a, b) => a.vmid - b.vmid)
}

function run(
  rc: RouteContext,
  type: GuestType,
  plan: (guest: ReturnType<typeof guestOf>) => TaskPlan,
): ReturnType<Route['run']> {
  const guest = guestOf(rc, type)
  requireQuorum(rc)
  return ok(startTask(rc.cluster, plan(guest), rc.now).upid)
}

function perType(type: GuestType): Route[] {
  const base = `/nodes/{node}/${type}/{vmid}`
  const user = (rc: RouteContext): string => caller(rc).authid
  const snapname = (rc: RouteContext): string => str(rc.params, 'snapname') ?? ''
  return [
    {
      method: 'GET',
      path: `/nodes/{node}/${type}`,
      run: (rc) =>
        ok(
          type === 'qemu'
            ? qemuList(rc.cluster, guestsOn(rc, type), rc.now, bool(rc.params, 'full') ?? false)
            : lxcList(rc.cluster, guestsOn(rc, type), rc.now),
        ),
    },
    {
      method: 'GET',
      path: `${base}/status/current`,
      run: (rc) => {
        const guest = guestOf(rc, type)
        return ok(
          type === 'qemu' ? qemuStatus(rc.cluster, guest, rc.now) : lxcStatus(rc.cluster, guest, rc.now),
        )
      },
    },
    {
      method: 'GET',
      path: `${base}/config`,
      run: (rc) => ok(guestConfig(rc.cluster, guestOf(rc, type), bool(rc.params, 'current') ?? false)),
    },
    { method: 'GET', path: `${base}/pending`, run: (rc) => ok(guestPending(rc.cluster, guestOf(rc, type))) },
    { method: 'GET', path: `${base}/snapshot`, run: (rc) => ok(snapshotList(rc.cluster, guestOf(rc, type))) },
    {
      method: 'POST',
      path: `${base}/snapshot`,
      run: (rc) =>
        run(rc, type, (guest) =>
          snapshotPlan(
            guest,
            user(rc),
            {
              name: snapname(rc),
              description: str(rc.params, 'description') ?? '',
              vmstate: bool(rc.params, 'vmstate') ?? false,
            },
            diskOf(rc.cluster, guest),
          ),
        ),
    },
    {
      method: 'DELETE',
      path: `${base}/snapshot/{snapname}`,
      run: (rc) => run(rc, type, (guest) => snapshotDeletePlan(guest, user(rc), snapname(rc))),
    },
    {
      method: 'POST',
      path: `${base}/snapshot/{snapname}/rollback`,
      run: (rc) => {
        // The worker starts the guest itself, past vm_start's own check: Qemu.pm `rollback` asks up front.
        if (bool(rc.params, 'start') === true)
          demand(rc, `/vms/${str(rc.params, 'vmid') ?? ''}`, ['VM.PowerMgmt'])
        return run(rc, type, (guest) =>
          rollbackPlan(guest, user(rc), snapname(rc), bool(rc.params, 'start') ?? false, () =>
            rc.ctx.services.prng(),
          ),
        )
      },
    },
    {
      method: 'GET',
      path: `${base}/migrate`,
      // pve-container has it since 6.0 (PVE 9).
      ...(type === 'lxc' ? { since: 9 } : {}),
      run: (rc) => {
        requireQuorum(rc)
        const guest = guestOf(rc, type)
        if (guest.lock !== undefined) {
          throw new ApiError(500, `${type === 'qemu' ? 'VM' : 'CT'} is locked (${guest.lock})\n`)
        }
        return ok(
          type === 'qemu'
            ? qemuMigratePrecondition(rc.cluster, guest)
            : lxcMigratePrecondition(rc.cluster, guest),
        )
      },
    },
    {
      method: 'POST',
      path: `${base}/migrate`,
      run: (rc) => {
        rootOnly(rc, ['force', 'migration_type', 'migration_network'])
        return run(rc, type, (guest) =>
          migratePlan({
            cluster: rc.cluster,
            guest,
            target: str(rc.params, 'target') ?? '',
            user: user(rc),
            online: bool(rc.params, 'online') ?? false,
            restart: bool(rc.params, 'restart') ?? false,
            withLocalDisks: bool(rc.params, 'with-local-disks') ?? false,
            prng: () => rc.ctx.services.prng(),
          }),
        )
      },
    },
  ]
}

export const GUEST_ROUTES: readonly Route[] = TYPES.flatMap(perType)
