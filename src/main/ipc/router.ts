import type { z } from 'zod'

import type { AppContract } from '../../shared/ipc/contract'
import { contract as appContract } from '../../shared/ipc/contract'
import type { Contract } from '../../shared/ipc/domain'
import { AppError, fail, ok } from '../../shared/ipc/errors'
import type { Result } from '../../shared/ipc/errors'
import { parseStreamFrame } from '../../shared/ipc/stream'
import type { IDisposable } from '../../shared/lifecycle'
import { toDisposable } from '../../shared/lifecycle'
import type { StreamCarrier, StreamPort } from './stream-port'
import { MainStream } from './stream-port'

/** One renderer as a transport sees it (an Electron WebContents, a browser-host WebSocket). */
export interface RouterSender {
  /** Unique per connected renderer. */
  readonly id: string
  /** Delivers an event this sender subscribed to. */
  send(event: string, payload: unknown): void
}

export interface SenderContext {
  senderId: string
  /**
   * Aborted when the caller cancels the call or the stream, or the renderer goes away. Long work passes it
   * on (to requests, to task follow-ups) so that nothing runs for a renderer that stopped waiting.
   */
  signal: AbortSignal
}

type Names<M> = Extract<keyof M, string>
type InvokeSpecOf<C extends Contract, K extends keyof C['invoke']> = C['invoke'][K]
type StreamSpecOf<C extends Contract, K extends keyof C['streams']> = C['streams'][K]

/** One handler per invoke channel, typed from the contract: a channel without a handler does not compile. */
export type HandlersOf<C extends Contract> = {
  [K in Names<C['invoke']>]: (
    request: z.output<InvokeSpecOf<C, K>['request']>,
    context: SenderContext,
  ) => Promise<z.output<InvokeSpecOf<C, K>['response']>> | z.output<InvokeSpecOf<C, K>['response']>
}
export type Handlers = HandlersOf<AppContract>

/**
 * One handler per stream channel: it gets the parsed open request and the stream's port. It accepts the stream
 * by returning (or resolving); throwing refuses it with that error. The port's signal ends its work.
 */
export type StreamHandlersOf<C extends Contract> = {
  [K in Names<C['streams']>]: (
    request: z.output<StreamSpecOf<C, K>['open']>,
    port: StreamPort<z.output<StreamSpecOf<C, K>['up']>, z.output<StreamSpecOf<C, K>['down']>>,
    context: SenderContext,
  ) => Promise<void> | void
}

export type RouterOptions<C extends Contract> = {
  /** The contract served; the app's by default (tests serve their own). */
  contract?: C
} & ([Names<C['streams']>] extends [never]
  ? { streams?: StreamHandlersOf<C> }
  : { streams: StreamHandlersOf<C> })

/** What one renderer may have open at once: a renderer cannot exhaust main by opening without end. */
export const SENDER_LIMITS = { calls: 256, streams: 32 } as const

interface SenderEntry {
  sender: RouterSender
  events: Set<string>
  /** Unanswered invokes by call id (ids the renderer chose; anonymous calls get negative ones). */
  calls: Map<number, { controller: AbortController; cancellable: boolean }>
  /**
   * Handlers still running, answered or not: a cancelled call's handler may run on, and it stays counted
   * against {@link SENDER_LIMITS} until it settles, so invoke-then-cancel cannot open work without end.
   */
  running: number
  streams: Map<number, MainStream>
  nextAnonymous: number
}

const isId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

/**
 * The transport-independent core of IPC. Transports (Electron IPC, the browser host's WebSocket) check who the
 * sender is and hand messages here; the router rejects unknown channels, parses every request against the
 * contract and returns the result envelope. It is also the owner of what each renderer opened: event
 * subscriptions, streams and calls in flight, all ended (calls aborted, streams closed) when the renderer goes
 * away, and cancellable one by one.
 */
export class IpcRouter<C extends Contract = AppContract> implements IDisposable {
  private readonly senders = new Map<string, SenderEntry>()
  private readonly contract: C
  private readonly streamHandlers: Partial<StreamHandlersOf<C>>

  constructor(
    private readonly handlers: HandlersOf<C>,
    private readonly onError: (channel: string, error: AppError) => void = () => undefined,
    options?: RouterOptions<C>,
  ) {
    // Without a contract given, C is the app's (its default): the one place the two are the same object.
    this.contract = options?.contract ?? (appContract as unknown as C)
    this.streamHandlers = options?.streams ?? {}
  }

