import { AppError } from '../../shared/ipc/errors'
import type { ClusterInput } from '../../shared/model/cluster-input'
import type { Settings } from '../platform/settings-schema'
import { bindingOf } from '../secrets/secret-binding'
import type { CredentialVault } from '../secrets/vault'
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

export const liftWrongSecret = (clusterId: string): AppError =>
  new AppError({
    code: 'auth_failed',
    clusterId,
    message: 'that is not the stored password or token secret: read-only stays on',
    detail: { reason: 'read_only_lift' },
  })

/** The last secret this change stores for the cluster, if any. */
const newSecretOf = (secrets: readonly SecretChange[], clusterId: string): string | undefined =>
  secrets.findLast(
    (s): s is Extract<SecretChange, { kind: 'set' }> => s.kind === 'set' && s.owner.id === clusterId,
  )?.secret

const hasNewSecret = (secrets: readonly SecretChange[], clusterId: string): boolean =>
  newSecretOf(secrets, clusterId) !== undefined

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

/**
 * Refuses a change that lifts read-only without a secret stored with it, or with one other than the secret the
 * vault holds for the cluster as it was (`auth_failed`, `read_only_lift`): the CLI's rule is the app's
 * (ClusterService `assertMayLift`), so a guessed secret neither lifts read-only nor replaces the stored one.
 */
export async function guardReadOnly(
  before: Settings,
  after: Settings,
  secrets: readonly SecretChange[],
  vault: CredentialVault,
): Promise<void> {
  for (const { was, now } of changed(before, after, (was, is) => was && !is)) {
    const secret = newSecretOf(secrets, now.id)
    if (secret === undefined) throw liftNeedsSecret(now.id)
    const stored = await vault.read(was)
    if (stored.state === 'bound' && stored.secret !== secret) throw liftWrongSecret(now.id)
  }
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
