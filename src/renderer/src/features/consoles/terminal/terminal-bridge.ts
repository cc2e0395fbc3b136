import type { ConsoleControl } from '../../../../../shared/model/console'
import type { ConsoleStream } from '../console-attacher'

/** What the bridge needs of an xterm.js Terminal (so that it is tested with a fake one). */
export interface TerminalLike {
  readonly cols: number
  readonly rows: number
  onData(listener: (data: string) => void): { dispose(): void }
  /** Binary input (some mouse reports): one byte per character code. */
  onBinary(listener: (data: string) => void): { dispose(): void }
  onResize(listener: (size: { cols: number; rows: number }) => void): { dispose(): void }
  write(data: Uint8Array, callback?: () => void): void
}

export interface BridgeOptions {
  /** Output bytes handed to xterm and not yet parsed beyond which the stream pauses (xterm's flow-control guide). */
  highWater?: number
  /** ... and below which it resumes. */
  lowWater?: number
  /** Characters per input message: a long paste goes as several messages, each far below the stream's limit. */
  chunkChars?: number
}

const encoder = new TextEncoder()

/** Splits `text` into pieces of at most `size` UTF-16 units, never between the two halves of a surrogate pair. */
export function splitText(text: string, size: number): string[] {
  const pieces: string[] = []
  let at = 0
  while (at < text.length) {
    let end = Math.min(text.length, at + size)
    const last = text.charCodeAt(end - 1)
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--
    pieces.push(text.slice(at, end))
    at = end
  }
  return pieces
}

/**
 * Wires a terminal to a console's stream. Input: what xterm reports typed or pasted (bracketed by xterm when
 * the application asked for it) goes as UTF-8 bytes, in order with the resize controls; when `send` says
 * stop, the rest waits here for `onDrain`. Output: the bytes go to `term.write` and the stream is paused while
 * xterm has more than `highWater` bytes left to parse, resumed below `lowWater`, so a `seq 1000000` never
 * buffers without bound. Returns the function that unwires it (the stream itself is the attacher's).
 */
export function bridgeTerminal(
  term: TerminalLike,
  stream: ConsoleStream,
  options: BridgeOptions = {},
): () => void {
  const { highWater = 512 * 1024, lowWater = 128 * 1024, chunkChars = 16 * 1024 } = options
  const queue: (Uint8Array | ConsoleControl)[] = []
  let blocked = false
  let stopped = false

  const pump = (): void => {
    while (!stopped && !blocked && queue.length > 0) {
      const next = queue.shift() as Uint8Array | ConsoleControl
      // false: accepted, but stop until the stream drains.
      if (!stream.send(next)) blocked = true
    }
  }
  const push = (message: Uint8Array | ConsoleControl): void => {
    queue.push(message)
    pump()
  }
  const typed = (data: string): void => {
    for (const piece of splitText(data, chunkChars)) push(encoder.encode(piece))
  }
  const binary = (data: string): void => {
    const bytes = new Uint8Array(data.length)
    for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff
    push(bytes)
  }
  const resize = ({ cols, rows }: { cols: number; rows: number }): void => {
    if (cols >= 2 && rows >= 1)
      push({ type: 'resize', cols: Math.min(cols, 1000), rows: Math.min(rows, 500) })
  }

  let pending = 0
  let paused = false
  const output = (bytes: Uint8Array): void => {
    pending += bytes.byteLength
    term.write(bytes, () => {
      pending -= bytes.byteLength
      if (paused && pending < lowWater) {
        paused = false
        if (!stopped) stream.resume()
      }
    })
    if (!paused && pending > highWater) {
      paused = true
      stream.pause()
    }
  }

  const subscriptions = [
    term.onData(typed),
    term.onBinary(binary),
    term.onResize(resize),
    {
      dispose: stream.onDrain(() => {
        blocked = false
        pump()
      }),
    },
    { dispose: stream.onMessage(output) },
  ]
  // The PVE side starts at 80×24: tell it the size the view has now.
  resize({ cols: term.cols, rows: term.rows })
  return () => {
    stopped = true
    queue.length = 0
    for (const s of subscriptions) s.dispose()
  }
}
