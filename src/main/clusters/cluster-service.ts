import type { FSWatcher } from 'node:fs'
import { watch } from 'node:fs'
import { mkdir } from 'node:fs/promises'

import type { ClusterConfigEvent } from '../../shared/ipc/contract'
import { AppError } from '../../shared/ipc/errors'
import { Disposable, Emitter, toDisposable } from '../../shared/lifecycle'
import type { ClusterInput } from '../../shared/model/cluster-input'
import { mayReuseSecret } from '../../shared/model/cluster-input'
import type { ClusterSummary, FleetState } from '../../shared/model/fleet'
import type { DroppedCluster, Settings } from '../platform/settings-schema'
import type { SettingsLoad, SettingsStore } from '../platform/settings-store'
import { probeCertificate } from '../pve/certificate-probe'
import type { Credential, CredentialSource } from '../pve/session'
import { credentialFrom } from '../pve/session'
import { bindingOf } from '../secrets/secret-binding'
import type { CredentialVault } from '../secrets/vault'
import { releaseSecret, secretUnbound } from '../secrets/vault'
import type { SecretChange } from './cluster-catalog'
import { ClusterCatalog } from './cluster-catalog'
import { liftNeedsSecret } from './read-only-rail'
import { summaryOf } from './cluster-config'
import { testRepin } from './cluster-test'
import type { ConnectionOptions } from './cluster-connection'
import { ClusterRegistry } from './cluster-registry'

/** What is wrong with the settings file, for `app:health`. */
export interface SettingsProblems {
  corrupt?: { movedTo: string; reason: string }
  readOnly?: { schemaVersion: number; supported: number }
  dropped?: DroppedCluster[]
  /** The file changed on disk and cannot be read now: the last good settings stay, every change is refused. */
  unreadable?: { file: string; reason: string }
}

/** How long the settings file must stay quiet after a change on disk before it is read again. */
const RELOAD_DEBOUNCE_MS = 150
/** How long after a failed watch the home folder is watched again. */
const REWATCH_MS = 1_000

/**
 * Configured clusters, end to end: the shared catalog (settings file + vault, see `ClusterCatalog`) and the live
 * connections. Every change is planned from the file as it is on disk now and written under its lock; changes
 * made by the `pvedesk` CLI (or another PVE Desk) are picked up by watching the home folder, so clusters added or
 * removed there appear or disappear without a restart.
 */
export class ClusterService extends Disposable {
  readonly registry: ClusterRegistry
  readonly catalog: ClusterCatalog
  private settings: Settings | undefined
  private problemsNow: SettingsProblems
  /** Clusters whose keychain entry holds a secret bound to their current settings. */
  private readonly stored = new Set<string>()
  private readonly configEmitter = this._register(new Emitter<ClusterConfigEvent>())
  /** This service's changes, one after the other, each with the registry update it causes. */
  private queue: Promise<unknown> = Promise.resolve()
  private watcher: FSWatcher | undefined
  private reloadTimer: ReturnType<typeof setTimeout> | undefined

  /** Fires when a cluster was added, changed or removed (here, by the CLI, or by another PVE Desk). */
  readonly onConfig = this.configEmitter.event

  constructor(
    private readonly store: SettingsStore,
    private readonly vault: CredentialVault,
    options: (settings: Settings) => ConnectionOptions,
    initial: SettingsLoad,
    /** The SHA-256 fingerprint an endpoint presents now (a TLS handshake, no request). */
    private readonly probe: (url: string) => Promise<string> = async (url) =>
      (await probeCertificate(url, initial.settings.timeoutMs)).fingerprint,
    /** Logs in with a typed secret through a re-pinned endpoint before it is stored (see `testRepin`). */
    private readonly testLogin: typeof testRepin = testRepin,
  ) {
    super()
    this.catalog = new ClusterCatalog(store, vault)
    this.settings = initial.settings
    // Released in reverse: the reload timer, the watcher, the connections, then no settings (disposed) and events.
    this._register(
      toDisposable(() => {
        this.settings = undefined
      }),
    )
    this.problemsNow = problemsOf(initial)
    this.registry = this._register(new ClusterRegistry(this.credentialSource(), options(initial.settings)))
    this._register(
      toDisposable(() => {
        this.watcher?.close()
        this.watcher = undefined
      }),
    )
    this._register(toDisposable(() => clearTimeout(this.reloadTimer)))
  }

  /** Reads which clusters have a bound secret, connects them all, then follows the settings file. */
  async start(): Promise<void> {
    for (const cluster of this.current().clusters) {
      if (await this.vault.has(cluster)) this.stored.add(cluster.id)
      this.registry.add(cluster)
    }
    await this.watchHome()
  }

