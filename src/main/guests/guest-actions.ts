import { AppError } from '../../shared/ipc/errors'
import type { FleetGuest } from '../../shared/model/fleet'
import type { ActionStarted, GuestAction } from '../../shared/model/guest-action'
import { ACTION_PRIVILEGES } from '../../shared/model/guest-action'
import { parseUpid } from '../../shared/upid'
import type { HttpMethod, Params } from '../pve/http-client'
import type { ClusterAccess } from './cluster-access'

export { checkMigration, listBackupTargets, listGuestSnapshots } from './guest-reads'

/** One PVE call an action turns into. */
export interface PveCall {
  method: HttpMethod
  path: string
  params?: Params
}

/** Refused before anything is sent: the cluster is read-only in PVE Desk. */
export const readOnlyRefusal = (clusterId: string, vmid: number): AppError =>
  new AppError({
    code: 'read_only',
    clusterId,
    message: `${clusterId} is read-only in PVE Desk: nothing was sent to guest ${vmid}`,
  })

/**
 * Refused before anything is sent, in PVE's own words (RPCEnvironment.pm `check` / `check_any`:
 * `Permission check failed (<path>, <privilege>)`, several privileges joined by `|`).
 */
export const privilegeRefusal = (
  clusterId: string,
  path: string,
  privileges: readonly string[],
): AppError => {
  const privilege = privileges.join('|')
  return new AppError({
    code: 'forbidden',
    clusterId,
    message: `Permission check failed (${path}, ${privilege})`,
    detail: { path, privilege },
  })
}

const unsupported = (clusterId: string, guest: FleetGuest, what: string): AppError =>
  new AppError({
    code: 'invalid_request',
    clusterId,
    message: `${what} is not possible for container ${guest.vmid}: only VMs (qemu) have it`,
    detail: { reason: 'unsupported', type: guest.type },
  })

/** A privilege check PVE makes: any of `privileges` on `path`. */
interface PrivilegeCheck {
  path: string
  privileges: readonly string[]
}

/**
 * What PVE itself checks before it starts the action: ACTION_PRIVILEGES on `/vms/<vmid>`, and the storage a
 * backup writes to (pve-manager API2/VZDump.pm `vzdump`: `Datastore.AllocateSpace` on `/storage/<storage>`);
 * a hibernation's `VM.Config.Disk`, and `Datastore.AllocateSpace` on its state storage when one is named
 * (qemu-server API2/Qemu.pm `vm_suspend` with `todisk`; without `statestorage` PVE picks it from the VM's
 * config and checks it itself: its refusal comes back in its own words).
 */
function privilegesOf(guest: FleetGuest, action: GuestAction): PrivilegeCheck[] {
  const vm = `/vms/${guest.vmid}`
  const checks: PrivilegeCheck[] = [{ path: vm, privileges: ACTION_PRIVILEGES[action.kind] }]
  const space = (storage: string): PrivilegeCheck => ({
    path: `/storage/${storage}`,
    privileges: ['Datastore.AllocateSpace'],
  })
  if (action.kind === 'backup') checks.push(space(action.storage))
  if (guest.type === 'qemu' && action.kind === 'suspend' && action.todisk === true) {
    checks.push({ path: vm, privileges: ['VM.Config.Disk'] })
    if (action.statestorage !== undefined) checks.push(space(action.statestorage))
  }
  return checks
}

/** Refuses what PVE would refuse for a container anyway, so that the message says why in plain words. */
function assertApplies(clusterId: string, guest: FleetGuest, action: GuestAction): void {
  if (guest.type === 'qemu') return
  if (action.kind === 'reset') throw unsupported(clusterId, guest, 'reset')
  if (action.kind === 'suspend' && action.todisk === true) throw unsupported(clusterId, guest, 'hibernate')
  if (action.kind === 'snapshotCreate' && action.vmstate === true)
    throw unsupported(clusterId, guest, 'a guest snapshot with RAM')
  if (action.kind === 'migrate' && action.online === true)
    throw unsupported(clusterId, guest, 'live migration (containers move running with restart)')
}

/** A getter for the app's access (the connection as it is now): read again, never narrowed by TypeScript. */
const readOnlyNow = (access: ClusterAccess): boolean => access.readOnly

const flag = (value: boolean | undefined): boolean | undefined => (value === true ? true : undefined)

