import type {
  FirewallRule,
  GuestFirewallPanel,
  GuestReplicationPanel,
  ReplicationJob,
  TaskHistoryPanel,
} from '../../../shared/model/panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import { readTaskRows } from '../../tasks/task-rows'
import { finite, integer, record, records, text, truthy } from '../pve-read'
import { guestPath, nodePath } from './guest-path'

/** Tasks of a guest shown: PVE's own Task History asks for 50 at a time. */
export const GUEST_TASKS = 50

/** One row of `GET /nodes/{node}/replication?guest=` (pve-manager API2/Replication.pm `status`). */
export function readReplicationJob(row: Record<string, unknown>, vmid: number): ReplicationJob | undefined {
  const id = text(row.id, 512)
  const target = text(row.target, 512)
  if (id === undefined || target === undefined) return undefined
  const guest = integer(row.guest) ?? vmid
  if (guest !== vmid) return undefined
  const job: ReplicationJob = {
    id,
    guest,
    target,
    schedule: text(row.schedule, 512) ?? '*/15',
    disabled: truthy(row.disable),
    failCount: Math.max(0, integer(row.fail_count) ?? 0),
  }
  const source = text(row.source, 512)
  if (source !== undefined) job.source = source
  const numbers = {
    rate: row.rate,
    lastSync: row.last_sync,
    nextSync: row.next_sync,
    lastTry: row.last_try,
    duration: row.duration,
  }
  for (const [key, value] of Object.entries(numbers)) {
    const n = finite(value)
    if (n !== undefined) Object.assign(job, { [key]: n })
  }
  const comment = text(row.comment, 8_192)
  if (comment !== undefined) job.comment = comment
  const error = text(row.error, 8_192)
  if (error !== undefined && error !== '') job.error = error
  const state = text(row.state, 512)
  if (state !== undefined) job.state = state
  const removeJob = text(row.remove_job, 512)
  if (removeJob !== undefined) job.removeJob = removeJob
  return job
}

export async function readGuestReplication(
  access: ClusterAccess,
  vmid: number,
  signal?: AbortSignal,
): Promise<GuestReplicationPanel> {
  const guest = await access.guest(vmid, signal)
  const data = await access.client.call('GET', `${nodePath(guest.node)}/replication`, { guest: vmid }, signal)
  const jobs = records(data, 256).flatMap((row) => readReplicationJob(row, vmid) ?? [])
  return { jobs: jobs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) }
}

/** `GET …/firewall/rules`: a rule PVE lists (pve-firewall API2/Firewall/Rules.pm), in `pos` order. */
export function readFirewallRule(row: Record<string, unknown>, index: number): FirewallRule | undefined {
  const type = text(row.type, 64)
  const action = text(row.action, 512)
  if (type === undefined || action === undefined) return undefined
  const rule: FirewallRule = {
    pos: integer(row.pos) ?? index,
    type,
    action,
    enabled: truthy(row.enable),
  }
  for (const key of ['macro', 'iface', 'source', 'dest', 'proto', 'sport', 'dport', 'log'] as const) {
    const v = text(row[key], 512)
    if (v !== undefined) rule[key] = v
  }
  const comment = text(row.comment, 8_192)
  if (comment !== undefined) rule.comment = comment
  return rule
}

/** `GET …/firewall/options`: every scalar option as text (a `digest` is no option). */
export function readFirewallOptions(data: unknown): Record<string, string> {
  const options: Record<string, string> = {}
  for (const [key, value] of Object.entries(record(data)).slice(0, 256)) {
    if (key === 'digest' || key === '__proto__' || key.length > 512) continue
    const v = typeof value === 'boolean' ? (value ? '1' : '0') : text(value, 512)
    if (v !== undefined) options[key] = v
  }
  return options
}

export async function readGuestFirewall(
  access: ClusterAccess,
  vmid: number,
  signal?: AbortSignal,
): Promise<GuestFirewallPanel> {
  const guest = await access.guest(vmid, signal)
  const base = `${guestPath(guest)}/firewall`
  const [options, rules] = await Promise.all([
    access.client.call('GET', `${base}/options`, undefined, signal),
    access.client.call('GET', `${base}/rules`, undefined, signal),
  ])
  return {
    options: readFirewallOptions(options),
    rules: records(rules, 5_000)
      .flatMap((row, i) => readFirewallRule(row, i) ?? [])
      .sort((a, b) => a.pos - b.pos),
  }
}

/**
 * `GET /nodes/{node}/tasks?vmid=&source=all` (pve-manager API2/Tasks.pm `node_tasks`): the guest's running tasks
 * and its archive on its node, newest first. Tasks it had on another node before a migration stay there.
 * `mine` is false: which tasks this PVE Desk started is the task timeline's business.
 */
export async function readGuestTasks(
  access: ClusterAccess,
  vmid: number,
  signal?: AbortSignal,
): Promise<TaskHistoryPanel> {
  const guest = await access.guest(vmid, signal)
  const { data, total } = await access.client.callWithMeta(
    'GET',
    `${nodePath(guest.node)}/tasks`,
    { vmid, limit: GUEST_TASKS, source: 'all' },
    signal,
  )
  const tasks = readTaskRows(access.clusterId, data, GUEST_TASKS).filter(
    (t) => t.vmid === undefined || t.vmid === vmid,
  )
  const count = total === undefined ? undefined : integer(total)
  return { tasks, ...(count === undefined || count < 0 ? {} : { total: count }) }
}
