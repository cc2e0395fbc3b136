import { AppError } from '../../shared/ipc/errors'
import type { SecretOwner } from './secret-binding'
import { bindingOf, decodeEntry, encodeEntry } from './secret-binding'

export type { SecretOwner } from './secret-binding'

/** A stored secret as a reader may see it: released only when bound to exactly the cluster asking for it. */
export type SecretLookup =
  /**
   * `loose`: stored for this cluster while it was writable, asked for now that it is read-only (set by hand, or
   * before read-only was part of bindings): released, since read-only on is safe, and to be bound tighter.
   */
  | { state: 'bound'; secret: string; loose?: true }
  | { state: 'missing' }
  /** Stored for other endpoints, pins or user (or before bindings existed): withheld, the user types it again. */
  | { state: 'unbound' }

/** The raw keychain entry of one cluster at one moment, to put back when a change is rolled back. */
export interface VaultSnapshot {
  readonly clusterId: string
  readonly raw: string | undefined
}

/**
 * The credential vault: where a cluster's password or API-token secret lives, and nowhere else. Each entry is
 * keyed by cluster id and carries its binding (see `secret-binding.ts`): a secret comes out only for the user and
 * endpoints it was stored for. The renderer only ever learns whether one is stored.
 */
export interface CredentialVault {
  /** Stores (or replaces) the cluster's secret bound to `owner`; throws `keychain_unavailable` rather than store it elsewhere. */
  set(owner: SecretOwner, secret: string): Promise<void>
  /** The secret, only if it is bound to `owner` as the settings describe it now. */
  read(owner: SecretOwner): Promise<SecretLookup>
  /** Whether a secret bound to `owner` is stored. */
  has(owner: SecretOwner): Promise<boolean>
  delete(clusterId: string): Promise<void>
  snapshot(clusterId: string): Promise<VaultSnapshot>
  restore(snapshot: VaultSnapshot): Promise<void>
  /** Whether the vault can be used at all on this machine (and if not, why). */
  check(): Promise<{ available: true } | { available: false; reason: string }>
}

/** The binding logic over any store of raw strings: the OS keychain, or memory. */
export abstract class BindingVault implements CredentialVault {
  protected abstract readRaw(clusterId: string): Promise<string | undefined>
  protected abstract writeRaw(clusterId: string, value: string): Promise<void>
  protected abstract deleteRaw(clusterId: string): Promise<void>
  abstract check(): Promise<{ available: true } | { available: false; reason: string }>

  set(owner: SecretOwner, secret: string): Promise<void> {
    return this.writeRaw(owner.id, encodeEntry(secret, bindingOf(owner)))
  }

  async read(owner: SecretOwner): Promise<SecretLookup> {
    const raw = await this.readRaw(owner.id)
    if (raw === undefined) return { state: 'missing' }
    const entry = decodeEntry(raw)
    if (entry.binding === bindingOf(owner)) return { state: 'bound', secret: entry.secret }
    // Read-only on needs nothing; read-only off needs the secret typed again (the other way is not accepted).
    if (owner.readOnly === true && entry.binding === bindingOf({ ...owner, readOnly: false }))
      return { state: 'bound', secret: entry.secret, loose: true }
    return { state: 'unbound' }
  }

  async has(owner: SecretOwner): Promise<boolean> {
    try {
      return (await this.read(owner)).state === 'bound'
    } catch {
      return false
    }
  }

  delete(clusterId: string): Promise<void> {
    return this.deleteRaw(clusterId)
  }

  async snapshot(clusterId: string): Promise<VaultSnapshot> {
    return { clusterId, raw: await this.readRaw(clusterId) }
  }

  restore(snapshot: VaultSnapshot): Promise<void> {
    return snapshot.raw === undefined
      ? this.deleteRaw(snapshot.clusterId)
      : this.writeRaw(snapshot.clusterId, snapshot.raw)
  }
}

/** A vault in memory: for the demo (which has no keychain of its own to fill) and unit tests. */
export class MemoryVault extends BindingVault {
  private readonly entries = new Map<string, string>()

  protected readRaw(clusterId: string): Promise<string | undefined> {
    return Promise.resolve(this.entries.get(clusterId))
  }
  protected writeRaw(clusterId: string, value: string): Promise<void> {
    this.entries.set(clusterId, value)
    return Promise.resolve()
  }
  protected deleteRaw(clusterId: string): Promise<void> {
    this.entries.delete(clusterId)
    return Promise.resolve()
  }
  check(): Promise<{ available: true }> {
    return Promise.resolve({ available: true })
  }
}

/** The secret bound to `owner`, or `auth_failed` saying why there is none to send (nothing is sent then). */
export async function releaseSecret(vault: CredentialVault, owner: SecretOwner): Promise<string> {
  const lookup = await vault.read(owner)
  if (lookup.state === 'bound') return lookup.secret
  throw lookup.state === 'unbound' ? secretUnbound(owner.id) : secretMissing(owner.id)
}

export const secretMissing = (clusterId: string): AppError =>
  new AppError({
    code: 'auth_failed',
    clusterId,
    message: 'no password or token secret is stored for this cluster',
    detail: { reason: 'secret_missing' },
  })

/** Why a stored secret was withheld; `detail.reason` lets the UI say it in the user's language. */
export const secretUnbound = (clusterId: string): AppError =>
  new AppError({
    code: 'auth_failed',
    clusterId,
    message:
      'the stored secret was saved for other endpoints, pins, user or read-only setting than these settings give: nothing was sent; type it again',
    detail: { reason: 'secret_unbound' },
  })

export const keychainUnavailable = (reason: string): AppError =>
  new AppError({
    code: 'keychain_unavailable',
    message: `No OS keychain is available (${reason}). PVE Desk does not store passwords anywhere else.`,
  })