  /**
   * Registers a connected renderer; dispose the result when it goes away (closed, crashed, navigated): its
   * subscriptions are dropped, its calls aborted and its streams ended.
   */
  attach(sender: RouterSender): IDisposable {
    this.detach(sender.id)
    this.senders.set(sender.id, {
      sender,
      events: new Set(),
      calls: new Map(),
      running: 0,
      streams: new Map(),
      nextAnonymous: -1,
    })
    const entry = this.senders.get(sender.id)
    return toDisposable(() => {
      if (this.senders.get(sender.id) === entry) this.detach(sender.id)
    })
  }

  get senderCount(): number {
    return this.senders.size
  }

  /** What a sender has open now: calls in flight, streams, subscriptions (tests prove they reach zero). */
  openCount(senderId: string): { calls: number; streams: number; events: number } {
    const entry = this.senders.get(senderId)
    return {
      calls: entry?.running ?? 0,
      streams: entry?.streams.size ?? 0,
      events: entry?.events.size ?? 0,
    }
  }

  /**
   * Runs one call. `callId`, when the renderer gave one, lets it cancel the call with {@link cancel} if its
   * channel is `cancellable`; the result is then `cancelled` at once, whether or not the handler honours its
   * signal. A call of any other channel runs to its end and answers what it did.
   */
  async invoke(
    senderId: string,
    channel: unknown,
    request: unknown,
    callId?: unknown,
  ): Promise<Result<unknown>> {
    const entry = this.senders.get(senderId)
    if (entry === undefined) return fail({ code: 'invalid_request', message: 'unknown sender' })
    if (typeof channel !== 'string' || !this.has(this.contract.invoke, channel)) {
      return fail({ code: 'invalid_request', message: `unknown channel ${String(channel).slice(0, 64)}` })
    }
    if (callId !== undefined && (!isId(callId) || entry.calls.has(callId))) {
      return fail({ code: 'invalid_request', message: `${channel}: call id in use or not an id` })
    }
    if (entry.running >= SENDER_LIMITS.calls) {
      return fail({ code: 'invalid_request', message: `${channel}: too many calls in flight` })
    }
    const spec = this.contract.invoke[channel] as { request: z.ZodType; cancellable?: true }
    const parsed = spec.request.safeParse(request)
    if (!parsed.success)
      return fail({ code: 'invalid_request', message: `${channel}: ${issues(parsed.error)}` })
    const id = callId ?? entry.nextAnonymous--
    const controller = new AbortController()
    const call = { controller, cancellable: spec.cancellable === true }
    entry.calls.set(id, call)
    entry.running++
    // The handler map is indexed by the same key that chose the schema; TypeScript cannot correlate the two.
    const handler = this.handlers[channel as Names<C['invoke']>] as (
      req: unknown,
      ctx: SenderContext,
    ) => unknown
    const work = Promise.resolve().then(() => handler(parsed.data, { senderId, signal: controller.signal }))
    const release = (): void => {
      entry.running--
    }
    work.then(release, release)
    try {
      // A call that is not cancellable is aborted only when its renderer goes away: no one hears it then.
      const value = await untilAborted(work, controller.signal)
      return value === ABORTED ? fail(cancelled(channel)) : ok(value)
    } catch (error) {
      if (controller.signal.aborted) return fail(cancelled(channel))
      const appError = AppError.from(error)
      this.onError(channel, appError)
      return fail(appError.toShape())
    } finally {
      if (entry.calls.get(id) === call) entry.calls.delete(id)
    }
  }

  /**
   * Cancels a call of this sender still in flight if its channel is cancellable (unknown ids are ignored: the
   * call may just have ended; so are calls of other channels: a change commits whatever the renderer does).
   */
  cancel(senderId: string, callId: unknown): void {
    if (!isId(callId)) return
    const call = this.senders.get(senderId)?.calls.get(callId)
    if (call?.cancellable === true) call.controller.abort()
  }

  /**
   * Opens a stream for a sender over `carrier`. The renderer learns the outcome on the carrier: `opened`, or
   * `end` with the error (invalid request, refused by the handler). `streamId` is unique per sender.
   */
  openStream(
    senderId: string,
    streamId: unknown,
    channel: unknown,
    request: unknown,
    carrier: StreamCarrier,
  ): void {
    const entry = this.senders.get(senderId)
    const opening = entry === undefined ? 'unknown sender' : this.checkOpen(entry, streamId, channel, request)
    if (entry === undefined || typeof opening === 'string') {
      carrier.post({ t: 'end', error: { code: 'invalid_request', message: opening as string } })
      carrier.close()
      return
    }
    const { streams } = entry
    const { id, name, up, open, handler } = opening
    const stream = new MainStream(up, carrier, () => {
      if (streams.get(id) === stream) streams.delete(id)
    })
    streams.set(id, stream)
    Promise.resolve()
      .then(() => handler(open, stream, { senderId, signal: stream.signal }))
      .then(
        () => {
          stream.accept()
        },
        (error: unknown) => {
          const appError = AppError.from(error)
          this.onError(name, appError)
          stream.refuse(appError)
        },
      )
  }

