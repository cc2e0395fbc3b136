import { AppError } from '../shared/ipc/errors'
import type { GuestAction, MigrationCheck } from '../shared/model/guest-action'
import type { ClusterAccess } from '../main/guests/cluster-access'
import {
  checkMigration,
  listBackupTargets,
  readOnlyRefusal,
  runGuestAction,
} from '../main/guests/guest-actions'
import type { Values } from './cli-options'
import { usage } from './cli-options'
import type { OpenCluster } from './cluster-access'
import { parseGuestTarget, withCluster } from './cluster-access'
import type { CliContext } from './context'
import { EXIT } from './exit-codes'
import { printable } from './printable'
import type { GuestCommand, SnapshotCommand } from './guest-action-options'
import { backupOptions, guestAction, snapshotAction } from './guest-action-options'
import { waitForTask } from './task-wait'

const refused = (clusterId: string, message: string): AppError =>
  new AppError({ code: 'pve_error', clusterId, message })

/** Before reading anything for an action (the precondition, the storages): a read-only cluster acts on nothing. */
function assertWritable(access: ClusterAccess, vmid: number): void {
  if (access.readOnly) throw readOnlyRefusal(access.clusterId, vmid)
}

/**
 * PVE's migration precondition (`GET …/migrate`) read before anything is sent: what PVE would refuse (a target
 * it does not allow, local devices) or what loses the operator's time and bandwidth unasked (local disks copied)
 * is refused here with PVE's words, exit status 8.
 */
export function refuseMigration(
  check: MigrationCheck,
  action: Extract<GuestAction, { kind: 'migrate' }>,
): string | undefined {
  if (action.target === check.node) return `guest ${check.vmid} is already on node '${check.node}'`
  const target = check.targets.find((t) => t.node === action.target)
  if (target === undefined) return `no such cluster node '${action.target}'`
  if (!target.allowed)
    return `can't migrate to node '${target.node}': ${target.notAllowedReason ?? 'not allowed by PVE'}`
  // qemu-server QemuMigrate.pm `prepare`: a running VM with local devices is never migrated.
  if (check.localResources.length > 0)
    return `can't migrate VM which uses local devices: ${check.localResources.join(', ')}`
  const disks = check.localDisks.filter((d) => d.cdrom !== true)
  if (disks.length > 0 && action.withLocalDisks !== true) {
    // QemuMigrate.pm `scan_local_volumes` refuses a live migration so; an offline one would copy them unasked.
    return check.running
      ? "can't live migrate attached local disks without with-local-disks option"
      : `local disks ${disks.map((d) => d.volid).join(', ')} would be copied to '${target.node}': repeat with --with-local-disks`
  }
  return undefined
}

/** Runs the action, prints its UPID (or PVE's plain answer), follows it with `--wait`. */
async function act(
  ctx: CliContext,
  { client, access }: OpenCluster,
  vmid: number,
  action: GuestAction,
  what: string,
  wait: boolean,
): Promise<number> {
  const started = await runGuestAction(access, vmid, action)
  if (started.upid === null) {
    ctx.out(printable(started.message ?? 'OK'))
    return EXIT.ok
  }
  ctx.out(started.upid)
  if (!wait) return EXIT.ok
  const guest = await access.guest(vmid)
  return waitForTask(ctx, client, started.upid, `${what} ${access.clusterId}/${vmid}`, guest.name)
}

/** `pvedesk guest start|shutdown|stop|reboot|reset|suspend|resume|migrate|backup CLUSTER/VMID …`. */
export function guestCommand(
  ctx: CliContext,
  command: GuestCommand,
  target: string,
  v: Values,
): Promise<number> {
  const { clusterId, vmid } = parseGuestTarget(target)
  if (command === 'backup') return backup(ctx, clusterId, vmid, v)
  const action = guestAction(command, v)
  return withCluster(ctx, clusterId, async (open) => {
    if (action.kind === 'migrate') {
      // Read-only first, as runGuestAction orders its refusals: the precondition is not even read.
      assertWritable(open.access, vmid)
      const problem = refuseMigration(await checkMigration(open.access, vmid, ctx.signal), action)
      if (problem !== undefined) throw refused(clusterId, problem)
    }
    return act(ctx, open, vmid, action, command, v.wait)
  })
}

/**
 * `pvedesk guest backup`: `--storage` may be left out when the guest's node has exactly one storage that takes
 * backups; with none or several it must be named (they are listed).
 */
function backup(ctx: CliContext, clusterId: string, vmid: number, v: Values): Promise<number> {
  const options = backupOptions(v)
  return withCluster(ctx, clusterId, async (open) => {
    let storage = options.storage
    if (storage === undefined) {
      assertWritable(open.access, vmid)
      const targets = await listBackupTargets(open.access, vmid, ctx.signal)
      const only = targets.length === 1 ? targets[0] : undefined
      if (only === undefined)
        throw usage(
          targets.length === 0
            ? `no storage on the node of ${clusterId}/${vmid} takes backups`
            : `give --storage: ${targets.map((t) => t.storage).join(', ')} take backups`,
        )
      storage = only.storage
    }
    return act(ctx, open, vmid, options.build(storage), 'backup', v.wait)
  })
}

/** `pvedesk guest snapshot create|rollback|delete CLUSTER/VMID NAME`. */
export function snapshotCommand(
  ctx: CliContext,
  command: SnapshotCommand,
  target: string,
  name: string,
  v: Values,
): Promise<number> {
  const { clusterId, vmid } = parseGuestTarget(target)
  const action = snapshotAction(command, name, v)
  return withCluster(ctx, clusterId, (open) =>
    act(ctx, open, vmid, action, `snapshot ${command} ${name}`, v.wait),
  )
}
