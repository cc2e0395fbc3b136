import type { AppErrorShape } from '../../shared/ipc/errors'
import { AppError } from '../../shared/ipc/errors'
import type { IDisposable } from '../../shared/lifecycle'
import { Disposable, DisposableStore, Emitter, toDisposable } from '../../shared/lifecycle'
import type {
  ConsoleControl,
  ConsoleEndReason,
  ConsoleInfo,
  ConsoleKind,
  ConsoleRecord,
  ConsoleState,
  ConsoleTarget,
} from '../../shared/model/console'
import type { StreamPort } from '../ipc/stream-port'
import { Scrollback } from './scrollback'

/** How an upstream ended, told once (its `dispose()` tells nothing: the owner knows why it disposed). */
export interface SessionUpstreamClose {
  reason: 'remote' | 'lost' | 'failed'
  error?: AppErrorShape
}

/** What a session needs of a console's upstream (the terminal and VNC upstreams of terminal-/vnc-upstream.ts). */
export interface SessionUpstream extends IDisposable {
  /** The first subscriber receives from the start (a VNC upstream's first bytes are its handshake). */
  readonly onData: (listener: (data: Uint8Array) => void) => IDisposable
  readonly onClose: (listener: (close: SessionUpstreamClose) => void) => IDisposable
  /** Always takes the bytes; false once too much waits to be written to PVE: hold the window's input back. */
  write(data: Uint8Array): boolean
  /** What waits to be written to PVE fell low again after a `write` (or `resize`) returned false. */
  readonly onWriteDrain: (listener: () => void) => IDisposable
  pause(): void
  resume(): void
  resize?(cols: number, rows: number): boolean
}

/** One connection opened to PVE for a console: its upstream and who PVE runs it as. */
export interface OpenedUpstream {
  upstream: SessionUpstream
  /** The session's user or token id (`root@pam`, `noc@pve!desk`). */
  user: string
}

export type ConsolePort = StreamPort<Uint8Array | ConsoleControl, Uint8Array>

export interface ConsoleSessionOptions {
  consoleId: string
  clusterId: string
  target: ConsoleTarget
  kind: ConsoleKind
  guestName?: string
  site?: string
  /** Who the cluster logs in as, until a connection says who PVE runs the console as. */
  user: string
  /** Opens one connection (a new PVE console session each time); the signal ends an open under way. */
  connect(signal: AbortSignal): Promise<OpenedUpstream>
  /** The record of console sessions (see ConsoleRecordStore). */
  record(record: ConsoleRecord): void
  /** The cluster's name now, for the record (a rename shows in the next record). */
  clusterName(): string
  localUser: string
  /** How long the console stays open with no window attached. */
  graceMs: number
  now?: () => number
}

/** One connection to PVE: a record of its own, an upstream once open. */
interface Link {
  readonly abort: AbortController
  record: ConsoleRecord
  upstream?: SessionUpstream
  readonly subscriptions: DisposableStore
  /** VNC: the attachment this link's RFB belongs to (RFB is stateful: one client, from its handshake on). */
  owner?: Attachment
  ended: boolean
}

/** Read through a function: a subscription above may have ended the link meanwhile. */
const isEnded = (link: Link): boolean => link.ended

/** The window holding the console's stream now. */
interface Attachment {
  readonly port: ConsolePort
  readonly subscriptions: DisposableStore
  /** The upstream was paused because this port had no credit left. */
  paused: boolean
  /** The port was paused because PVE does not take the window's input as fast as it comes. */
  inputHeld: boolean
}

/** Control Sequence "RIS" (full reset): a replay draws on a clean terminal, whatever the window showed before. */
const RESET = new Uint8Array([0x1b, 0x63])

export const movedError = (consoleId: string): AppError =>
  new AppError({
    code: 'conflict',
    message: `console ${consoleId} was attached in another window`,
    detail: { reason: 'moved' },
  })