  /**
   * Secrets come from the vault only for the configuration the connection really uses (its endpoints, pins and
   * user): a keychain entry bound to anything else is withheld with `auth_failed` (`secret_unbound`).
   */
  private credentialSource(): CredentialSource {
    return {
      get: async (clusterId: string): Promise<Credential | undefined> => {
        if (!this.registry.has(clusterId)) return undefined
        const config = this.registry.get(clusterId).config
        const lookup = await this.vault.read(config)
        if (lookup.state === 'missing') return undefined
        if (lookup.state === 'unbound') throw secretUnbound(clusterId)
        if (lookup.loose === true) this.bindReadOnly(config, lookup.secret)
        return credentialFrom(config.auth, lookup.secret)
      },
    }
  }

  /**
   * A read-only cluster whose secret is still bound to it as writable (read-only set by hand, or stored before
   * read-only was part of bindings): bound to it as read-only now, so that lifting read-only by hand finds it
   * withheld. Under the settings lock, and only while the file still says the same; a failure waits for next time.
   */
  private bindReadOnly(config: ClusterInput, secret: string): void {
    this.catalog
      .update(({ settings }) => {
        const now = settings.clusters.find((c) => c.id === config.id)
        const same = now !== undefined && now.readOnly && sameConfig(now, config)
        return { secrets: same ? [{ kind: 'set', owner: now, secret }] : [], result: undefined }
      })
      .catch((error: unknown) =>
        console.error(`[settings] cannot bind the secret of ${config.id} to read-only: ${String(error)}`),
      )
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

  /** Settings problems found at start or since (a file moved aside, a newer file open read-only, dropped entries). */
  problems(): SettingsProblems {
    return this.problemsNow
  }

  get(clusterId: string): ClusterInput {
    const cluster = this.current().clusters.find((c) => c.id === clusterId)
    if (cluster === undefined)
      throw new AppError({ code: 'not_found', clusterId, message: `no cluster ${clusterId}` })
    return cluster
  }

  /**
   * Adds or replaces a cluster. A secret, when given, goes to the keychain bound to this configuration; if the
   * keychain or the settings write fails, both stay as they were. Without a secret, an existing cluster keeps the
   * one it had — but only if it keeps sending it to the same place: see `mayReuseSecret`.
   */
  save(input: ClusterInput, secret?: string): Promise<ClusterSummary> {
    return this.serial(async () => {
      const { loaded } = await this.catalog.update(async ({ settings }) => {
        const existing = settings.clusters.find((c) => c.id === input.id)
        const secrets: SecretChange[] = []
        if (existing?.readOnly === true && !input.readOnly) await this.assertMayLift(existing, secret)
        if (secret !== undefined) secrets.push({ kind: 'set', owner: input, secret })
        else if (!mayReuseSecret(existing, input)) throw reuseRefused(input.id, existing !== undefined)
        else if (existing !== undefined && bindingOf(existing) !== bindingOf(input)) {
          // Fewer endpoints than before: the same secret, bound to this narrower set. Nothing else is re-bound.
          const lookup = await this.vault.read(existing)
          if (lookup.state === 'bound') secrets.push({ kind: 'set', owner: input, secret: lookup.secret })
        }
        const clusters = existing
          ? settings.clusters.map((c) => (c.id === input.id ? input : c))
          : [...settings.clusters, input]
        return { settings: { ...settings, clusters }, secrets, result: undefined }
      })
      await this.apply(loaded, input.id)
      return summaryOf(input, this.stored.has(input.id))
    })
  }

  /**
   * Lifting read-only takes the secret typed again, the one stored when there is one: a compromised renderer (or
   * anyone at an unlocked screen) must not turn a read-only cluster writable with a click. See also the
   * catalog's own rule (the CLI) and the binding (a hand-edited file).
   */
  private async assertMayLift(existing: ClusterInput, secret: string | undefined): Promise<void> {
    if (secret === undefined) throw liftNeedsSecret(existing.id)
    const lookup = await this.vault.read(existing)
    if (lookup.state === 'bound' && lookup.secret !== secret)
      throw new AppError({
        code: 'auth_failed',
        clusterId: existing.id,
        message: 'that is not the stored password or token secret: read-only stays on',
        detail: { reason: 'read_only_lift' },
      })
  }

  /** Whether a draft may use the secret stored for its id (see `mayReuseSecret` in shared). */
  mayReuseSecret(input: ClusterInput): boolean {
    return mayReuseSecret(
      this.current().clusters.find((c) => c.id === input.id),
      input,
    )
  }

  /**
   * The stored credential for testing a draft (`cluster:test` without a secret): only when the draft sends it
   * where it already goes, and only if the keychain entry is bound to the cluster as stored.
   */
  async storedCredentialFor(draft: ClusterInput): Promise<Credential> {
    const stored = this.current().clusters.find((c) => c.id === draft.id)
    if (stored === undefined || !mayReuseSecret(stored, draft))
      throw reuseRefused(draft.id, stored !== undefined)
    return credentialFrom(draft.auth, await releaseSecret(this.vault, stored))
  }

  /** Replaces only the stored secret (a new password after a failed login), bound to the cluster as it is now. */
  setSecret(clusterId: string, secret: string): Promise<void> {
    return this.serial(async () => {
      const { loaded } = await this.catalog.update(({ settings }) => {
        const cluster = settings.clusters.find((c) => c.id === clusterId)
        if (cluster === undefined)
          throw new AppError({ code: 'not_found', clusterId, message: `no cluster ${clusterId}` })
        return { secrets: [{ kind: 'set', owner: cluster, secret }], result: undefined }
      })
      const rebuilt = await this.apply(loaded)
      this.stored.add(clusterId)
      if (!rebuilt.has(clusterId)) this.registry.get(clusterId).credentialsChanged()
    })
  }

  remove(clusterId: string): Promise<void> {
    return this.serial(async () => {
      const { loaded } = await this.catalog.update(({ settings }) => {
        if (!settings.clusters.some((c) => c.id === clusterId))
          throw new AppError({ code: 'not_found', clusterId, message: `no cluster ${clusterId}` })
        return {
          settings: { ...settings, clusters: settings.clusters.filter((c) => c.id !== clusterId) },
          secrets: [{ kind: 'delete', clusterId }],
          result: undefined,
        }
      })
      await this.apply(loaded)
    })
  }

  /**
   * Pins a new fingerprint for one endpoint, after the user compared old and new, with the secret typed again: a
   * re-pin changes where the secret goes, so the stored one is never sent to the newly trusted certificate. Only
   * the fingerprint the endpoint presents right now can be pinned, so nothing else can be slipped in; and only a
   * secret that logs in there through the new pin is stored (see `testRepin`), else nothing changes.
   */
  async trust(clusterId: string, url: string, fingerprint: string, secret: string): Promise<ClusterSummary> {
    if (!this.get(clusterId).endpoints.some((e) => e.url === url)) throw notAnEndpoint(clusterId, url)
    const presented = await this.probe(url)
    if (presented !== fingerprint) {
      throw new AppError({
        code: 'tls_untrusted',
        clusterId,
        message: `${url} presents ${presented}, not ${fingerprint}`,
        detail: { url, expected: fingerprint, actual: presented },
      })
    }
    const repinned = (cluster: ClusterInput): ClusterInput => ({
      ...cluster,
      endpoints: cluster.endpoints.map((e) => (e.url === url ? { ...e, fingerprint } : e)),
    })
    const candidate = repinned(this.get(clusterId))
    await this.testLogin(candidate, url, credentialFrom(candidate.auth, secret), this.current().timeoutMs)
    return this.serial(async () => {
      const { loaded, result } = await this.catalog.update(({ settings }) => {
        const cluster = settings.clusters.find((c) => c.id === clusterId)
        if (cluster === undefined || !cluster.endpoints.some((e) => e.url === url))
          throw notAnEndpoint(clusterId, url)
        const next = repinned(cluster)
        // Changed on disk since the login was tested (user, auth kind): that test says nothing of this one.
        if (JSON.stringify(next.auth) !== JSON.stringify(candidate.auth)) throw changedMeanwhile(clusterId)
        return {
          settings: { ...settings, clusters: settings.clusters.map((c) => (c.id === clusterId ? next : c)) },
          secrets: [{ kind: 'set', owner: next, secret }],
          result: next,
        }
      })
      await this.apply(loaded, clusterId)
      return summaryOf(result, this.stored.has(clusterId))
    })
  }

  /**
   * Reads the settings file again and follows what changed there (the CLI, another PVE Desk, a hand edit). A file
   * that cannot be read (half-written, broken by hand) changes nothing: the connections stay as they are, the file
   * stays where it is, and it is reported until it reads again (every write re-reads it, so they are refused).
   */
  reload(): Promise<void> {
    return this.serial(async () => {
      let loaded: SettingsLoad
      try {
        loaded = await this.catalog.load()
      } catch (error) {
        if (!(error instanceof AppError) || error.detail?.reason !== 'settings_unreadable') throw error
        const reason = error.detail.error ?? error.message
        console.error(
          `[settings] ${this.store.path} cannot be read, keeping the clusters as they were: ${reason}`,
        )
        this.problemsNow = { ...this.problemsNow, unreadable: { file: this.store.path, reason } }
        return
      }
      await this.apply(loaded)
    })
  }

  /**
   * Brings the connections in line with `loaded`: clusters added, changed or removed on disk are connected,
   * rebuilt or disconnected, and announced; `touched` is rebuilt even if unchanged (a new secret). Returns the
   * ids rebuilt.
   */
  private async apply(loaded: SettingsLoad, touched?: string): Promise<Set<string>> {
    const rebuilt = new Set<string>()
    if (this.settings === undefined) return rebuilt
    this.settings = loaded.settings
    this.problemsNow = { ...problemsOf(loaded), ...this.corruptSeen(loaded) }
    for (const cluster of loaded.settings.clusters) {
      const running = this.registry.has(cluster.id) ? this.registry.get(cluster.id).config : undefined
      if (cluster.id !== touched && running !== undefined && sameConfig(running, cluster)) continue
      if (await this.vault.has(cluster)) this.stored.add(cluster.id)
      else this.stored.delete(cluster.id)
      if (this.settings !== loaded.settings) return rebuilt
      this.registry.replace(cluster)
      rebuilt.add(cluster.id)
      this.configEmitter.fire({ kind: 'saved', summary: summaryOf(cluster, this.stored.has(cluster.id)) })
    }
    for (const connection of this.registry.list()) {
      if (loaded.settings.clusters.some((c) => c.id === connection.id)) continue
      this.registry.remove(connection.id)
      this.stored.delete(connection.id)
      this.configEmitter.fire({ kind: 'removed', clusterId: connection.id })
    }
    return rebuilt
  }

  /** A file moved aside stays reported until the app restarts, even after later loads find a fresh one. */
  private corruptSeen(loaded: SettingsLoad): Pick<SettingsProblems, 'corrupt'> {
    const corrupt = loaded.corrupt ?? this.problemsNow.corrupt
    return corrupt === undefined ? {} : { corrupt }
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work)
    this.queue = run.catch(() => undefined)
    return run
  }

