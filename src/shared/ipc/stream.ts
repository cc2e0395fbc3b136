import type { AppErrorShape } from './errors'

/**
 * The stream protocol both ends of a stream speak (main and the bridge), whatever carries the frames (an
 * Electron MessagePort, the browser host's WebSocket). Free of the validation library: the preload bundles it.
 *
 * Flow control is by credit, in bytes, in each direction: a side may have at most {@link STREAM_WINDOW} bytes
 * sent and not yet consumed by the other; the receiver grants credit back as its consumer takes messages (not
 * as they arrive), so a slow consumer stops the sender instead of filling a buffer. A side that sends beyond its
 * credit, or a message bigger than {@link MAX_STREAM_MESSAGE}, breaks the protocol and the stream ends.
 */
export type StreamFrame =
  /** Main accepted the stream (first frame main sends). */
  | { t: 'opened' }
  | { t: 'bytes'; data: Uint8Array }
  /** A JSON message, serialized once by the sender so that both sides count the same size. */
  | { t: 'json'; data: string }
  /** The receiver consumed `n` more bytes: the sender may send that much more. */
  | { t: 'credit'; n: number }
  /** The stream is over, with the reason when it failed. */
  | { t: 'end'; error?: AppErrorShape }

export type DataFrame = Extract<StreamFrame, { t: 'bytes' | 'json' }>

/** Bytes in flight per direction. */
export const STREAM_WINDOW = 1024 * 1024
/** The largest message, half the window: a stalled sender always finds the quarter-window credit it waits for. */
export const MAX_STREAM_MESSAGE = STREAM_WINDOW / 2
/** Credit is granted in batches of at least this much consumed (one credit frame per quarter window). */
const GRANT_AT = STREAM_WINDOW / 4
/** Each message costs at least this, so that a flood of empty messages is bounded too. */
const MIN_COST = 64

/** What a frame costs against the window: its bytes, a JSON message's as UTF-8 (what the carrier moves). */
export const frameCost = (frame: DataFrame): number =>
  Math.max(MIN_COST, frame.t === 'bytes' ? frame.data.byteLength : utf8Length(frame.data))

/**
 * The UTF-8 length of a string, as `TextEncoder` would encode it (a lone surrogate becomes U+FFFD, 3 bytes),
 * counted without encoding it: the preload bundles this file, so no `node:buffer`.
 */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

/** Bytes travel as they are; anything else as JSON. */
export function encodeMessage(message: unknown): DataFrame {
  if (message instanceof Uint8Array) return { t: 'bytes', data: message }
  const data = JSON.stringify(message)
  // JSON.stringify answers undefined for undefined and functions; null is what the other side can read.
  return { t: 'json', data: typeof data === 'string' ? data : 'null' }
}

export function decodeMessage(frame: DataFrame): unknown {
  return frame.t === 'bytes' ? frame.data : JSON.parse(frame.data)
}

/** Reads a frame from the other side, which may be untrusted (main reading the renderer's). */
export function parseStreamFrame(value: unknown): StreamFrame | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const f = value as Record<string, unknown>
  switch (f.t) {
    case 'opened':
      return { t: 'opened' }
    case 'bytes':
      return f.data instanceof Uint8Array ? { t: 'bytes', data: f.data } : undefined
    case 'json':
      return typeof f.data === 'string' ? { t: 'json', data: f.data } : undefined
    case 'credit':
      return typeof f.n === 'number' && Number.isSafeInteger(f.n) && f.n > 0
        ? { t: 'credit', n: f.n }
        : undefined
    case 'end': {
      const e: unknown = f.error
      if (e === null || typeof e !== 'object') return { t: 'end' }
      const { code, message, clusterId, detail } = e as Record<string, unknown>
      if (typeof code !== 'string' || typeof message !== 'string') return { t: 'end' }
      // The code is the other side's word: main never acts on the renderer's, the renderer trusts main's. The
      // detail goes with it (a console `moved` to another window says so there), only as flat strings.
      const flat = stringRecord(detail)
      return {
        t: 'end',
        error: {
          code,
          message,
          ...(typeof clusterId === 'string' ? { clusterId } : {}),
          ...(flat === undefined ? {} : { detail: flat }),
        } as AppErrorShape,
      }
    }
    default:
      return undefined
  }
}

/** `detail` of an error as the contract has it: a few string values, else nothing. */
function stringRecord(value: unknown): Record<string, string> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length > 16 || !entries.every(([, v]) => typeof v === 'string')) return undefined
  return Object.fromEntries(entries) as Record<string, string>
}

export interface StreamEndOptions {
  /** Hands a frame to the carrier. */
  post(frame: StreamFrame): void
  /** Hands one message of the other side to the consumer; a throw refuses it and ends the stream. */
  deliver(message: DataFrame): void
  /** The other side granted credit after `send` returned false: sending may go on. */
  onDrain(): void
  /** Called once when the stream is over, whichever side ended it; `error` says why when it failed. */
  onEnd(error: AppErrorShape | undefined): void
  /** Local messages waiting for credit, beyond which the stream ends (the sender ignored back-pressure). */
  maxQueued?: number
}