  /** What opening a stream needs, or why it is refused. */
  private checkOpen(
    entry: SenderEntry,
    streamId: unknown,
    channel: unknown,
    request: unknown,
  ):
    | string
    | {
        id: number
        name: string
        up: z.ZodType
        open: unknown
        handler: (req: unknown, port: MainStream, ctx: SenderContext) => unknown
      } {
    if (typeof channel !== 'string' || !this.has(this.contract.streams, channel)) {
      return `unknown stream channel ${String(channel).slice(0, 64)}`
    }
    if (!isId(streamId) || entry.streams.has(streamId)) return `${channel}: stream id in use or not an id`
    if (entry.streams.size >= SENDER_LIMITS.streams) return `${channel}: too many streams open`
    const spec = this.contract.streams[channel] as { open: z.ZodType; up: z.ZodType }
    const parsed = spec.open.safeParse(request)
    if (!parsed.success) return `${channel}: ${issues(parsed.error)}`
    const handler = this.streamHandlers[channel as Names<C['streams']>] as
      ((req: unknown, port: MainStream, ctx: SenderContext) => unknown) | undefined
    if (handler === undefined) return `${channel}: no handler`
    return { id: streamId, name: channel, up: spec.up, open: parsed.data, handler }
  }

  /** A frame the transport received for one of this sender's streams; a malformed one ends that stream. */
  streamFrame(senderId: string, streamId: unknown, frame: unknown): void {
    if (!isId(streamId)) return
    const stream = this.senders.get(senderId)?.streams.get(streamId)
    if (stream === undefined) return
    const parsed = parseStreamFrame(frame)
    if (parsed === undefined || parsed.t === 'opened') {
      stream.close(new AppError({ code: 'invalid_request', message: 'malformed stream frame' }))
      return
    }
    stream.receive(parsed)
  }

  /** The carrier of a stream is gone (the renderer closed its port): end the stream without a word back. */
  streamGone(senderId: string, streamId: unknown): void {
    if (isId(streamId)) this.senders.get(senderId)?.streams.get(streamId)?.dispose()
  }

  subscribe(senderId: string, event: unknown): boolean {
    const entry = this.senders.get(senderId)
    if (entry === undefined || typeof event !== 'string' || !this.has(this.contract.events, event))
      return false
    entry.events.add(event)
    return true
  }

  unsubscribe(senderId: string, event: unknown): void {
    if (typeof event === 'string') this.senders.get(senderId)?.events.delete(event)
  }

  /** Sends an event to every sender subscribed to it. */
  publish<E extends Names<C['events']>>(event: E, payload: z.output<C['events'][E]>): void {
    for (const { sender, events } of [...this.senders.values()])
      if (events.has(event)) sender.send(event, payload)
  }

  subscriberCount(event: Names<C['events']>): number {
    let count = 0
    for (const { events } of this.senders.values()) if (events.has(event)) count++
    return count
  }

  dispose(): void {
    for (const id of [...this.senders.keys()]) this.detach(id)
  }

  private detach(senderId: string): void {
    const entry = this.senders.get(senderId)
    if (entry === undefined) return
    this.senders.delete(senderId)
    entry.events.clear()
    for (const { controller } of entry.calls.values()) controller.abort()
    entry.calls.clear()
    for (const stream of [...entry.streams.values()]) stream.dispose()
    entry.streams.clear()
  }

  private has(map: object, name: string): boolean {
    return Object.prototype.hasOwnProperty.call(map, name)
  }
}

/** The router as a transport uses it, whatever its contract (the tests serve their own). */
export type TransportRouter = Pick<
  IpcRouter<Contract>,
  'attach' | 'invoke' | 'cancel' | 'subscribe' | 'unsubscribe' | 'openStream' | 'streamFrame' | 'streamGone'
>

const cancelled = (channel: string): { code: 'cancelled'; message: string } => ({
  code: 'cancelled',
  message: `${channel}: cancelled`,
})

const issues = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ')

const ABORTED: unique symbol = Symbol('aborted')

/** Settles with the work's value, or as soon as `signal` aborts (the work goes on unobserved, told by the signal). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  // The signal is the call's own, dropped with it: its listener cannot pile up.
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    signal.addEventListener('abort', () => resolve(ABORTED), { once: true })
  })
  return Promise.race([work, aborted])
}
