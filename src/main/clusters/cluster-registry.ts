import { AppError } from '../../shared/ipc/errors'
import { Disposable, DisposableStore, Emitter, toDisposable } from '../../shared/lifecycle'
import type { ClusterPermissions, ClusterStatus, FleetDelta, FleetState } from '../../shared/model/fleet'
import type { CredentialSource } from '../pve/pve-client'
import type { ClusterConfig } from './cluster-config'
import { summaryOf } from './cluster-config'
import type { ConnectionOptions } from './cluster-connection'
import { ClusterConnection } from './cluster-connection'

/** A cluster's connection rebuilt for new settings. */
export interface ConnectionReplaced {
  previous: ClusterConnection
  next: ClusterConnection
}

/**
 * All cluster connections, keyed by cluster id. Adding creates and starts a connection; removing and disposing
 * go through the connection's own `dispose()`, so a removed cluster leaves no timer, socket or listener.
 */
export class ClusterRegistry extends Disposable {
  private readonly connections = new Map<
    string,
    { connection: ClusterConnection; subscriptions: DisposableStore }
  >()
  private readonly deltaEmitter = this._register(new Emitter<FleetDelta>())
  private readonly statusEmitter = this._register(new Emitter<ClusterStatus>())
  private readonly permissionsEmitter = this._register(new Emitter<ClusterPermissions>())
  private readonly replacedEmitter = this._register(new Emitter<ConnectionReplaced>())

  readonly onDelta = this.deltaEmitter.event
  readonly onStatus = this.statusEmitter.event
  readonly onPermissions = this.permissionsEmitter.event
  /**
   * Fires when a cluster's settings changed and its connection was rebuilt: the new one already runs, the old
   * one is disposed right after. What rides on the old connection's session (a console) may move to the new one
   * here when the change does not concern it (a new name or colour), or end with the old one.
   */
  readonly onReplaced = this.replacedEmitter.event

  constructor(
    private readonly credentials: CredentialSource,
    private readonly options: ConnectionOptions,
  ) {
    super()
    // Registered after the emitters, so released before them: the connections go first, then their listeners.
    this._register(
      toDisposable(() => {
        for (const id of [...this.connections.keys()]) this.remove(id)
      }),
    )
  }

  add(config: ClusterConfig): ClusterConnection {
    if (this.isDisposed) throw new AppError({ code: 'internal', message: 'registry disposed' })
    if (this.connections.has(config.id)) {
      throw new AppError({
        code: 'conflict',
        clusterId: config.id,
        message: `cluster ${config.id} already exists`,
      })
    }
    const connection = new ClusterConnection(config, this.credentials, this.options)
    const subscriptions = new DisposableStore()
    subscriptions.add(connection.onDelta((delta) => this.deltaEmitter.fire(delta)))
    subscriptions.add(connection.onStatus((status) => this.statusEmitter.fire(status)))
    subscriptions.add(connection.onPermissions((permissions) => this.permissionsEmitter.fire(permissions)))
    this.connections.set(config.id, { connection, subscriptions })
    connection.start()
    return connection
  }

  /** Rebuilds the connection of `config.id` for its new settings (adds it if there was none); see `onReplaced`. */
  replace(config: ClusterConfig): ClusterConnection {
    const entry = this.connections.get(config.id)
    if (entry === undefined) return this.add(config)
    this.connections.delete(config.id)
    entry.subscriptions.dispose()
    try {
      const next = this.add(config)
      this.replacedEmitter.fire({ previous: entry.connection, next })
      return next
    } finally {
      entry.connection.dispose()
    }
  }

  remove(clusterId: string): void {
    const entry = this.connections.get(clusterId)
    if (entry === undefined) return
    this.connections.delete(clusterId)
    entry.subscriptions.dispose()
    entry.connection.dispose()
  }

  get(clusterId: string): ClusterConnection {
    const entry = this.connections.get(clusterId)
    if (entry === undefined) {
      throw new AppError({ code: 'not_found', clusterId, message: `no cluster with id ${clusterId}` })
    }
    return entry.connection
  }

  list(): ClusterConnection[] {
    return [...this.connections.values()].map((e) => e.connection)
  }

  has(clusterId: string): boolean {
    return this.connections.has(clusterId)
  }

  /** The whole fleet now, each cluster with the seq of the last delta its items include. */
  state(hasCredential: (clusterId: string) => boolean): FleetState {
    return {
      clusters: this.list().map((c) => ({
        summary: summaryOf(c.config, hasCredential(c.id)),
        status: c.status,
        seq: c.seq,
        items: c.items,
        ...(c.permissions === undefined ? {} : { permissions: { ...c.permissions } }),
      })),
    }
  }
}