/**
 * One end of a stream: credit accounting both ways, a bounded queue of messages waiting for credit, and a
 * consumer that can pause (messages then wait here, at most a window of them, and no credit goes back).
 */
export class StreamEnd {
  /** Bytes this side may still send. */
  private credit = STREAM_WINDOW
  /** Bytes the other side may still send us. */
  private peerCredit = STREAM_WINDOW
  /** Bytes consumed here and not yet granted back. */
  private consumed = 0
  private readonly outbox: DataFrame[] = []
  private outboxBytes = 0
  private readonly inbox: DataFrame[] = []
  private paused = false
  private blocked = false
  private ended = false
  private readonly maxQueued: number

  constructor(private readonly options: StreamEndOptions) {
    this.maxQueued = options.maxQueued ?? STREAM_WINDOW
  }

  get isEnded(): boolean {
    return this.ended
  }

  /** Bytes waiting here for the other side's credit. */
  get queuedBytes(): number {
    return this.outboxBytes
  }

  /** Messages received and not yet consumed (paused consumer). */
  get pendingMessages(): number {
    return this.inbox.length
  }

  /**
   * Sends `message` now, or queues it until credit comes back. Returns false when the caller should stop until
   * `onDrain` (credit exhausted); a caller that goes on regardless ends the stream once `maxQueued` is passed.
   */
  send(message: unknown): boolean {
    if (this.ended) return false
    const frame = encodeMessage(message)
    const cost = frameCost(frame)
    if (cost > MAX_STREAM_MESSAGE) {
      this.fail({
        code: 'invalid_request',
        message: `a stream message is at most ${MAX_STREAM_MESSAGE} bytes`,
      })
      return false
    }
    if (this.outbox.length === 0 && cost <= this.credit) {
      this.credit -= cost
      this.options.post(frame)
      return true
    }
    if (this.outboxBytes + cost > this.maxQueued) {
      this.fail({ code: 'internal', message: 'the other side of the stream does not keep up' })
      return false
    }
    this.outbox.push(frame)
    this.outboxBytes += cost
    this.blocked = true
    return false
  }

  /** Takes one frame from the carrier. */
  receive(frame: StreamFrame): void {
    if (this.ended) return
    switch (frame.t) {
      case 'opened':
        return
      case 'credit':
        this.credit = Math.min(STREAM_WINDOW, this.credit + frame.n)
        this.flush()
        return
      case 'end':
        this.finish(frame.error)
        return
      default: {
        const cost = frameCost(frame)
        if (cost > this.peerCredit || cost > MAX_STREAM_MESSAGE) {
          this.fail({ code: 'invalid_request', message: 'stream message beyond the credit granted' })
          return
        }
        this.peerCredit -= cost
        this.inbox.push(frame)
        this.drainInbox()
      }
    }
  }

  /** Stops consuming: messages wait here and no credit goes back, so the other side stops sending. */
  pause(): void {
    this.paused = true
  }

  resume(): void {
    if (!this.paused) return
    this.paused = false
    this.drainInbox()
  }

  /** Ends the stream from this side (with the reason when it failed) and tells the other side. */
  end(error?: AppErrorShape): void {
    if (this.ended) return
    this.options.post(error === undefined ? { t: 'end' } : { t: 'end', error })
    this.finish(error)
  }

  /** Forgets the stream without telling the other side (its carrier is already gone). */
  abandon(error?: AppErrorShape): void {
    this.finish(error)
  }

  private fail(error: AppErrorShape): void {
    this.end(error)
  }

  private finish(error: AppErrorShape | undefined): void {
    if (this.ended) return
    this.ended = true
    this.outbox.length = 0
    this.outboxBytes = 0
    this.inbox.length = 0
    this.options.onEnd(error)
  }

  private flush(): void {
    while (!this.ended && this.outbox.length > 0) {
      const next = this.outbox[0] as DataFrame
      const cost = frameCost(next)
      if (cost > this.credit) return
      this.outbox.shift()
      this.outboxBytes -= cost
      this.credit -= cost
      this.options.post(next)
    }
    if (!this.ended && this.blocked) {
      this.blocked = false
      this.options.onDrain()
    }
  }

  private drainInbox(): void {
    while (!this.ended && !this.paused && this.inbox.length > 0) {
      const frame = this.inbox.shift() as DataFrame
      try {
        this.options.deliver(frame)
      } catch (error) {
        this.fail({
          code: 'invalid_request',
          message: error instanceof Error ? error.message : 'stream message refused',
        })
        return
      }
      this.consumed += frameCost(frame)
    }
    if (!this.ended && this.consumed >= GRANT_AT) {
      const n = this.consumed
      this.consumed = 0
      this.peerCredit += n
      this.options.post({ t: 'credit', n })
    }
  }
}