/**
 * One console of the workspace: connecting → connected → closed (with why), and `reconnect` starts over in
 * the same console. A terminal keeps its upstream while no window shows it, reading into a scrollback ring
 * (last 256 KiB, replayed on attach); a VNC screen opens a fresh upstream for each window that attaches (RFB
 * is stateful) and closes it when that window lets go. One window at a time: attaching elsewhere ends the
 * first window's stream with `conflict` (`moved`). With no window attached for `graceMs` the console closes
 * (`abandoned`): a reload re-attaches well within it; a renderer that went away does not.
 */
export class ConsoleSession extends Disposable {
  private readonly changedEmitter = this._register(new Emitter<ConsoleInfo>())
  /** Fires on every change of state, attachment or user. */
  readonly onChanged = this.changedEmitter.event

  private state: ConsoleState = 'connecting'
  private since: number
  readonly openedAt: number
  private user: string
  private reconnects = 0
  private endReason: ConsoleEndReason | undefined
  private error: AppErrorShape | undefined
  private link: Link | undefined
  private attachment: Attachment | undefined
  private readonly scrollback = new Scrollback()
  private size: { cols: number; rows: number } | undefined
  private graceTimer: ReturnType<typeof setTimeout> | undefined
  private lastRecordAt = Number.NEGATIVE_INFINITY

  constructor(private readonly options: ConsoleSessionOptions) {
    super()
    this.openedAt = this.now()
    this.since = this.openedAt
    this.user = options.user
    this._register(toDisposable(() => clearTimeout(this.graceTimer)))
  }

  get consoleId(): string {
    return this.options.consoleId
  }
  get clusterId(): string {
    return this.options.clusterId
  }
  get isOpen(): boolean {
    return this.state !== 'closed'
  }

  get info(): ConsoleInfo {
    const { consoleId, clusterId, target, kind, guestName, site } = this.options
    return {
      consoleId,
      clusterId,
      target,
      kind,
      ...(guestName === undefined ? {} : { guestName }),
      ...(site === undefined ? {} : { site }),
      state: this.state,
      since: this.since,
      openedAt: this.openedAt,
      user: this.user,
      attached: this.attachment !== undefined,
      reconnects: this.reconnects,
      ...(this.endReason === undefined ? {} : { endReason: this.endReason }),
      ...(this.error === undefined ? {} : { error: this.error }),
      ...(target.type === 'node' && this.user !== 'root@pam' ? { notice: 'login_prompt' as const } : {}),
    }
  }

  /** Opens the first connection; until a window attaches, the grace period runs. */
  start(): void {
    this.openLink()
    this.armGrace()
  }

  /** Connects again: a new PVE session in the same console (and a new record); an open one is ended first. */
  reconnect(): void {
    if (this.isDisposed) return
    if (this.link !== undefined) this.endLink(this.link, 'user')
    // A VNC window's RFB belonged to the connection that just ended: it attaches again for a fresh one.
    if (this.options.kind === 'vnc') this.attachment?.port.close()
    this.endReason = undefined
    this.error = undefined
    this.reconnects++
    this.openLink()
    this.armGrace()
  }

  /** Ends the console (its upstream, its record, its window's stream); it stays listed, closed, with `reason`. */
  close(reason: ConsoleEndReason, error?: AppErrorShape): void {
    if (this.isDisposed || this.state === 'closed') return
    if (this.link !== undefined) this.endLink(this.link, reason, error)
    clearTimeout(this.graceTimer)
    this.graceTimer = undefined
    this.endReason = reason
    this.error = error
    const attachment = this.attachment
    this.attachment = undefined
    attachment?.subscriptions.dispose()
    this.setState('closed')
    // The reason is in the console's description (the event above); the stream just ends.
    attachment?.port.close()
  }