  /**
   * Watches the home folder (a rename over settings.json is how every writer replaces it), debounced. A watcher
   * that fails (the folder was replaced, the system ran out of watches) is logged and set up again a moment later,
   * followed by one reload for what changed meanwhile: the app never silently stops following the file.
   */
  private async watchHome(): Promise<void> {
    await mkdir(this.store.home, { recursive: true, mode: 0o700 })
    if (this.settings === undefined) return
    try {
      const watcher = watch(this.store.home, { persistent: false }, (_event, name) => {
        if (name !== null && name !== 'settings.json') return
        this.schedule(RELOAD_DEBOUNCE_MS, () => this.reload())
      })
      this.watcher = watcher
      watcher.on('error', (error) => {
        watcher.close()
        if (this.watcher === watcher) this.watcher = undefined
        console.error(`[settings] stopped watching ${this.store.home} (${error.message}): watching it again`)
        this.rearm()
      })
    } catch (error) {
      this.watcher = undefined
      console.error(`[settings] cannot watch ${this.store.home} (${String(error)}): trying again`)
      this.rearm()
    }
  }

  private rearm(): void {
    this.schedule(REWATCH_MS, async () => {
      await this.watchHome()
      if (this.settings !== undefined) await this.reload()
    })
  }

  /** One pending reload or re-watch at a time, cleared on dispose. */
  private schedule(delayMs: number, work: () => Promise<void>): void {
    clearTimeout(this.reloadTimer)
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined
      work().catch((error: unknown) =>
        console.error(`[settings] cannot read the settings again: ${String(error)}`),
      )
    }, delayMs)
    this.reloadTimer.unref()
  }
}