/**
 * The PVE call of an action, every parameter name as PVE 9.1's schema spells it (apidoc.json). HA-managed guests
 * take the very same calls: PVE files the HA request itself (qemu-server API2/Qemu.pm `vm_start` & co. and
 * pve-container API2/LXC/Status.pm: `if (PVE::HA::Config::vm_is_ha_managed($vmid) && $rpcenv->{type} ne 'ha')`
 * → a `hastart`/`hastop`/`hamigrate` task instead of the worker), so nothing here knows about HA.
 */
export function pveCall(guest: FleetGuest, action: GuestAction): PveCall {
  const base = `/nodes/${encodeURIComponent(guest.node)}/${guest.type}/${guest.vmid}`
  switch (action.kind) {
    case 'start':
    case 'stop':
    case 'reboot':
    case 'reset':
    case 'resume':
      return { method: 'POST', path: `${base}/status/${action.kind}` }
    case 'shutdown':
      return {
        method: 'POST',
        path: `${base}/status/shutdown`,
        params: { timeout: action.timeout, forceStop: flag(action.forceStop) },
      }
    case 'suspend':
      return {
        method: 'POST',
        path: `${base}/status/suspend`,
        params:
          guest.type === 'qemu'
            ? {
                todisk: flag(action.todisk),
                statestorage: action.todisk === true ? action.statestorage : undefined,
              }
            : {},
      }
    case 'migrate':
      // pve-container copies a container's local volumes by itself (offline); `with-local-disks` is qemu's.
      return {
        method: 'POST',
        path: `${base}/migrate`,
        params:
          guest.type === 'qemu'
            ? {
                target: action.target,
                online: flag(action.online),
                'with-local-disks': flag(action.withLocalDisks),
              }
            : { target: action.target, restart: flag(action.restart) },
      }
    case 'backup':
      return {
        method: 'POST',
        path: `/nodes/${encodeURIComponent(guest.node)}/vzdump`,
        params: {
          vmid: String(guest.vmid),
          storage: action.storage,
          mode: action.mode,
          compress: action.compress,
          protected: flag(action.protected),
          'notes-template': action.notes === undefined || action.notes === '' ? undefined : action.notes,
        },
      }
    case 'snapshotCreate':
      return {
        method: 'POST',
        path: `${base}/snapshot`,
        params: {
          snapname: action.name,
          description: action.description === '' ? undefined : action.description,
          vmstate: guest.type === 'qemu' ? flag(action.vmstate) : undefined,
        },
      }
    case 'snapshotRollback':
      return {
        method: 'POST',
        path: `${base}/snapshot/${encodeURIComponent(action.name)}/rollback`,
        params: { start: flag(action.start) },
      }
    case 'snapshotDelete':
      return { method: 'DELETE', path: `${base}/snapshot/${encodeURIComponent(action.name)}` }
  }
}

/**
 * Checks what PVE Desk can check before anything is sent, then starts the action. Refusals in this order:
 * read-only → `read_only`; a privilege missing from the (cached or asked) permissions → `forbidden` in PVE's
 * words with `detail.privilege`; an action a container does not have → `invalid_request`; then PVE's call, whose
 * own refusal (403, 500) keeps PVE's text as the message.
 */
export async function runGuestAction(
  access: ClusterAccess,
  vmid: number,
  action: GuestAction,
): Promise<ActionStarted> {
  const { clusterId } = access
  if (access.readOnly) throw readOnlyRefusal(clusterId, vmid)
  const guest = await access.guest(vmid)
  for (const { path, privileges } of privilegesOf(guest, action)) {
    // A guest's pool grants on its guests only: a storage's own ACLs (or `/`) decide for `/storage/…`.
    const pool = path.startsWith('/vms/') ? guest.pool : undefined
    if (!(await access.can(path, privileges, pool))) throw privilegeRefusal(clusterId, path, privileges)
  }
  assertApplies(clusterId, guest, action)
  // Looked at again after the awaits: a cluster set read-only meanwhile gets nothing.
  if (readOnlyNow(access)) throw readOnlyRefusal(clusterId, vmid)
  const call = pveCall(guest, action)
  const answer = await access.client.call(call.method, call.path, call.params)
  if (typeof answer === 'string' && parseUpid(answer) !== undefined) return { clusterId, vmid, upid: answer }
  // vzdump may answer without a worker (PVE's `OK`-like plain text): nothing to follow, PVE's words kept.
  if (action.kind === 'backup' && (typeof answer === 'string' || answer === undefined || answer === null))
    return { clusterId, vmid, upid: null, message: typeof answer === 'string' ? answer.slice(0, 1024) : 'OK' }
  throw new AppError({
    code: 'bad_response',
    clusterId,
    message: `${call.method} ${call.path} answered no task id`,
  })
}
