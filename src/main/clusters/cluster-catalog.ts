import { AppError } from '../../shared/ipc/errors'
import { guardReadOnly, turnedReadOnly } from './read-only-rail'
import type { Settings } from '../platform/settings-schema'
import { withFileLock } from '../platform/settings-lock'
import type { SettingsLoad, SettingsStore } from '../platform/settings-store'
import type { CredentialVault, SecretOwner, VaultSnapshot } from '../secrets/vault'

export type SecretChange =
  { kind: 'set'; owner: SecretOwner; secret: string } | { kind: 'delete'; clusterId: string }

/** What one change does: the new settings (none = unchanged), the keychain entries to write, and a result. */
export interface CatalogPlan<T> {
  settings?: Settings
  secrets?: SecretChange[]
  result: T
}

/**
 * The one catalog of clusters shared by the app and the `pvedesk` CLI: the settings file and the vault, changed
 * together. Every change is a read-modify-write under the settings lock (serialized inside this process and
 * across processes), planned from the file as it is now on disk, never from a copy kept in memory — so the app
 * and the CLI never overwrite each other's clusters. Keychain entries are written first and put back as they
 * were if anything after them fails (a keychain write or the settings write), so the two never disagree.
 */
export class ClusterCatalog {
  constructor(
    readonly store: SettingsStore,
    readonly vault: CredentialVault,
  ) {}

  /** The settings as they are on disk now, read under the lock; `conflict` (`settings_unreadable`) if unreadable. */
  load(): Promise<SettingsLoad> {
    return withFileLock(this.store.path, () => this.store.load())
  }

  async update<T>(
    plan: (current: SettingsLoad) => CatalogPlan<T> | Promise<CatalogPlan<T>>,
  ): Promise<{ loaded: SettingsLoad; result: T }> {
    return withFileLock(this.store.path, async (hold) => {
      const current = await this.store.load()
      const change = await plan(current)
      const secrets = [...(change.secrets ?? [])]
      if (change.settings !== undefined) {
        this.store.assertWritable()
        await guardReadOnly(current.settings, change.settings, secrets, this.vault)
        // Read-only on: the stored secret is bound to it as read-only, so a hand edit cannot lift it unseen.
        for (const { was, now } of turnedReadOnly(current.settings, change.settings, secrets)) {
          const lookup = await this.vault.read(was)
          if (lookup.state === 'bound') secrets.push({ kind: 'set', owner: now, secret: lookup.secret })
        }
      }
      const taken: VaultSnapshot[] = []
      try {
        for (const secret of secrets) {
          const id = secret.kind === 'set' ? secret.owner.id : secret.clusterId
          hold.assertHeld()
          taken.push(await this.vault.snapshot(id))
          if (secret.kind === 'set') await this.vault.set(secret.owner, secret.secret)
          else await this.vault.delete(id)
        }
        if (change.settings !== undefined) {
          hold.assertHeld()
          await this.store.save(change.settings, current.carried ?? [])
        }
      } catch (error) {
        throw await this.rollBack(taken, error)
      }
      hold.assertHeld()
      return {
        loaded: { ...current, settings: change.settings ?? current.settings },
        result: change.result,
      }
    })
  }

  /**
   * Puts the keychain entries back as they were, newest first. One that cannot be put back is logged (the cluster
   * id, never a secret) and named in the error returned, since that keychain entry and the settings now disagree.
   */
  private async rollBack(taken: VaultSnapshot[], error: unknown): Promise<unknown> {
    const failed: string[] = []
    for (const snapshot of taken.reverse()) {
      try {
        await this.vault.restore(snapshot)
      } catch (restoreError) {
        const reason = restoreError instanceof Error ? restoreError.message : String(restoreError)
        console.error(`[settings] cannot put back the keychain entry of ${snapshot.clusterId}: ${reason}`)
        failed.push(`${snapshot.clusterId} (${reason})`)
      }
    }
    if (failed.length === 0) return error
    const first = AppError.from(error)
    return new AppError(
      {
        ...first.toShape(),
        message: `${first.message}; and the keychain entry could not be put back for ${failed.join(', ')}: type its password or token secret again`,
        detail: { ...first.detail, rollback: 'failed', rollbackFailed: failed.join(', ') },
      },
      { cause: error },
    )
  }
}
