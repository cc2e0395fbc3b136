import type { AppErrorShape } from '../../shared/ipc/errors'
import type { IDisposable } from '../../shared/lifecycle'
import { Disposable, Emitter, toDisposable } from '../../shared/lifecycle'
import type { BatchOptions } from './output-batcher'
import { OutputBatcher } from './output-batcher'
import type { UpstreamSocket } from './upstream-socket'

/** A subscription to what an emitter fires, as `Emitter.event` gives it. */
export type Event<T> = (listener: (value: T) => void) => IDisposable

/** How a console's upstream ended, told once; `dispose()` does not tell it (the owner knows why it disposed). */
export interface UpstreamClose {
  /** `remote`: PVE closed it (the shell exited, the guest stopped); `lost`: the connection broke; `failed`: an error. */
  reason: 'remote' | 'lost' | 'failed'
  error?: AppErrorShape
}

/** One console's bytes in main, between a PVE websocket and the renderer's stream. */
export interface ConsoleUpstream extends IDisposable {
  /** Batched: one message per ~16 ms or 200 KiB (≤ 512 KiB each); the first subscription receives from the start. */
  readonly onData: Event<Uint8Array>
  /** Once; a listener subscribing after it fired still hears it. */
  readonly onClose: Event<UpstreamClose>
  /**
   * Terminal: typed bytes (framed `0:LEN:DATA` here); VNC: RFB from the renderer. Never delayed, always taken;
   * false once more than 1 MiB waits to be written to PVE (a stalled node or link): stop reading the renderer
   * until `onWriteDrain`.
   */
  write(data: Uint8Array): boolean
  /** Fires once what waits to be written to PVE falls back below 256 KiB after a `write` returned false. */
  readonly onWriteDrain: Event<void>
  /** Back-pressure: stop/start reading the websocket (nothing is emitted while paused, but the last output). */
  pause(): void
  resume(): void
}

/**
 * What both kinds of console share downstream: output batched towards the renderer, held (and the socket not
 * read) until the first `onData` listener and while paused; one `onClose`, after the last output.
 */
export class BridgedUpstream extends Disposable implements ConsoleUpstream {
  private readonly dataEmitter = this._register(new Emitter<Uint8Array>())
  private readonly closeEmitter = this._register(new Emitter<UpstreamClose>())
  private readonly writeDrainEmitter = this._register(new Emitter<void>())
  private readonly batcher: OutputBatcher
  private subscribed = false
  private paused = false
  private closed: UpstreamClose | undefined

  constructor(
    protected readonly socket: UpstreamSocket,
    batch: BatchOptions,
    /** Bytes the renderer receives first (what came with `OK`, or the synthetic RFB handshake). */
    first?: Uint8Array,
  ) {
    super()
    this.batcher = this._register(
      new OutputBatcher((data) => this.dataEmitter.fire(data), { ...batch, held: true }),
    )
    if (first !== undefined) this.batcher.push(first)
    this._register(socket)
    this._register(
      socket.onDrain(() => {
        this.writeDrainEmitter.fire()
      }),
    )
    this.applyHold()
    this._register(
      socket.onEnd((end) => {
        this.socketEnded(
          end.error !== undefined
            ? { reason: 'failed', error: end.error.toShape() }
            : { reason: end.clean ? 'remote' : 'lost' },
        )
      }),
    )
  }

  protected startReading(receive: (data: Buffer) => void): void {
    this.socket.setReceiver(receive)
  }

  /** Queues bytes for the renderer. */
  protected output(data: Uint8Array): void {
    this.batcher.push(data)
  }

  readonly onData: Event<Uint8Array> = (listener) => {
    const subscription = this.dataEmitter.event(listener)
    if (!this.subscribed) {
      this.subscribed = true
      // After the subscriber returned: it may still be wiring up its onClose.
      queueMicrotask(() => {
        // Ended before anyone listened: the last output goes now, pause or not, before the replayed end.
        if (this.closed !== undefined) {
          if (!this.isDisposed) this.batcher.drain()
        } else this.applyHold()
      })
    }
    return subscription
  }

  readonly onClose: Event<UpstreamClose> = (listener) => {
    const subscription = this.closeEmitter.event(listener)
    const closed = this.closed
    if (closed === undefined) return subscription
    let active = true
    queueMicrotask(() => {
      if (active && !this.isDisposed) listener(closed)
    })
    return toDisposable(() => {
      active = false
      subscription.dispose()
    })
  }

  readonly onWriteDrain: Event<void> = (listener) => this.writeDrainEmitter.event(listener)

  /** Bytes written towards PVE and not yet flushed (what a stalled node costs main). */
  get bufferedBytes(): number {
    return this.socket.bufferedBytes
  }

  write(data: Uint8Array): boolean {
    return this.socket.send(data)
  }

  pause(): void {
    this.paused = true
    this.applyHold()
  }

  resume(): void {
    this.paused = false
    this.applyHold()
  }

  private applyHold(): void {
    if (this.isDisposed) return
    const held = !this.subscribed || this.paused
    this.batcher.hold(held)
    if (held) this.socket.pause()
    else this.socket.resume()
  }

  /** Ends the console with `close` (once), after the output that came before it. */
  protected end(close: UpstreamClose): void {
    if (this.closed !== undefined || this.isDisposed) return
    this.closed = close
    // Paused or not, what came before the end goes first: the owner keeps it (a terminal's scrollback).
    if (this.subscribed) this.batcher.drain()
    this.onEnded()
    this.closeEmitter.fire(close)
  }

  /** The websocket is gone: ends the console with `close` (a kind of console may first find out why). */
  protected socketEnded(close: UpstreamClose): void {
    this.end(close)
  }

  /** Stops what runs beside the socket (a ping timer). */
  protected onEnded(): void {
    // Nothing by default.
  }

  override dispose(): void {
    this.onEnded()
    super.dispose()
  }
}
