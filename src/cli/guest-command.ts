import { AppError } from '../shared/ipc/errors'
import { can } from '../shared/model/permissions'
import { followTask, taskLog } from '../main/pve/tasks'
import type { CliContext } from './context'
import { clientFor, findCluster } from './context'
import { EXIT } from './exit-codes'

export const GUEST_ACTIONS = ['start', 'shutdown', 'stop', 'reboot', 'suspend', 'resume'] as const
export type GuestAction = (typeof GUEST_ACTIONS)[number]

/**
 * `pvedesk guest <action> <cluster>/<vmid> [--wait]`: finds the guest's node, checks the cluster is not read-only
 * and the user holds `VM.PowerMgmt`, posts the action and prints the UPID; with `--wait` follows the task to the
 * end, prints its log on failure and exits non-zero.
 */
export async function guestAction(
  ctx: CliContext,
  action: GuestAction,
  target: string,
  wait: boolean,
): Promise<number> {
  const match = /^([a-z0-9][a-z0-9-]*)\/(\d+)$/.exec(target)
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new AppError({ code: 'invalid_request', message: `expected <cluster>/<vmid>, got ${target}` })
  }
  const cluster = findCluster(ctx, match[1])
  const vmid = Number(match[2])
  if (cluster.readOnly)
    throw new AppError({
      code: 'forbidden',
      clusterId: cluster.id,
      message: `${cluster.id} is read-only in PVE Desk`,
    })
  const client = await clientFor(ctx, cluster)
  try {
    const list = await client.call('GET', '/cluster/resources', { type: 'vm' })
    const guest = (Array.isArray(list) ? list : [])
      .map((e) => e as { vmid?: unknown; node?: unknown; type?: unknown; name?: unknown; pool?: unknown })
      .find((e) => Number(e.vmid) === vmid)
    if (
      guest === undefined ||
      typeof guest.node !== 'string' ||
      (guest.type !== 'qemu' && guest.type !== 'lxc')
    ) {
      throw new AppError({
        code: 'not_found',
        clusterId: cluster.id,
        message: `no guest ${vmid} in ${cluster.id}`,
      })
    }
    // PVE answers for exactly this path (RPCEnvironment.pm `permissions`, listed even when empty), so `can()` reads
    // what PVE itself will check, pool roles and propagation already applied.
    const path = `/vms/${vmid}`
    const permissions = (await client.call('GET', '/access/permissions', { path })) as Record<
      string,
      Record<string, number>
    >
    const pool = typeof guest.pool === 'string' ? guest.pool : undefined
    if (!can(permissions, path, 'VM.PowerMgmt', { pool })) {
      throw new AppError({
        code: 'forbidden',
        clusterId: cluster.id,
        message: `Permission check failed (/vms/${vmid}, VM.PowerMgmt)`,
      })
    }
    const upid = await client.call('POST', `/nodes/${guest.node}/${guest.type}/${vmid}/status/${action}`)
    if (typeof upid !== 'string')
      throw new AppError({ code: 'bad_response', clusterId: cluster.id, message: 'no task id returned' })
    ctx.out(upid)
    if (!wait) return EXIT.ok
    const result = await followTask(client, upid)
    if (result.ok) {
      const name = typeof guest.name === 'string' ? ` (${guest.name})` : ''
      ctx.out(`${action} ${cluster.id}/${vmid}${name}: ${result.exitstatus}`)
      return EXIT.ok
    }
    ctx.err(`pvedesk: pve_error: ${action} ${cluster.id}/${vmid} failed: ${result.exitstatus}`)
    for (const line of await taskLog(client, upid)) ctx.err(line.t)
    return EXIT.failed
  } finally {
    client.dispose()
  }
}