  /**
   * A window attaches (the `console:attach` stream): a window holding it before loses it (`moved`). A terminal
   * gets its scrollback, then live output; a VNC window gets an RFB connection of its own.
   */
  attach(port: ConsolePort): void {
    if (this.isDisposed) throw new AppError({ code: 'not_found', message: 'no such console' })
    if (this.state === 'closed') {
      throw new AppError({
        code: 'conflict',
        message: `console ${this.consoleId} is closed: reconnect it first`,
        detail: { reason: 'closed' },
      })
    }
    const previous = this.attachment
    if (previous !== undefined) {
      this.attachment = undefined
      previous.subscriptions.dispose()
      if (previous.paused) this.link?.upstream?.resume()
      previous.port.close(movedError(this.consoleId))
    }
    const attachment: Attachment = {
      port,
      subscriptions: new DisposableStore(),
      paused: false,
      inputHeld: false,
    }
    this.attachment = attachment
    clearTimeout(this.graceTimer)
    this.graceTimer = undefined
    const onAbort = (): void => this.detached(attachment)
    port.signal.addEventListener('abort', onAbort, { once: true })
    attachment.subscriptions.add(toDisposable(() => port.signal.removeEventListener('abort', onAbort)))
    attachment.subscriptions.add(port.onMessage((message) => this.input(attachment, message)))
    attachment.subscriptions.add(
      port.onDrain(() => {
        if (!attachment.paused || this.attachment !== attachment) return
        attachment.paused = false
        this.link?.upstream?.resume()
      }),
    )
    if (this.options.kind === 'terminal') {
      const screen = this.scrollback.snapshot()
      if (screen.length > 0) {
        port.send(RESET)
        this.send(attachment, screen)
      }
    } else {
      this.bindVnc(attachment)
    }
    this.changed()
  }

  private detached(attachment: Attachment): void {
    if (this.attachment !== attachment) return
    this.attachment = undefined
    attachment.subscriptions.dispose()
    if (attachment.paused) this.link?.upstream?.resume()
    // The window's RFB is over with its stream; the next window gets a fresh connection.
    if (this.options.kind === 'vnc' && this.link?.owner === attachment) this.endLink(this.link, 'moved')
    this.armGrace()
    this.changed()
  }

  /** VNC: the unused connection (the first one) goes to this window, else a fresh one is opened for it. */
  private bindVnc(attachment: Attachment): void {
    const link = this.link
    if (link !== undefined && link.owner === undefined) {
      link.owner = attachment
      if (link.upstream !== undefined) this.relay(link, attachment)
      return
    }
    // The screen moved here: its connection ends as such (a record of its own), not a reconnect of the console.
    if (link !== undefined) this.endLink(link, 'moved')
    this.openLink(attachment)
  }

  private relay(link: Link, attachment: Attachment): void {
    const upstream = link.upstream
    if (upstream === undefined) return
    link.subscriptions.add(
      upstream.onData((data) => {
        if (this.attachment === attachment) this.send(attachment, data)
      }),
    )
  }

  private openLink(owner?: Attachment): void {
    const abort = new AbortController()
    const link: Link = {
      abort,
      record: this.recordBase(),
      subscriptions: new DisposableStore(),
      ended: false,
      ...(owner === undefined ? {} : { owner }),
    }
    this.link = link
    this.options.record(link.record)
    this.setState('connecting')
    this.options.connect(abort.signal).then(
      (opened) => this.connected(link, opened),
      (error: unknown) => {
        if (link.ended) return
        const shape = AppError.from(error).toShape()
        this.endLink(link, 'failed', shape)
        this.close('failed', shape)
      },
    )
  }

  private connected(link: Link, { upstream, user }: OpenedUpstream): void {
    if (link.ended || this.isDisposed) {
      upstream.dispose()
      return
    }
    link.upstream = upstream
    link.record = { ...link.record, pveUser: user, connectedAt: this.now() }
    this.user = user
    link.subscriptions.add(upstream.onClose((end) => this.upstreamClosed(link, end)))
    link.subscriptions.add(
      upstream.onWriteDrain(() => {
        if (this.link === link) this.releaseInput()
      }),
    )
    // An upstream that closed before this subscription still tells it (at once): nothing more to do then.
    if (isEnded(link)) return
    if (this.options.kind === 'terminal') {
      link.subscriptions.add(upstream.onData((data) => this.output(data)))
      if (this.size !== undefined) upstream.resize?.(this.size.cols, this.size.rows)
    } else if (link.owner !== undefined && this.attachment === link.owner) {
      this.relay(link, link.owner)
    }
    if (this.attachment?.paused === true) upstream.pause()
    this.setState('connected')
  }

