import { randomUUID } from 'node:crypto'

import type { ConsoleEvent } from '../../shared/ipc/domains/console'
import { AppError } from '../../shared/ipc/errors'
import type { IDisposable } from '../../shared/lifecycle'
import { Disposable, Emitter, toDisposable } from '../../shared/lifecycle'
import type { ConsoleInfo, ConsoleKind, ConsoleRecord, ConsoleTarget } from '../../shared/model/console'
import { consolePath, consolePrivilege } from '../../shared/model/console'
import type { ClusterConnection } from '../clusters/cluster-connection'
import type { ClusterRegistry } from '../clusters/cluster-registry'
import type { ConsoleEndpoint } from '../pve/pve-client'
import { bindingOf } from '../secrets/secret-binding'
import { ConsoleRecordStore } from './console-record'
import type { ConsolePort, OpenedUpstream, SessionUpstream } from './console-session'
import { ConsoleSession } from './console-session'
import type { SpiceLauncherOptions } from './spice-launcher'
import { SpiceLauncher } from './spice-launcher'
import { openTerminalUpstream } from './terminal-upstream'
import { openVncUpstream } from './vnc-upstream'

export const GRACE_MS = 10_000
/** Consoles open at once in the app, and per cluster: beyond, opening is refused (main holds every socket). */
export const MAX_CONSOLES = 64
export const MAX_CONSOLES_PER_CLUSTER = 32
/** Closed consoles kept listed (their tabs show why they ended) before the oldest are forgotten. */
export const MAX_CLOSED = 64

export type OpenUpstream = (
  endpoint: ConsoleEndpoint,
  target: ConsoleTarget,
  kind: ConsoleKind,
  options: { signal: AbortSignal; timeoutMs: number },
) => Promise<SessionUpstream>

export interface ConsoleServiceOptions {
  /** The PVE Desk home: the record of console sessions lives there. */
  home: string
  /** Deadline of opening a console (the POST, the websocket, the handshake). */
  timeoutMs: number
  /** How long a console stays open with no window attached (default {@link GRACE_MS}). */
  graceMs?: number
  maxConsoles?: number
  maxPerCluster?: number
  maxClosed?: number
  /** Opens one upstream (default: terminal-upstream.ts / vnc-upstream.ts); tests may replace it. */
  openUpstream?: OpenUpstream
  spice?: SpiceLauncherOptions
  now?: () => number
}

interface Entry {
  readonly session: ConsoleSession
  readonly subscription: IDisposable
}

const defaultOpenUpstream: OpenUpstream = (endpoint, target, kind, options) =>
  kind === 'terminal'
    ? openTerminalUpstream(endpoint, target, options)
    : openVncUpstream(endpoint, target, options)

/**
 * The consoles of the app. Each belongs to its cluster's connection — disposed (the cluster removed, or its
 * endpoints, pins or user changed), it closes them (`cluster`); a new name or colour keeps them, as the
 * upstream does not depend on it — and to the app's windows: with none attached for the grace period, a console
 * closes (`abandoned`). Ids are random UUIDs, looked up in a map; the renderer's input names no file, and reaches
 * PVE's paths only as the contract validated it (a node name, a vmid).
 */
export class ConsoleService extends Disposable {
  private readonly entries = new Map<string, Entry>()
  /** The connection each cluster's consoles ride on, and the subscription to its end. */
  private readonly owners = new Map<string, { connection: ClusterConnection; subscription: IDisposable }>()
  private readonly changedEmitter = this._register(new Emitter<ConsoleEvent>())
  private readonly spiceLauncher: SpiceLauncher
  readonly records: ConsoleRecordStore