function problemsOf(loaded: SettingsLoad): SettingsProblems {
  return {
    ...(loaded.corrupt === undefined ? {} : { corrupt: loaded.corrupt }),
    ...(loaded.readOnly === undefined ? {} : { readOnly: loaded.readOnly }),
    ...(loaded.dropped === undefined ? {} : { dropped: loaded.dropped }),
  }
}

/**
 * The same settings whatever the order of their keys: a cluster saved as the caller built it reads back from the
 * file in the schema's order, and its own write (seen by the watcher) must not rebuild its connection again —
 * that would drop its session and privileges for nothing.
 */
function sameConfig(a: ClusterInput, b: ClusterInput): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, canonical(v)]),
  )
}

const reuseRefused = (clusterId: string, exists: boolean): AppError =>
  new AppError({
    code: 'invalid_request',
    clusterId,
    message: exists
      ? 'new endpoints, pins or user: type the password or token secret again'
      : 'a new cluster needs its password or token secret',
  })

const changedMeanwhile = (clusterId: string): AppError =>
  new AppError({
    code: 'conflict',
    clusterId,
    message: `${clusterId} was changed meanwhile (its user or token): nothing was changed; re-pin again`,
  })

const notAnEndpoint = (clusterId: string, url: string): AppError =>
  new AppError({ code: 'not_found', clusterId, message: `${url} is not an endpoint of ${clusterId}` })
