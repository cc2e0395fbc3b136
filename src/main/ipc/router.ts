import { AppError, fail, ok } from '../../shared/ipc/errors'
import type { Result } from '../../shared/ipc/errors'
import type {
  EventChannel,
  InvokeChannel,
  ParsedRequestOf,
  PayloadOf,
  ResponseOf,
} from '../../shared/ipc/contract'
import { invokeContract, isEventChannel, isInvokeChannel } from '../../shared/ipc/contract'
import type { IDisposable } from '../../shared/lifecycle'
import { toDisposable } from '../../shared/lifecycle'

/** One renderer as a transport sees it (an Electron WebContents, a browser-host WebSocket). */
export interface RouterSender {
  /** Unique per connected renderer. */
  readonly id: string
  /** Delivers an event this sender subscribed to. */
  send(event: EventChannel, payload: unknown): void
}

export interface SenderContext {
  senderId: string
}

/** One handler per invoke channel, typed from the contract: a channel without a handler does not compile. */
export type Handlers = {
  [C in InvokeChannel]: (
    request: ParsedRequestOf<C>,
    context: SenderContext,
  ) => Promise<ResponseOf<C>> | ResponseOf<C>
}

/**
 * The transport-independent core of IPC. Transports (Electron IPC, the browser host's WebSocket) check who the
 * sender is and hand messages here; the router rejects unknown channels, parses every request against the
 * contract, returns the result envelope and keeps each sender's event subscriptions, dropped when the sender
 * goes away.
 */
export class IpcRouter implements IDisposable {
  private readonly senders = new Map<string, { sender: RouterSender; events: Set<EventChannel> }>()

  constructor(
    private readonly handlers: Handlers,
    private readonly onError: (channel: string, error: AppError) => void = () => undefined,
  ) {}

  /** Registers a connected renderer; dispose the result when it goes away (closed, crashed, navigated). */
  attach(sender: RouterSender): IDisposable {
    this.senders.set(sender.id, { sender, events: new Set() })
    return toDisposable(() => this.senders.delete(sender.id))
  }

  get senderCount(): number {
    return this.senders.size
  }

  async invoke(senderId: string, channel: unknown, request: unknown): Promise<Result<unknown>> {
    if (!this.senders.has(senderId)) return fail({ code: 'invalid_request', message: 'unknown sender' })
    if (typeof channel !== 'string' || !isInvokeChannel(channel)) {
      return fail({ code: 'invalid_request', message: `unknown channel ${String(channel).slice(0, 64)}` })
    }
    const parsed = invokeContract[channel].request.safeParse(request)
    if (!parsed.success) {
      const where = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`)
        .join('; ')
      return fail({ code: 'invalid_request', message: `${channel}: ${where}` })
    }
    try {
      // The handler map is indexed by the same key that chose the schema; TypeScript cannot correlate the two.
      const handler = this.handlers[channel] as (req: unknown, ctx: SenderContext) => unknown
      return ok(await handler(parsed.data, { senderId }))
    } catch (error) {
      const appError = AppError.from(error)
      this.onError(channel, appError)
      return fail(appError.toShape())
    }
  }

  subscribe(senderId: string, event: unknown): boolean {
    const entry = this.senders.get(senderId)
    if (entry === undefined || typeof event !== 'string' || !isEventChannel(event)) return false
    entry.events.add(event)
    return true
  }

  unsubscribe(senderId: string, event: unknown): void {
    if (typeof event === 'string' && isEventChannel(event)) this.senders.get(senderId)?.events.delete(event)
  }

  /** Sends an event to every sender subscribed to it. */
  publish<E extends EventChannel>(event: E, payload: PayloadOf<E>): void {
    for (const { sender, events } of this.senders.values()) if (events.has(event)) sender.send(event, payload)
  }

  subscriberCount(event: EventChannel): number {
    let count = 0
    for (const { events } of this.senders.values()) if (events.has(event)) count++
    return count
  }

  dispose(): void {
    this.senders.clear()
  }
}
