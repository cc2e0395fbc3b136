import type { z } from 'zod'

import type { AppError, AppErrorShape } from '../../shared/ipc/errors'
import type { StreamFrame } from '../../shared/ipc/stream'
import { decodeMessage, StreamEnd } from '../../shared/ipc/stream'
import type { IDisposable } from '../../shared/lifecycle'
import { Disposable, Emitter } from '../../shared/lifecycle'

/** What a stream handler in main holds: the renderer's side of one console, transfer or log follow. */
export interface StreamPort<Up, Down> {
  /** Aborted when the stream is over, whoever ended it (the renderer closed it or went away, main closed it). */
  readonly signal: AbortSignal
  /**
   * Sends a message (a `Uint8Array` as bytes, anything else as JSON). Returns false when the renderer has not
   * consumed enough yet: stop reading the source until {@link onDrain}. A handler that goes on regardless gets
   * its stream ended once a window more is queued, so main never buffers without bound.
   */
  send(message: Down): boolean
  /** Bytes sent and waiting here for the renderer's credit (at most a window: then the stream ends). */
  readonly queuedBytes: number
  /** Credit came back after `send` returned false. */
  readonly onDrain: (listener: () => void) => IDisposable
  /** A message from the renderer, parsed against the channel's `up` schema. */
  readonly onMessage: (listener: (message: Up) => void) => IDisposable
  /** Stops taking the renderer's messages (they wait, at most a window, and the renderer is held back). */
  pause(): void
  resume(): void
  /** Ends the stream, with the error the renderer sees when it failed. */
  close(error?: AppError): void
}

/** How a transport carries one stream's frames to the renderer. */
export interface StreamCarrier {
  post(frame: StreamFrame): void
  /** Releases the carrier (closes the MessagePort); called once, after the last frame. */
  close(): void
}

/**
 * Main's end of one stream: parses what the renderer sends against the channel's schema, holds what the
 * handler sends until the handler has accepted the stream, and ends with its owner (the renderer's attachment).
 */
export class MainStream extends Disposable implements StreamPort<unknown, unknown> {
  private readonly controller = new AbortController()
  private readonly drain = this._register(new Emitter<void>())
  private readonly messages = this._register(new Emitter<unknown>())
  private readonly end: StreamEnd
  /** Frames the handler sent before it accepted the stream. */
  private held: StreamFrame[] | undefined = []

  readonly signal = this.controller.signal
  readonly onDrain = this.drain.event
  readonly onMessage = this.messages.event

  constructor(
    private readonly up: z.ZodType,
    private readonly carrier: StreamCarrier,
    private readonly onEnd: (error: AppErrorShape | undefined) => void,
  ) {
    super()
    this.end = new StreamEnd({
      post: (frame) => {
        if (this.held === undefined) this.carrier.post(frame)
        else if (frame.t !== 'end') this.held.push(frame)
        else {
          // Ended before it was accepted: the renderer's open fails with the reason, and what was held goes.
          this.held = undefined
          this.carrier.post(frame)
        }
      },
      deliver: (frame) => {
        const parsed = this.up.safeParse(decodeMessage(frame))
        if (!parsed.success)
          throw new Error(`stream message: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
        this.messages.fire(parsed.data)
      },
      onDrain: () => this.drain.fire(),
      onEnd: (error) => {
        this.controller.abort()
        this.carrier.close()
        this.onEnd(error)
        this.dispose()
      },
    })
  }

  /** The handler accepted the stream: the renderer learns it, then gets what was sent meanwhile. */
  accept(): void {
    const held = this.held
    if (held === undefined || this.end.isEnded) return
    this.held = undefined
    this.carrier.post({ t: 'opened' })
    for (const frame of held) this.carrier.post(frame)
  }

  /** The handler refused the stream: the renderer's open fails with `error`. */
  refuse(error: AppError): void {
    this.end.end(error.toShape())
  }

  /** A frame the transport received for this stream. */
  receive(frame: StreamFrame): void {
    if (this.held !== undefined && frame.t !== 'end') return
    this.end.receive(frame)
  }

  send(message: unknown): boolean {
    return this.end.send(message)
  }

  pause(): void {
    this.end.pause()
  }

  resume(): void {
    this.end.resume()
  }

  close(error?: AppError): void {
    this.end.end(error?.toShape())
  }

  get queuedBytes(): number {
    return this.end.queuedBytes
  }

  /** The renderer went away: end without a word to it (its carrier is gone with it). */
  override dispose(): void {
    if (!this.end.isEnded) this.end.abandon({ code: 'cancelled', message: 'the renderer went away' })
    super.dispose()
  }
}
