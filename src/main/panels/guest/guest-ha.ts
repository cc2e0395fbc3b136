import { AppError } from '../../../shared/ipc/errors'
import type { GuestHaPanel, PanelGap } from '../../../shared/model/panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import { integer, record, records, text, truthy } from '../pve-read'
import { haSid } from './guest-path'
import { cancelledError, gapOf } from '../panel-parts'

type Resource = NonNullable<GuestHaPanel['resource']>
type Rule = GuestHaPanel['rules'][number]

/**
 * PVE's answer for a resource HA does not manage: pve-ha-manager API2/HA/Resources.pm `read` dies with
 * "no such resource 'vm:101'" (a 500, read as `not_found`); some versions answer 404.
 */
const noResource = (error: unknown): boolean =>
  error instanceof AppError &&
  (error.code === 'not_found' ||
    error.detail?.status === '404' ||
    /no such (?:ha )?resource|not managed/i.test(error.message))

/** `/cluster/ha/rules` before PVE 9 (501 not implemented, or an unknown path): read the groups instead. */
const noRules = (error: unknown): boolean =>
  error instanceof AppError &&
  (error.detail?.status === '501' ||
    error.detail?.status === '404' ||
    error.code === 'not_found' ||
    /not implemented/i.test(error.message))

export function readHaResource(data: unknown, sid: string): Resource {
  const r = record(data)
  const resource: Resource = { sid: text(r.sid, 512) ?? sid, state: text(r.state, 512) ?? 'started' }
  const group = text(r.group, 512)
  if (group !== undefined) resource.group = group
  const maxRestart = integer(r.max_restart)
  if (maxRestart !== undefined) resource.maxRestart = maxRestart
  const maxRelocate = integer(r.max_relocate)
  if (maxRelocate !== undefined) resource.maxRelocate = maxRelocate
  if (r.failback !== undefined) resource.failback = truthy(r.failback)
  const comment = text(r.comment, 8_192)
  if (comment !== undefined) resource.comment = comment
  return resource
}

/** `/cluster/ha/status/current`: the guest's `service` entry, the quorum and the master. */
export function readHaStatus(data: unknown, sid: string): Pick<GuestHaPanel, 'status' | 'manager'> {
  const rows = records(data)
  const service = rows.find(
    (row) => row.type === 'service' && (row.sid === sid || row.id === `service:${sid}`),
  )
  const quorum = rows.find((row) => row.type === 'quorum')
  const master = rows.find((row) => row.type === 'master')
  const out: Pick<GuestHaPanel, 'status' | 'manager'> = {}
  if (service !== undefined) {
    const status: NonNullable<GuestHaPanel['status']> = {}
    const state = text(service.state, 512)
    if (state !== undefined) status.state = state
    const node = text(service.node, 512)
    if (node !== undefined) status.node = node
    const crmState = text(service.crm_state, 512)
    if (crmState !== undefined) status.crmState = crmState
    const request = text(service.request_state, 512)
    if (request !== undefined) status.request = request
    out.status = status
  }
  if (quorum !== undefined || master !== undefined) {
    const masterNode = text(master?.node, 512)
    out.manager = {
      ...(quorum?.quorate === undefined ? {} : { quorate: truthy(quorum.quorate) }),
      ...(masterNode === undefined ? {} : { master: masterNode }),
    }
  }
  return out
}

/** One line saying what a rule holds, in PVE's own words (`nodes km4-pve1:2,km4-pve2, strict`). */
function ruleText(row: Record<string, unknown>): string {
  const parts: string[] = []
  const resources = text(row.resources, 4_096)
  if (resources !== undefined) parts.push(`resources ${resources}`)
  const nodes = text(row.nodes, 4_096)
  if (nodes !== undefined) parts.push(`nodes ${nodes}`)
  const affinity = text(row.affinity, 64)
  if (affinity !== undefined) parts.push(`affinity ${affinity}`)
  if (truthy(row.strict)) parts.push('strict')
  if (truthy(row.disable)) parts.push('disabled')
  if (truthy(row.restricted)) parts.push('restricted')
  if (truthy(row.nofailback)) parts.push('nofailback')
  const comment = text(row.comment, 2_048)
  if (comment !== undefined) parts.push(`# ${comment}`)
  return parts.join(', ').slice(0, 8_192)
}

/** PVE 9 rules (`/cluster/ha/rules`) whose `resources` list the guest. */
export function readHaRules(data: unknown, sid: string): Rule[] {
  // At most 1,000 rules and 4 KiB of resources each: a real cluster has tens, a hostile one a million.
  return records(data, 1_000)
    .filter((row) => (text(row.resources, 4_096)?.split(/[\s,;]+/) ?? []).includes(sid))
    .slice(0, 256)
    .flatMap((row) => {
      const id = text(row.rule, 512)
      return id === undefined ? [] : [{ id, kind: text(row.type, 512) ?? 'rule', text: ruleText(row) }]
    })
}

/** PVE 8 groups (`/cluster/ha/groups`): the one the resource is in. */
export function readHaGroups(data: unknown, group: string | undefined): Rule[] {
  if (group === undefined) return []
  return records(data)
    .filter((row) => row.group === group)
    .slice(0, 1)
    .map((row) => ({ id: group, kind: 'group', text: ruleText(row) }))
}

/**
 * The guest's HA resource, what the HA manager says of it, and the rules (PVE 9) or group (PVE 8) that name it.
 * A guest HA does not manage still shows the manager's state. The rules and the status are context: when they
 * fail they are a gap, and the resource shows alone.
 */
export async function readGuestHa(
  access: ClusterAccess,
  vmid: number,
  signal?: AbortSignal,
): Promise<GuestHaPanel> {
  const guest = await access.guest(vmid, signal)
  const sid = haSid(guest)
  const call = (path: string): Promise<unknown> => access.client.call('GET', path, undefined, signal)
  const gaps: PanelGap[] = []
  const [resource, status, rules] = await Promise.all([
    call(`/cluster/ha/resources/${encodeURIComponent(sid)}`).then(
      (data) => readHaResource(data, sid),
      (error: unknown) => (noResource(error) ? undefined : { failed: error }),
    ),
    call('/cluster/ha/status/current').then(
      (data) => readHaStatus(data, sid),
      (error: unknown) => {
        gaps.push(gapOf('ha status', error))
        return {}
      },
    ),
    call('/cluster/ha/rules').then(
      (data) => ({ rules: readHaRules(data, sid) }),
      (error: unknown) => (noRules(error) ? { groups: true as const } : { error }),
    ),
  ])
  if (signal?.aborted === true) throw cancelledError(access.clusterId, 'guest HA')
  // Thrown once the other reads ended, so that nothing of this panel's calls outlives it.
  if (resource !== undefined && 'failed' in resource) throw resource.failed
  let found: Rule[] = []
  if ('rules' in rules) found = rules.rules
  else if ('error' in rules) gaps.push(gapOf('ha rules', rules.error))
  else if (resource?.group !== undefined)
    found = await call('/cluster/ha/groups').then(
      (data) => readHaGroups(data, resource.group),
      (error: unknown) => {
        gaps.push(gapOf('ha groups', error))
        return []
      },
    )
  return {
    ...(resource === undefined ? {} : { resource }),
    ...status,
    rules: found,
    ...(gaps.length === 0 ? {} : { gaps }),
  }
}
