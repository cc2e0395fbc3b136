import { setMaxListeners } from 'node:events'

import { AppError } from '../../shared/ipc/errors'
import { Disposable, Emitter, toDisposable } from '../../shared/lifecycle'
import { diffInventory } from '../../shared/model/delta'
import type { ClusterPermissions, ClusterStatus, FleetDelta, FleetItem } from '../../shared/model/fleet'
import type { PermissionMap } from '../../shared/model/permissions'
import { can } from '../../shared/model/permissions'
import type { CredentialSource } from '../pve/pve-client'
import { PveClient } from '../pve/pve-client'
import type { BackoffPolicy } from './backoff'
import { backoffDelay } from './backoff'
import type { ClusterConfig } from './cluster-config'
import { clusterInventory } from './cluster-config'
import { fetchQemuRunStates, withRunStates } from './run-states'

export interface ConnectionOptions {
  pollIntervalMs: number
  timeoutMs: number
  backoff: BackoffPolicy
  /** Renew tickets once this old (default 15 min, as PVE's GUI). */
  renewAfterMs?: number
  /** How often to ask each node for its VMs' QEMU run state (paused…); default 30 s. */
  runStateIntervalMs?: number
  /** How often to look at the endpoints not serving (a TLS handshake each, no request); default 30 s. */
  endpointCheckIntervalMs?: number
  /** Largest answer read from an endpoint (default `MAX_RESPONSE_BYTES`). */
  maxResponseBytes?: number
  now?: () => number
  random?: () => number
}

/**
 * One signal is shared by work in parallel: a check per endpoint, a run-state read per node (at most 32 of each
 * by the settings schema), version and permissions. Node warns past 10 listeners (issue 7's large scenario, 8
 * nodes per cluster); a count past this bound would be a leak again.
 */
const SIGNAL_LISTENERS = 100
/** Retries closer together than this are one (see `refresh`). */
export const REFRESH_COALESCE_MS = 1000

/** Failures that retrying cannot fix without the user: retrying a wrong password can lock the account. */
const WAIT_FOR_USER = new Set(['auth_failed', 'tfa_required'])

/**
 * Everything PVE Desk holds for one cluster — its API client (session, endpoints, pinned TLS), its poller and
 * its last-known inventory — disposed as a unit. It polls `/cluster/resources` once per interval (never one
 * request per guest), diffs against the last inventory and emits only what changed. When the cluster stops
 * answering it keeps the last inventory, marks it stale and backs off with jitter; nothing it does waits on
 * another cluster.
 */
export class ClusterConnection extends Disposable {
  private readonly client: PveClient
  private readonly deltaEmitter = this._register(new Emitter<FleetDelta>())
  private readonly statusEmitter = this._register(new Emitter<ClusterStatus>())
  private inventory = new Map<string, FleetItem>()
  private sequence = 0
  private failures = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  /** A Retry that came too soon after the last one, run when the coalescing window ends. */
  private trailingRefresh: ReturnType<typeof setTimeout> | undefined
  private inFlight: AbortController | undefined
  private current: ClusterStatus
  private version: string | undefined
  private permissionMap: PermissionMap | undefined
  /** Aborted on dispose: every background request (version, permissions, run states) ends with the connection. */
  private readonly lifetime = new AbortController()
  private runStates: ReadonlyMap<number, string> = new Map()
  private runStatesAt = Number.NEGATIVE_INFINITY
  private endpointsCheckedAt = Number.NEGATIVE_INFINITY
  /** The endpoint check under way: one at a time, however often Retry is pressed. */
  private checkingEndpoints: Promise<void> | undefined
  private refreshedAt = Number.NEGATIVE_INFINITY
  private readonly permissionsEmitter = this._register(new Emitter<ClusterPermissions>())
  private readonly polledEmitter = this._register(new Emitter<void>())
  /** Not registered: it fires once everything else is released, then goes itself (see `dispose`). */
  private readonly disposedEmitter = new Emitter<void>()

  /** Fires with the items that changed after each poll that changed something. */
  readonly onDelta = this.deltaEmitter.event
  /** Fires when the connection state changes. */
  readonly onStatus = this.statusEmitter.event
  /** Fires when the user's effective privileges were (re)read, after each login or renewal. */
  readonly onPermissions = this.permissionsEmitter.event
  /**
   * Fires after each successful poll of `/cluster/resources`, changed or not: the task tracker reads
   * `/cluster/tasks` on the same cadence (one request per cluster per poll).
   */
  readonly onPolled = this.polledEmitter.event
  /**
   * Fires once the connection is disposed (its cluster removed or replaced, the app quitting): what lives on
   * its session elsewhere (consoles) ends with it.
   */
  readonly onDidDispose = this.disposedEmitter.event