  private upstreamClosed(link: Link, end: SessionUpstreamClose): void {
    if (link.ended) return
    this.endLink(link, end.reason, end.error)
    this.close(end.reason, end.error)
  }

  /** Terminal output: into the ring, and to the window if one is attached. */
  private output(data: Uint8Array): void {
    this.scrollback.push(data)
    const attachment = this.attachment
    if (attachment !== undefined) this.send(attachment, data)
  }

  private send(attachment: Attachment, data: Uint8Array): void {
    if (attachment.port.send(data) || attachment.paused) return
    // No credit left in the renderer: stop reading PVE until it drains (TCP then holds PVE back).
    attachment.paused = true
    this.link?.upstream?.pause()
  }

  private input(attachment: Attachment, message: Uint8Array | ConsoleControl): void {
    if (this.attachment !== attachment) return
    const link = this.link
    if (message instanceof Uint8Array) {
      // Typed while connecting, or into another window's RFB: dropped, never sent to the wrong session.
      if (link?.upstream === undefined) return
      if (this.options.kind === 'vnc' && link.owner !== attachment) return
      if (!link.upstream.write(message)) this.holdInput(attachment)
      return
    }
    if (this.options.kind !== 'terminal') return
    this.size = { cols: message.cols, rows: message.rows }
    if (link?.upstream?.resize?.(message.cols, message.rows) === false) this.holdInput(attachment)
  }

  /**
   * PVE (a stalled node or link) does not take the window's input as fast as it comes: the stream stops
   * granting the renderer credit, which holds it back, until the upstream drains — main never buffers it all.
   */
  private holdInput(attachment: Attachment): void {
    if (attachment.inputHeld) return
    attachment.inputHeld = true
    attachment.port.pause()
  }

  private releaseInput(): void {
    const attachment = this.attachment
    if (attachment?.inputHeld !== true) return
    attachment.inputHeld = false
    attachment.port.resume()
  }

  private endLink(link: Link, reason: ConsoleEndReason, error?: AppErrorShape): void {
    if (link.ended) return
    link.ended = true
    if (this.link === link) this.link = undefined
    link.abort.abort()
    link.subscriptions.dispose()
    link.upstream?.dispose()
    // What the window held back was for this connection: the next one starts with nothing waiting.
    if (this.link === undefined) this.releaseInput()
    this.options.record({
      ...link.record,
      endedAt: this.now(),
      endReason: reason,
      ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }),
    })
  }

  private recordBase(): ConsoleRecord {
    const { consoleId, clusterId, target, kind, guestName, site, localUser } = this.options
    // Each connection is its own record, keyed by console and opening time: two in one millisecond stay two.
    // The first is the session's own opening, the time its info says (read again, it may be a millisecond on).
    const openedAt =
      this.lastRecordAt === Number.NEGATIVE_INFINITY
        ? this.openedAt
        : Math.max(this.now(), this.lastRecordAt + 1)
    this.lastRecordAt = openedAt
    return {
      consoleId,
      clusterId,
      clusterName: this.options.clusterName(),
      target,
      kind,
      ...(guestName === undefined ? {} : { guestName }),
      ...(site === undefined ? {} : { site }),
      pveUser: this.user,
      localUser,
      openedAt,
    }
  }

  private armGrace(): void {
    if (this.attachment !== undefined || this.state === 'closed' || this.isDisposed) return
    clearTimeout(this.graceTimer)
    this.graceTimer = setTimeout(() => {
      this.graceTimer = undefined
      if (this.attachment === undefined) this.close('abandoned')
    }, this.options.graceMs)
  }

  private setState(state: ConsoleState): void {
    if (this.state === state && state !== 'connecting') return
    this.state = state
    // Strictly increasing: a window tells one state from the next by it, even within a millisecond.
    this.since = Math.max(this.now(), this.since + 1)
    this.changed()
  }

  private changed(): void {
    if (!this.isDisposed) this.changedEmitter.fire(this.info)
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  /** Ends everything without a trace in the workspace (the service forgets it); `close` first to record why. */
  override dispose(): void {
    if (this.isDisposed) return
    this.close('app')
    super.dispose()
  }
}
