import type { PermissionContext } from '../../../shared/model/permissions'
import { can } from '../../../shared/model/permissions'
import type { ClusterEntry } from './fleet-store'

export interface Capability {
  allowed: boolean
  /** Why not, as an i18n key with its values, for a tooltip or a disabled button. */
  reason?: { key: string; values: Record<string, string> }
}

/**
 * May the user do `privilege` on `path` of this cluster, and if not, why? The renderer's mirror of main's check:
 * a read-only cluster refuses every change; otherwise the privileges PVE reported decide. Pass a guest's pool in
 * `context`: PVE lists every pool member, so the map then answers exactly for it.
 */
export function capability(
  entry: Pick<ClusterEntry, 'summary' | 'permissions' | 'capture'> | undefined,
  path: string,
  privilege: string,
  change = true,
  context: PermissionContext = {},
): Capability {
  if (entry === undefined) return { allowed: false, reason: { key: 'capability.unknownCluster', values: {} } }
  // An inventory snapshot's cluster is a record of the past: nothing acts on it, not even a console.
  if (entry.capture !== undefined)
    return { allowed: false, reason: { key: 'inventory.offline.actionsOff', values: {} } }
  if (change && entry.summary.readOnly) {
    return { allowed: false, reason: { key: 'capability.readOnly', values: { cluster: entry.summary.name } } }
  }
  if (entry.permissions === undefined)
    return { allowed: false, reason: { key: 'capability.notYetKnown', values: {} } }
  if (!can(entry.permissions, path, privilege, context)) {
    return { allowed: false, reason: { key: 'capability.missing', values: { path, privilege } } }
  }
  return { allowed: true }
}

/**
 * As `capability`, for a check PVE passes with any one of several privileges (`check_any`, e.g. a guest snapshot
 * rollback: `VM.Snapshot.Rollback` or `VM.Snapshot`); the reason names them all.
 */
export function capabilityAny(
  entry: Pick<ClusterEntry, 'summary' | 'permissions' | 'capture'> | undefined,
  path: string,
  privileges: readonly string[],
  change = true,
  context: PermissionContext = {},
): Capability {
  let refused: Capability = { allowed: false }
  for (const privilege of privileges) {
    const answer = capability(entry, path, privilege, change, context)
    if (answer.allowed) return answer
    refused = answer
  }
  if (refused.reason?.key !== 'capability.missing' || privileges.length < 2) return refused
  return {
    allowed: false,
    reason: { key: 'capability.missing', values: { path, privilege: privileges.join(' | ') } },
  }
}