  constructor(
    readonly config: ClusterConfig,
    credentials: CredentialSource,
    private readonly options: ConnectionOptions,
  ) {
    super()
    setMaxListeners(SIGNAL_LISTENERS, this.lifetime.signal)
    this.client = this._register(
      new PveClient(config.id, config.endpoints, credentials, {
        timeoutMs: options.timeoutMs,
        ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
        ...(options.renewAfterMs === undefined ? {} : { renewAfterMs: options.renewAfterMs }),
        ...(options.now === undefined ? {} : { now: options.now }),
      }),
    )
    // Released in reverse: the timer, the poll in flight, the background requests, then the client and emitters.
    this._register(toDisposable(() => this.lifetime.abort()))
    this._register(
      toDisposable(() => {
        this.inFlight?.abort()
        this.inFlight = undefined
      }),
    )
    this._register(toDisposable(() => this.clearTimer()))
    this._register(toDisposable(() => clearTimeout(this.trailingRefresh)))
    this.client.onSession(() => void this.fetchPermissions())
    this.client.onEndpointHealth(() => {
      if (!this.isDisposed) this.setStatus({ ...this.current })
    })
    this.current = {
      clusterId: config.id,
      state: 'connecting',
      stale: false,
      lastUpdated: null,
      endpoints: this.client.endpointHealth,
    }
  }

  get id(): string {
    return this.config.id
  }
  get status(): ClusterStatus {
    return this.current
  }
  get seq(): number {
    return this.sequence
  }
  get items(): FleetItem[] {
    return [...this.inventory.values()]
  }
  get permissions(): PermissionMap | undefined {
    return this.permissionMap
  }

  /** May this cluster's user use `privilege` on `path` (`/vms/100`, `/nodes/km4-pve1`…)? */
  can(path: string, privilege: string): boolean {
    return can(this.permissionMap, path, privilege)
  }

  /** The PVE API of this cluster, for actions and the CLI (same session, same endpoints). */
  get api(): PveClient {
    return this.client
  }

  /** Starts polling now. */
  start(): void {
    void this.poll()
  }

  /**
   * "Retry now": aborts a poll under way (it may hang on a node that stopped answering), looks at every endpoint
   * again (one whose pinned certificate is back is used again) and polls at once. Retries closer together than
   * {@link REFRESH_COALESCE_MS} are one, run when the window ends: a renderer that loops on Retry cannot turn it
   * into a request storm, and the operator's last click still counts.
   */
  refresh(): void {
    if (this.isDisposed) return
    const wait = REFRESH_COALESCE_MS - (this.now() - this.refreshedAt)
    if (wait <= 0) {
      this.restart()
      return
    }
    // The last of several quick retries still happens, once, when the window ends: a click is never lost.
    this.trailingRefresh ??= setTimeout(() => {
      this.trailingRefresh = undefined
      this.restart()
    }, wait)
  }

  /** Polls at once, whatever the last Retry: the session or credentials just changed. */
  private restart(): void {
    if (this.isDisposed) return
    clearTimeout(this.trailingRefresh)
    this.trailingRefresh = undefined
    this.refreshedAt = this.now()
    this.inFlight?.abort()
    this.inFlight = undefined
    // Beside the poll, not before it: a node that swallows packets must not hold the retry for a whole deadline.
    this.checkEndpointsNow()
    void this.poll()
  }

  private async poll(): Promise<void> {
    if (this.isDisposed || this.inFlight !== undefined) return
    this.clearTimer()
    const controller = new AbortController()
    setMaxListeners(SIGNAL_LISTENERS, controller.signal)
    this.inFlight = controller
    try {
      const data = await this.client.call('GET', '/cluster/resources', undefined, controller.signal)
      if (this.disposedNow() || controller.signal.aborted) return
      this.accept(data)
      this.schedule(this.options.pollIntervalMs)
      this.polledEmitter.fire()
      if (this.version === undefined) void this.fetchVersion(this.lifetime.signal)
    } catch (error) {
      // An aborted poll was replaced by a newer one (Retry now) or ended with the connection: it reports nothing.
      if (this.disposedNow() || controller.signal.aborted) return
      this.reject(AppError.from(error))
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined
    }
    this.checkEndpointsWhenDue()
  }

  /** Now and then, the endpoints fail-over does not touch: a changed certificate there must not go unseen. */
  private checkEndpointsWhenDue(): void {
    if (this.disposedNow()) return
    if (this.now() - this.endpointsCheckedAt < (this.options.endpointCheckIntervalMs ?? 30_000)) return
    this.checkEndpointsNow()
  }

  private checkEndpointsNow(): void {
    if (this.checkingEndpoints !== undefined) return
    this.endpointsCheckedAt = this.now()
    const check = this.client
      .checkEndpoints(this.lifetime.signal)
      .catch(() => undefined)
      .finally(() => {
        if (this.checkingEndpoints === check) this.checkingEndpoints = undefined
      })
    this.checkingEndpoints = check
  }

