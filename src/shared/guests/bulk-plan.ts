import type { BulkAction, BulkPlanEntry } from '../model/bulk'
import type { FleetGuest } from '../model/fleet'
import type { PermissionMap } from '../model/permissions'

/** What the planner knows of a guest's cluster. */
export interface PlanCluster {
  clusterId: string
  readOnly: boolean
  /** Online and answering (not stale, not unreachable). */
  reachable: boolean
  /** The user's effective privileges; undefined while not yet known (every guest is then skipped `forbidden`). */
  permissions: PermissionMap | undefined
  /** Site label of a node. */
  siteOf: (node: string) => string
  /** Nodes that are online. */
  onlineNodes: ReadonlySet<string>
}

/**
 * Who runs and who is skipped, and why, for one bulk action over these guests (pure: the UI's preview, main's
 * run and the CLI's `bulk --dry-run` use this one function).
 * PLACEHOLDER: the bulk-planner lane replaces this; the signature stays.
 */
export function planBulk(
  action: BulkAction,
  guests: readonly FleetGuest[],
  clusters: ReadonlyMap<string, PlanCluster>,
): BulkPlanEntry[] {
  return guests.map((g) => {
    const cluster = clusters.get(g.clusterId)
    return {
      key: g.key,
      clusterId: g.clusterId,
      vmid: g.vmid,
      name: g.name,
      type: g.type,
      node: g.node,
      site: cluster?.siteOf(g.node) ?? '',
      run: action.kind !== 'start' || g.status !== 'running',
    }
  })
}