  /** A console appeared or changed, or was dismissed (`console:changed`). */
  readonly onChanged = this.changedEmitter.event

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly options: ConsoleServiceOptions,
  ) {
    super()
    this.records = new ConsoleRecordStore(options.home)
    this.spiceLauncher = this._register(new SpiceLauncher(options.spice))
    this._register(registry.onReplaced(({ previous, next }) => this.replaced(previous, next)))
    // Released first: every console ends (`app`, written to the record), silently, then the owners.
    this._register(
      toDisposable(() => {
        for (const { subscription } of this.owners.values()) subscription.dispose()
        this.owners.clear()
        for (const entry of [...this.entries.values()]) {
          entry.subscription.dispose()
          entry.session.close('app')
          entry.session.dispose()
        }
        this.entries.clear()
      }),
    )
  }

  open(request: { clusterId: string; target: ConsoleTarget; kind: ConsoleKind }): ConsoleInfo {
    this.usable()
    const { clusterId, target, kind } = request
    const connection = this.connectionOf(clusterId)
    this.checkAllowed(connection, target)
    this.checkLimits(clusterId)
    const consoleId = randomUUID()
    const names = namesOf(connection, target)
    // The last name known, for the record of a console whose cluster was removed meanwhile.
    const known = { clusterName: connection.config.name }
    const session = new ConsoleSession({
      consoleId,
      clusterId,
      target,
      kind,
      ...names,
      user: userOf(connection),
      connect: (signal) => this.connect(clusterId, target, kind, signal),
      record: (record) => this.records.write(record),
      clusterName: () => {
        if (this.registry.has(clusterId)) known.clusterName = this.registry.get(clusterId).config.name
        return known.clusterName
      },
      localUser: this.records.localUser,
      graceMs: this.options.graceMs ?? GRACE_MS,
      ...(this.options.now === undefined ? {} : { now: this.options.now }),
    })
    const entry: Entry = {
      session,
      subscription: session.onChanged((info) => this.changedEmitter.fire({ kind: 'changed', console: info })),
    }
    this.entries.set(consoleId, entry)
    this.own(clusterId, connection)
    session.start()
    this.pruneClosed()
    return session.info
  }

  /** Connects a console again (a new PVE session, a new record), checked as an open is. */
  reconnect(consoleId: string): ConsoleInfo {
    this.usable()
    const { session } = this.entryOf(consoleId)
    const connection = this.connectionOf(session.clusterId)
    this.checkAllowed(connection, session.info.target)
    if (!session.isOpen) this.checkLimits(session.clusterId)
    this.own(session.clusterId, connection)
    session.reconnect()
    return session.info
  }

  /** Ends a console and forgets it: its tab goes (`removed`). */
  close(consoleId: string): void {
    this.usable()
    const entry = this.entryOf(consoleId)
    entry.session.close('user')
    this.forget(entry)
  }

  list(): ConsoleInfo[] {
    return [...this.entries.values()].map((e) => e.session.info)
  }

  history(limit?: number): Promise<ConsoleRecord[]> {
    return this.records.list(limit)
  }

  /** The `console:attach` stream: this window holds the console from now on (see ConsoleSession.attach). */
  attach(request: { consoleId: string }, port: ConsolePort): void {
    this.usable()
    this.entryOf(request.consoleId).session.attach(port)
  }

  /**
   * SPICE in remote-viewer: the viewer is looked for first (no ticket is asked for when it cannot be used),
   * then spiceproxy on the guest's node with `proxy` = that endpoint's host, as PVE's GUI sends its own.
   */
  async spice(
    request: { clusterId: string; target: ConsoleTarget },
    signal?: AbortSignal,
  ): Promise<{ viewer: string }> {
    this.usable()
    const { clusterId, target } = request
    if (target.type === 'node')
      throw new AppError({ code: 'invalid_request', message: 'SPICE opens a guest' })
    const connection = this.connectionOf(clusterId)
    this.checkAllowed(connection, target)
    // From here to the viewer's start: one launch per guest, a few in the app (see SpiceLauncher.reserve).
    const slot = this.spiceLauncher.reserve(`${clusterId}\u0000${target.type}/${target.vmid}`)
    let started = false
    try {
      const viewer = await this.launchSpice(connection, target, signal)
      started = true
      return { viewer }
    } finally {
      slot.release(started)
    }
  }

  private async launchSpice(
    connection: ClusterConnection,
    target: Extract<ConsoleTarget, { vmid: number }>,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const clusterId = connection.id
    const viewer = await this.spiceLauncher.findViewer()
    const endpoint = await connection.api.consoleEndpoint(target.node, signal)
    const proxy = new URL(endpoint.url).hostname.replace(/^\[(.*)\]$/, '$1')
    let fields: unknown
    try {
      fields = await endpoint.request(
        'POST',
        `/nodes/${target.node}/${target.type}/${target.vmid}/spiceproxy`,
        { proxy },
        signal,
      )
    } catch (error) {
      const appError = AppError.from(error)
      // qemu-server's spiceproxy: `spice_port` dies "no spice port" for a VM whose display is not SPICE (qxl).
      if (/no spice port/i.test(appError.message)) {
        throw new AppError({
          code: 'console_unavailable',
          clusterId,
          message: `${target.type === 'qemu' ? 'VM' : 'CT'} ${target.vmid} has no SPICE display (PVE: no spice port)`,
          detail: { reason: 'no_spice' },
        })
      }
      throw appError
    }
    // In the record of console sessions too: who started a viewer on what, when, and when it closed (while
    // PVE Desk runs: the viewer outlives it).
    const started: { record?: ConsoleRecord } = {}
    await this.spiceLauncher.launch(viewer, fields, () => {
      const { record } = started
      if (record !== undefined && !this.isDisposed) this.records.write({ ...record, endedAt: this.now() })
    })
    const openedAt = this.now()
    const record: ConsoleRecord = {
      consoleId: randomUUID(),
      clusterId,
      clusterName: connection.config.name,
      target,
      kind: 'spice',
      ...namesOf(connection, target),
      pveUser: endpoint.authid,
      localUser: this.records.localUser,
      openedAt,
      connectedAt: openedAt,
    }
    started.record = record
    this.records.write(record)
    return viewer
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  /** Folders of .vv files not yet removed (tests). */
  get spiceFolders(): string[] {
    return this.spiceLauncher.pendingFolders
  }

  private async connect(
    clusterId: string,
    target: ConsoleTarget,
    kind: ConsoleKind,
    signal: AbortSignal,
  ): Promise<OpenedUpstream> {
    const timeoutMs = this.options.timeoutMs
    const attempt = async (connection: ClusterConnection): Promise<OpenedUpstream> => {
      const endpoint = await connection.api.consoleEndpoint(target.node, signal)
      const upstream = await (this.options.openUpstream ?? defaultOpenUpstream)(endpoint, target, kind, {
        signal,
        timeoutMs,
      })
      return { upstream, user: endpoint.authid }
    }
    const connection = this.connectionOf(clusterId)
    try {
      return await attempt(connection)
    } catch (error) {
      // Renamed while opening: the old connection went with its requests; its successor carries the console.
      const owner = this.owners.get(clusterId)?.connection
      if (signal.aborted || owner === undefined || owner === connection) throw error
      return attempt(owner)
    }
  }

  /** The consoles of `clusterId` ride on `connection` and end with it. */
  private own(clusterId: string, connection: ClusterConnection): void {
    const current = this.owners.get(clusterId)
    if (current?.connection === connection) return
    current?.subscription.dispose()
    this.owners.set(clusterId, {
      connection,
      subscription: connection.onDidDispose(() => this.clusterGone(clusterId, connection)),
    })
  }

  /** The connection was disposed (cluster removed, its settings changed, or disposed by its owner). */
  private clusterGone(clusterId: string, connection: ClusterConnection): void {
    const owner = this.owners.get(clusterId)
    if (owner?.connection !== connection) return
    this.owners.delete(clusterId)
    owner.subscription.dispose()
    for (const { session } of this.entries.values()) {
      if (session.clusterId === clusterId) session.close('cluster')
    }
  }

  /**
   * Settings saved: when the consoles' session is unaffected — the same endpoints, pins and user (the binding
   * the secret itself is held to) — they move to the new connection; otherwise they end with the old one.
   */
  private replaced(previous: ClusterConnection, next: ClusterConnection): void {
    const owner = this.owners.get(previous.id)
    if (owner?.connection !== previous) return
    if (bindingOf(previous.config) !== bindingOf(next.config)) return
    this.own(next.id, next)
  }

  private connectionOf(clusterId: string): ClusterConnection {
    if (!this.registry.has(clusterId))
      throw new AppError({ code: 'not_found', clusterId, message: `no cluster ${clusterId}` })
    return this.registry.get(clusterId)
  }

  private entryOf(consoleId: string): Entry {
    const entry = this.entries.get(consoleId)
    if (entry === undefined) throw new AppError({ code: 'not_found', message: 'no such console' })
    return entry
  }

  /** A read-only cluster may open consoles: a console changes nothing by itself. PVE's own privilege decides. */
  private checkAllowed(connection: ClusterConnection, target: ConsoleTarget): void {
    const path = consolePath(target)
    const privilege = consolePrivilege(target)
    if (connection.can(path, privilege)) return
    throw new AppError({
      code: 'forbidden',
      clusterId: connection.id,
      message:
        connection.permissions === undefined
          ? `the privileges of ${connection.id}'s user are not known yet: try again once it is connected`
          : `${privilege} on ${path} is needed to open this console`,
      detail: { path, privilege },
    })
  }

  private checkLimits(clusterId: string): void {
    const open = [...this.entries.values()].filter((e) => e.session.isOpen)
    const max = this.options.maxConsoles ?? MAX_CONSOLES
    const perCluster = this.options.maxPerCluster ?? MAX_CONSOLES_PER_CLUSTER
    if (open.length >= max) throw tooMany(`${max} consoles are open in PVE Desk`, max, clusterId)
    if (open.filter((e) => e.session.clusterId === clusterId).length >= perCluster)
      throw tooMany(`${perCluster} consoles are open on this cluster`, perCluster, clusterId)
  }

  /** Closed consoles beyond {@link MAX_CLOSED}: the oldest are forgotten. */
  private pruneClosed(): void {
    const closed = [...this.entries.values()].filter((e) => !e.session.isOpen)
    const excess = closed.length - (this.options.maxClosed ?? MAX_CLOSED)
    for (const entry of closed.slice(0, Math.max(0, excess))) this.forget(entry)
  }

  private forget(entry: Entry): void {
    const { consoleId } = entry.session
    if (this.entries.get(consoleId) !== entry) return
    this.entries.delete(consoleId)
    entry.subscription.dispose()
    entry.session.dispose()
    this.changedEmitter.fire({ kind: 'removed', consoleId })
  }

  private usable(): void {
    if (this.isDisposed) throw new AppError({ code: 'internal', message: 'console service disposed' })
  }
}

const tooMany = (what: string, limit: number, clusterId: string): AppError =>
  new AppError({
    code: 'conflict',
    clusterId,
    message: `${what}: close one before opening another`,
    detail: { reason: 'console_limit', limit: String(limit) },
  })

/** Who the cluster logs in as: the console runs as that user or token (PVE says so once it opened). */
const userOf = (connection: ClusterConnection): string =>
  connection.config.auth.kind === 'password'
    ? connection.config.auth.username
    : connection.config.auth.tokenId

/** The guest's name and the node's site from the last inventory, for the tab. */
function namesOf(
  connection: ClusterConnection,
  target: ConsoleTarget,
): { guestName?: string; site?: string } {
  let guestName: string | undefined
  let site: string | undefined
  for (const item of connection.items) {
    if (item.kind === 'node' && item.node === target.node) site = item.site
    if (
      item.kind === 'guest' &&
      target.type !== 'node' &&
      item.vmid === target.vmid &&
      item.type === target.type
    )
      guestName = item.name
  }
  site ??= connection.config.sites[target.node] ?? connection.config.defaultSite ?? connection.config.name
  return { ...(guestName === undefined ? {} : { guestName }), site }
}