  private accept(data: unknown): void {
    this.replaceInventory(clusterInventory(this.config, data, this.inventory, this.runStates))
    this.failures = 0
    this.setStatus({ state: 'online', stale: false, lastUpdated: this.now() })
    if (this.now() - this.runStatesAt >= (this.options.runStateIntervalMs ?? 30_000))
      void this.refreshRunStates()
  }

  private replaceInventory(items: Map<string, FleetItem>): void {
    const { upserts, removed } = diffInventory(this.inventory, items)
    this.inventory = items
    if (upserts.length > 0 || removed.length > 0) {
      this.sequence++
      this.deltaEmitter.fire({ clusterId: this.id, seq: this.sequence, upserts, removed })
    }
  }

  private async refreshRunStates(): Promise<void> {
    this.runStatesAt = this.now()
    const nodes = this.items.flatMap((i) => (i.kind === 'node' && i.status === 'online' ? [i.node] : []))
    const states = await fetchQemuRunStates(this.client, nodes, this.lifetime.signal)
    if (this.disposedNow()) return
    this.runStates = states
    this.replaceInventory(withRunStates(new Map(this.inventory), states))
  }

  private reject(error: AppError): void {
    this.failures++
    if (WAIT_FOR_USER.has(error.code)) {
      this.setStatus({
        state: 'error',
        stale: this.current.lastUpdated !== null,
        lastUpdated: this.current.lastUpdated,
        error: error.toShape(),
      })
      return
    }
    const delay = backoffDelay(this.failures, this.options.backoff, this.options.random)
    const state = error.code === 'unreachable' || error.code === 'timeout' ? 'unreachable' : 'error'
    this.setStatus({
      state,
      stale: this.current.lastUpdated !== null,
      lastUpdated: this.current.lastUpdated,
      error: error.toShape(),
      nextAttemptAt: this.now() + delay,
    })
    this.schedule(delay)
  }

  /** Finishes a two-factor login the user answered, then polls at once. */
  async completeTfa(kind: 'totp' | 'recovery', code: string): Promise<void> {
    await this.client.completeTfa(kind, code)
    this.restart()
  }

  /** Credentials changed: forget the session and poll at once with the new ones. */
  credentialsChanged(): void {
    this.client.resetSession()
    this.restart()
  }

  private async fetchPermissions(): Promise<void> {
    try {
      const data = await this.client.call('GET', '/access/permissions', undefined, this.lifetime.signal)
      if (this.disposedNow() || data === null || typeof data !== 'object') return
      this.permissionMap = readPermissions(data)
      this.permissionsEmitter.fire({ clusterId: this.id, permissions: { ...this.permissionMap } })
    } catch {
      // Without the map every capability check answers "no": safe. The next session start asks again.
    }
  }

  private async fetchVersion(signal: AbortSignal): Promise<void> {
    try {
      const data = (await this.client.call('GET', '/version', undefined, signal)) as {
        version?: unknown
      } | null
      if (this.disposedNow() || typeof data?.version !== 'string') return
      this.version = data.version
      this.setStatus({ ...this.current })
    } catch {
      // The version is a nicety for the details pane; the next session start asks again.
    }
  }

  private setStatus(
    next: Omit<ClusterStatus, 'clusterId' | 'servedBy' | 'version' | 'clusterName' | 'endpoints'>,
  ): void {
    const status: ClusterStatus = {
      ...next,
      clusterId: this.id,
      endpoints: this.client.endpointHealth,
      ...(next.state === 'online' ? { servedBy: this.client.servedBy } : {}),
      ...(this.version === undefined ? {} : { version: this.version }),
      ...(this.client.clusterName === undefined ? {} : { clusterName: this.client.clusterName }),
    }
    const changed = JSON.stringify(status) !== JSON.stringify(this.current)
    this.current = status
    if (changed) this.statusEmitter.fire(status)
  }

  private schedule(delayMs: number): void {
    this.clearTimer()
    if (!this.isDisposed) this.timer = setTimeout(() => void this.poll(), delayMs)
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  override dispose(): void {
    if (this.isDisposed) return
    super.dispose()
    this.disposedEmitter.fire()
    this.disposedEmitter.dispose()
  }

  /** A method, not the getter, after an await: the object may have been disposed meanwhile. */
  private disposedNow(): boolean {
    return this.isDisposed
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }
}

/** `{"/vms": {"VM.Audit": 1}}`, tolerating PVE's strings for numbers. */
function readPermissions(data: object): Record<string, Record<string, number>> {
  const map: Record<string, Record<string, number>> = {}
  for (const [path, privileges] of Object.entries(data)) {
    if (privileges === null || typeof privileges !== 'object') continue
    map[path] = {}
    for (const [privilege, value] of Object.entries(privileges as Record<string, unknown>)) {
      map[path][privilege] = Number(value) > 0 ? 1 : 0
    }
  }
  return map
}
