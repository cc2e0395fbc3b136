import { AppError } from '../../shared/ipc/errors'

/**
 * The credential vault: where a cluster's password or API-token secret lives, and nowhere else. The renderer
 * only ever learns whether one is stored (`has`). Keys are cluster ids.
 */
export interface CredentialVault {
  /** Stores (or replaces) the cluster's secret; throws `keychain_unavailable` rather than store it elsewhere. */
  set(clusterId: string, secret: string): Promise<void>
  get(clusterId: string): Promise<string | undefined>
  has(clusterId: string): Promise<boolean>
  delete(clusterId: string): Promise<void>
  /** Whether the vault can be used at all on this machine (and if not, why). */
  check(): Promise<{ available: true } | { available: false; reason: string }>
}

/** A vault in memory: for the demo (which has no keychain of its own to fill) and unit tests. */
export class MemoryVault implements CredentialVault {
  private readonly secrets = new Map<string, string>()

  set(clusterId: string, secret: string): Promise<void> {
    this.secrets.set(clusterId, secret)
    return Promise.resolve()
  }
  get(clusterId: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(clusterId))
  }
  has(clusterId: string): Promise<boolean> {
    return Promise.resolve(this.secrets.has(clusterId))
  }
  delete(clusterId: string): Promise<void> {
    this.secrets.delete(clusterId)
    return Promise.resolve()
  }
  check(): Promise<{ available: true }> {
    return Promise.resolve({ available: true })
  }
}

export const keychainUnavailable = (reason: string): AppError =>
  new AppError({
    code: 'keychain_unavailable',
    message: `No OS keychain is available (${reason}). PVE Desk does not store passwords anywhere else.`,
  })
