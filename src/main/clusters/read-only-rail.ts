import { AppError } from '../../shared/ipc/errors'
import type { ClusterInput } from '../../shared/model/cluster-input'
import type { Settings } from '../platform/settings-schema'
import { bindingOf } from '../secrets/secret-binding'
import type { SecretChange } from './cluster-catalog'

/**
 * The read-only rail: a cluster marked read-only in PVE Desk turns writable only with its secret typed again.
 * Checked where every change of the catalog goes (the app and the CLI), so no writer lifts it by itself; the
 * secret's binding covers a settings file edited by hand (see `secret-binding.ts`).
 */

export const liftNeedsSecret = (clusterId: string): AppError =>
  new AppError({
    code: 'auth_failed',
    clusterId,
    message: 'type the password or token secret to lift read-only: nothing was changed',
    detail: { reason: 'read_only_lift' },
  })

const hasNewSecret = (secrets: readonly SecretChange[], clusterId: string): boolean =>
  secrets.some((s) => s.kind === 'set' && s.owner.id === clusterId)

/** Clusters read-only before the change and writable after it; `before` as it is on disk now. */
function changed(
  before: Settings,
  after: Settings,
  turned: (was: boolean, now: boolean) => boolean,
): { was: ClusterInput; now: ClusterInput }[] {
  return after.clusters.flatMap((now) => {
    const was = before.clusters.find((c) => c.id === now.id)
    return was !== undefined && turned(was.readOnly, now.readOnly) ? [{ was, now }] : []
  })
}

/** Refuses a change that lifts read-only without a secret stored with it (`auth_failed`, `read_only_lift`). */
export function guardReadOnly(before: Settings, after: Settings, secrets: readonly SecretChange[]): void {
  for (const { now } of changed(before, after, (was, is) => was && !is))
    if (!hasNewSecret(secrets, now.id)) throw liftNeedsSecret(now.id)
}

/** Clusters a change turns read-only without storing their secret again: their secret is to be bound anew. */
export function turnedReadOnly(
  before: Settings,
  after: Settings,
  secrets: readonly SecretChange[],
): { was: ClusterInput; now: ClusterInput }[] {
  // Only when nothing else of the binding changes: a secret never goes to new endpoints, pins or user this way.
  return changed(before, after, (was, is) => !was && is).filter(
    ({ was, now }) =>
      !hasNewSecret(secrets, now.id) && bindingOf({ ...was, readOnly: true }) === bindingOf(now),
  )
}
