import type { ClusterConfigEvent } from '../../shared/ipc/contract'
import { AppError } from '../../shared/ipc/errors'
import type { IDisposable } from '../../shared/lifecycle'
import { Emitter } from '../../shared/lifecycle'
import type { ClusterInput } from '../../shared/model/cluster-input'
import { mayReuseSecret } from '../../shared/model/cluster-input'
import type { ClusterSummary, FleetState } from '../../shared/model/fleet'
import type { Settings } from '../platform/settings-schema'
import type { SettingsLoad, SettingsStore } from '../platform/settings-store'
import type { Credential, CredentialSource } from '../pve/session'
import { credentialFrom } from '../pve/session'
import type { CredentialVault } from '../secrets/vault'
import { probeCertificate } from '../pve/certificate-probe'
import { summaryOf } from './cluster-config'
import type { ConnectionOptions } from './cluster-connection'
import { ClusterRegistry } from './cluster-registry'

/**
 * Configured clusters, end to end: the settings file (no secret), the vault (the secrets) and the live
 * connections. Every change is written to disk atomically before the connection is rebuilt, and removing a
 * cluster removes its secret from the keychain.
 */
export class ClusterService implements IDisposable {
  readonly registry: ClusterRegistry
  private settings: Settings | undefined
  private readonly stored = new Set<string>()
  private readonly configEmitter = new Emitter<ClusterConfigEvent>()

  /** Fires when a cluster was added, changed or removed. */
  readonly onConfig = this.configEmitter.event

  constructor(
    private readonly store: SettingsStore,
    private readonly vault: CredentialVault,
    options: (settings: Settings) => ConnectionOptions,
    initial: SettingsLoad,
    /** The SHA-256 fingerprint an endpoint presents now (a TLS handshake, no request). */
    private readonly probe: (url: string) => Promise<string> = async (url) =>
      (await probeCertificate(url, initial.settings.timeoutMs)).fingerprint,
  ) {
    this.settings = initial.settings
    this.registry = new ClusterRegistry(this.credentialSource(), options(initial.settings))
  }

  /** Reads which clusters have a secret, then connects them all. */
  async start(): Promise<void> {
    for (const cluster of this.current().clusters) {
      if (await this.vault.has(cluster.id)) this.stored.add(cluster.id)
      this.registry.add(cluster)
    }
  }

  /** Secrets come from the vault, joined with the user name or token id from the settings. */
  private credentialSource(): CredentialSource {
    return {
      get: async (clusterId: string): Promise<Credential | undefined> => {
        const cluster = this.current().clusters.find((c) => c.id === clusterId)
        if (cluster === undefined) return undefined
        const secret = await this.vault.get(clusterId)
        if (secret === undefined) return undefined
        return credentialFrom(cluster.auth, secret)
      },
    }
  }

  private current(): Settings {
    if (this.settings === undefined)
      throw new AppError({ code: 'internal', message: 'cluster service disposed' })
    return this.settings
  }

  summaries(): ClusterSummary[] {
    return this.current().clusters.map((c) => summaryOf(c, this.stored.has(c.id)))
  }

  state(): FleetState {
    return this.registry.state((id) => this.stored.has(id))
  }

  get(clusterId: string): ClusterInput {
    const cluster = this.current().clusters.find((c) => c.id === clusterId)
    if (cluster === undefined)
      throw new AppError({ code: 'not_found', clusterId, message: `no cluster ${clusterId}` })
    return cluster
  }

  /**
   * Adds or replaces a cluster. A secret, when given, goes to the keychain first: if the keychain refuses, nothing
   * is saved. Without a secret, an existing cluster keeps the one it had — but only if it keeps sending it to the
   * same place: see `mayReuseSecret`.
   */
  async save(input: ClusterInput, secret?: string): Promise<ClusterSummary> {
    if (secret === undefined) this.assertMayReuseSecret(input)
    return this.persist(input, secret)
  }

  /** Whether a draft may use the secret stored for its id (see `mayReuseSecret` in shared). */
  mayReuseSecret(input: ClusterInput): boolean {
    return mayReuseSecret(
      this.current().clusters.find((c) => c.id === input.id),
      input,
    )
  }

  private assertMayReuseSecret(input: ClusterInput): void {
    if (this.mayReuseSecret(input)) return
    const exists = this.current().clusters.some((c) => c.id === input.id)
    throw new AppError({
      code: 'invalid_request',
      clusterId: input.id,
      message: exists
        ? 'new endpoints, pins or user: type the password or token secret again'
        : 'a new cluster needs its password or token secret',
    })
  }

  private async persist(input: ClusterInput, secret?: string): Promise<ClusterSummary> {
    const settings = this.current()
    const exists = settings.clusters.some((c) => c.id === input.id)
    if (secret !== undefined) {
      await this.vault.set(input.id, secret)
      this.stored.add(input.id)
    }
    const clusters = exists
      ? settings.clusters.map((c) => (c.id === input.id ? input : c))
      : [...settings.clusters, input]
    try {
      await this.write({ ...settings, clusters })
    } catch (error) {
      // A new cluster whose settings could not be written must not leave its secret behind in the keychain.
      if (!exists && secret !== undefined) {
        await this.vault.delete(input.id).catch(() => undefined)
        this.stored.delete(input.id)
      }
      throw error
    }
    if (this.registry.has(input.id)) this.registry.remove(input.id)
    this.registry.add(input)
    const summary = summaryOf(input, this.stored.has(input.id))
    this.configEmitter.fire({ kind: 'saved', summary })
    return summary
  }

  /** Replaces only the stored secret (a new password after a failed login) and reconnects. */
  async setSecret(clusterId: string, secret: string): Promise<void> {
    this.get(clusterId)
    await this.vault.set(clusterId, secret)
    this.stored.add(clusterId)
    this.registry.get(clusterId).credentialsChanged()
  }

  async remove(clusterId: string): Promise<void> {
    const settings = this.current()
    this.get(clusterId)
    this.registry.remove(clusterId)
    await this.write({ ...settings, clusters: settings.clusters.filter((c) => c.id !== clusterId) })
    await this.vault.delete(clusterId)
    this.stored.delete(clusterId)
    this.configEmitter.fire({ kind: 'removed', clusterId })
  }

  /**
   * Pins a new fingerprint for one endpoint (after the user compared old and new), then reconnects. Only the
   * fingerprint the endpoint presents right now can be pinned, so nothing else can be slipped in.
   */
  async trust(clusterId: string, url: string, fingerprint: string): Promise<ClusterSummary> {
    const cluster = this.get(clusterId)
    if (!cluster.endpoints.some((e) => e.url === url)) {
      throw new AppError({
        code: 'not_found',
        clusterId,
        message: `${url} is not an endpoint of ${clusterId}`,
      })
    }
    const presented = await this.probe(url)
    if (presented !== fingerprint) {
      throw new AppError({
        code: 'tls_untrusted',
        clusterId,
        message: `${url} presents ${presented}, not ${fingerprint}`,
        detail: { url, expected: fingerprint, actual: presented },
      })
    }
    const endpoints = cluster.endpoints.map((e) => (e.url === url ? { ...e, fingerprint } : e))
    return this.persist({ ...cluster, endpoints })
  }

  private async write(settings: Settings): Promise<void> {
    await this.store.save(settings)
    this.settings = settings
  }

  dispose(): void {
    this.registry.dispose()
    this.configEmitter.dispose()
    this.settings = undefined
  }
}
