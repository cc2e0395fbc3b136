import type { ErrorCode } from '../../shared/ipc/errors'
import { AppError } from '../../shared/ipc/errors'
import type { PlanCluster } from '../../shared/guests/bulk-plan'
import type { BulkPlanEntry, SkipReason } from '../../shared/model/bulk'
import type { FleetGuest } from '../../shared/model/fleet'
import type { GuestRef } from '../../shared/model/guest-action'
import type { ClusterRegistry } from '../clusters/cluster-registry'

/**
 * What the bulk planner gets from main's live fleet: the guests asked for as the clusters list them now, and
 * each cluster's read-only flag, reachability, cached privileges, sites and online nodes.
 */

/** The live guests for these references, in their order, each once; a reference to nothing is left out. */
export function liveGuests(registry: ClusterRegistry, refs: readonly GuestRef[]): FleetGuest[] {
  const byCluster = new Map<string, Map<number, FleetGuest>>()
  const guestsOf = (clusterId: string): Map<number, FleetGuest> | undefined => {
    if (!registry.has(clusterId)) return undefined
    let known = byCluster.get(clusterId)
    if (known === undefined) {
      known = new Map()
      for (const item of registry.get(clusterId).items) if (item.kind === 'guest') known.set(item.vmid, item)
      byCluster.set(clusterId, known)
    }
    return known
  }
  const seen = new Set<string>()
  const found: FleetGuest[] = []
  for (const ref of refs) {
    const guest = guestsOf(ref.clusterId)?.get(ref.vmid)
    if (guest === undefined || seen.has(guest.key)) continue
    seen.add(guest.key)
    found.push(guest)
  }
  return found
}

/** The planner's view of each cluster these guests belong to. */
export function planClusters(
  registry: ClusterRegistry,
  guests: readonly FleetGuest[],
): Map<string, PlanCluster> {
  const clusters = new Map<string, PlanCluster>()
  for (const clusterId of new Set(guests.map((g) => g.clusterId))) {
    const connection = registry.get(clusterId)
    const { config, status } = connection
    const items = connection.items
    clusters.set(clusterId, {
      clusterId,
      readOnly: config.readOnly,
      reachable: status.state === 'online' && !status.stale,
      permissions: connection.permissions,
      siteOf: (node) => config.sites[node] ?? config.defaultSite ?? config.name,
      onlineNodes: new Set(
        items.flatMap((i) => (i.kind === 'node' && i.status === 'online' ? [i.node] : [])),
      ),
    })
  }
  return clusters
}

const SKIP_CODES: Record<SkipReason, ErrorCode> = {
  already: 'conflict',
  not_running: 'conflict',
  read_only: 'read_only',
  forbidden: 'forbidden',
  locked: 'conflict',
  template: 'conflict',
  ha_managed: 'conflict',
  unsupported: 'invalid_request',
  unreachable: 'unreachable',
  node_offline: 'unreachable',
  no_target: 'invalid_request',
  on_target: 'conflict',
  unknown_state: 'conflict',
  target_not_allowed: 'conflict',
  local_resources: 'conflict',
  local_disks: 'conflict',
  precondition_failed: 'unreachable',
}

/** An entry the planner now skips, as the error its result carries (`detail.skip`: the planner's reason). */
export function skipError(entry: BulkPlanEntry): AppError {
  const skip = entry.skip ?? 'unknown_state'
  return new AppError({
    code: SKIP_CODES[skip],
    clusterId: entry.clusterId,
    message: `${entry.clusterId}/${entry.vmid} skipped: ${skip}${entry.detail === undefined ? '' : ` (${entry.detail})`}`,
    detail: { skip, ...(entry.detail === undefined ? {} : { reason: entry.detail }) },
  })
}
