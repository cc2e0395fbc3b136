import type { IDisposable } from '../../shared/lifecycle'

/** A timer the batcher can be given in tests (a fake one fires when the test says so). */
export interface BatchTimer {
  set(run: () => void, ms: number): unknown
  clear(handle: unknown): void
}

export const realTimer: BatchTimer = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>)
  },
}

export interface BatchOptions {
  /** The batching window (STYLE.md: Hyper's 16 ms, a frame's worth). */
  delayMs?: number
  /** Pending bytes that flush at once without waiting for the window's end (Hyper's 200 KB). */
  flushBytes?: number
  /** The largest message emitted (the stream primitive's 512 KiB): a bigger batch goes as several. */
  maxMessageBytes?: number
  /**
   * Output of a window up to this many bytes goes out at once (interactive: echoes, prompts); past it, the
   * rest of the window waits for its end. 0 batches everything after a window's first chunk.
   */
  immediateBytes?: number
  timer?: BatchTimer
}

export const BATCH_DELAY_MS = 16
export const BATCH_FLUSH_BYTES = 200 * 1024
export const MAX_MESSAGE_BYTES = 512 * 1024
export const IMMEDIATE_BYTES = 4 * 1024

/**
 * Coalesces a console's output into few large messages, so that a `seq 1000000` costs the renderer one message
 * (one repaint) per frame instead of one per websocket chunk. Interactive output is never held back (keystroke
 * latency): the first chunk after a quiet window, and whatever follows within the window while it stays under
 * `immediateBytes`, goes out at once; past that (bulk output) the window's chunks wait for its end, or go as soon
 * as `flushBytes` are pending.
 *
 * While held (nobody listens yet, or the consumer asked for a pause) nothing is emitted: what arrives waits,
 * and the owner stops reading its source so that this stays bounded.
 */
export class OutputBatcher implements IDisposable {
  private pending: Uint8Array[] = []
  private pendingBytes = 0
  private window: unknown = undefined
  private inWindow = false
  /** Bytes emitted in the current window. */
  private windowBytes = 0
  private held: boolean
  private disposed = false
  private readonly delayMs: number
  private readonly flushBytes: number
  private readonly maxMessageBytes: number
  private readonly immediateBytes: number
  private readonly timer: BatchTimer

  constructor(
    private readonly emit: (data: Uint8Array) => void,
    options: BatchOptions & { held?: boolean } = {},
  ) {
    this.delayMs = options.delayMs ?? BATCH_DELAY_MS
    this.flushBytes = options.flushBytes ?? BATCH_FLUSH_BYTES
    this.maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES
    this.immediateBytes = options.immediateBytes ?? IMMEDIATE_BYTES
    this.timer = options.timer ?? realTimer
    this.held = options.held ?? false
  }

  /** Bytes waiting to be emitted. */
  get queuedBytes(): number {
    return this.pendingBytes
  }

  push(chunk: Uint8Array): void {
    if (this.disposed || chunk.length === 0) return
    this.pending.push(chunk)
    this.pendingBytes += chunk.length
    if (this.held) return
    if (!this.inWindow || this.pendingBytes >= this.flushBytes) {
      this.openWindow()
      this.flush()
    } else if (this.windowBytes + this.pendingBytes <= this.immediateBytes) this.flush()
  }

  /** Stops emitting (what arrives waits) or starts again, emitting what waited at once. */
  hold(held: boolean): void {
    if (this.disposed || this.held === held) return
    this.held = held
    if (!held && this.pendingBytes > 0) {
      this.openWindow()
      this.flush()
    }
  }

  /** Emits everything pending now (the source ended: its last bytes must not wait for a window). */
  flush(): void {
    if (this.disposed || this.held || this.pendingBytes === 0) return
    const messages = pack(this.pending, this.maxMessageBytes)
    this.windowBytes += this.pendingBytes
    this.pending = []
    this.pendingBytes = 0
    for (const message of messages) {
      this.emit(message)
      // A listener may have disposed the batcher.
      if (this.isDisposed()) return
    }
  }

  /**
   * Emits everything pending now even while held: the source ended, and its last bytes must reach the consumer
   * (a terminal's scrollback) before the end does.
   */
  drain(): void {
    if (this.disposed || this.pendingBytes === 0) return
    const held = this.held
    this.held = false
    this.flush()
    // A listener may have disposed the batcher; a held one stays held.
    if (!this.isDisposed()) this.held = held
  }

  private isDisposed(): boolean {
    return this.disposed
  }

  private openWindow(): void {
    if (this.window !== undefined) this.timer.clear(this.window)
    this.inWindow = true
    this.windowBytes = 0
    this.window = this.timer.set(() => {
      this.window = undefined
      if (this.pendingBytes > 0 && !this.held) {
        // The next window counts what this one left: still bulk if that was over `immediateBytes`, but a few
        // echoes at a window's end do not keep typing batched.
        this.openWindow()
        this.flush()
      } else this.inWindow = false
    }, this.delayMs)
  }

  /** Drops what is pending and stops the timer: nothing is emitted after this. */
  dispose(): void {
    this.disposed = true
    if (this.window !== undefined) this.timer.clear(this.window)
    this.window = undefined
    this.pending = []
    this.pendingBytes = 0
  }
}

/**
 * A chunk this big goes as a message of its own, as it came (a websocket message of pveproxy's 128 KiB): copying
 * it into a batch would cost a copy of every byte of bulk output for no fewer repaints worth having.
 */
export const OWN_MESSAGE_BYTES = 64 * 1024

/**
 * The messages for `chunks`, in order: a big chunk that owns its memory as it is, runs of the others copied
 * into one message each (at most `max` bytes; a bigger chunk is cut into views).
 */
export function pack(chunks: readonly Uint8Array[], max: number): Uint8Array[] {
  const out: Uint8Array[] = []
  let run: Uint8Array[] = []
  let runBytes = 0
  const endRun = (): void => {
    if (runBytes === 0) return
    const all =
      run.length === 1 && ownsMemory(run[0] as Uint8Array) ? (run[0] as Uint8Array) : concat(run, runBytes)
    cut(all, max, out)
    run = []
    runBytes = 0
  }
  for (const chunk of chunks) {
    if (chunk.length >= OWN_MESSAGE_BYTES && ownsMemory(chunk)) {
      endRun()
      cut(chunk, max, out)
      continue
    }
    if (runBytes > 0 && runBytes + chunk.length > max) endRun()
    run.push(chunk)
    runBytes += chunk.length
  }
  endRun()
  return out
}

/** `bytes` itself when it fits in a message, else views of at most `max` bytes. */
function cut(bytes: Uint8Array, max: number, out: Uint8Array[]): void {
  if (bytes.length <= max) out.push(bytes)
  else
    for (let offset = 0; offset < bytes.length; offset += max) out.push(bytes.subarray(offset, offset + max))
}

/**
 * Whether the view is its whole buffer: a MessagePort (structured clone) copies a view's whole ArrayBuffer, so
 * a small view into a bigger read buffer (or Node's shared Buffer pool) would cost more than its bytes.
 */
const ownsMemory = (chunk: Uint8Array): boolean =>
  chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength

/**
 * The chunks' bytes in one array of their own (the one chunk itself when there is one: no copy); not zeroed
 * first, and never a slice of Node's shared pool (see {@link ownsMemory}).
 */
export function concat(chunks: readonly Uint8Array[], length?: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array
  let total = length ?? 0
  if (length === undefined) for (const c of chunks) total += c.length
  const out = Buffer.allocUnsafeSlow(total)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.length
  }
  return out
}
