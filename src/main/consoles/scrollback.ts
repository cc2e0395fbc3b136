import { concat } from './output-batcher'

/** What a terminal keeps of its output while no window shows it, and replays to the next window: 256 KiB. */
export const SCROLLBACK_BYTES = 256 * 1024
/** How far into a trimmed ring the replay looks for a line start before giving up and starting mid-line. */
const LINE_SEARCH_BYTES = 16 * 1024

/**
 * The last {@link SCROLLBACK_BYTES} of a terminal's output, as chunks (no copy on the hot path). A snapshot of a
 * ring that dropped its oldest bytes starts at a line start, and never inside a UTF-8 sequence, so the replay
 * does not begin with a torn character or the tail of an escape sequence.
 */
export class Scrollback {
  private chunks: Uint8Array[] = []
  private bytes = 0
  /** Whether bytes were ever dropped: then the first chunk's first bytes are a cut, not the start. */
  private trimmed = false

  constructor(private readonly capacity = SCROLLBACK_BYTES) {}

  get size(): number {
    return this.bytes
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    if (chunk.length >= this.capacity) {
      this.chunks = [chunk.subarray(chunk.length - this.capacity)]
      this.bytes = this.capacity
      this.trimmed = true
      return
    }
    this.chunks.push(chunk)
    this.bytes += chunk.length
    while (this.bytes > this.capacity) {
      const first = this.chunks[0] as Uint8Array
      const excess = this.bytes - this.capacity
      this.trimmed = true
      if (first.length <= excess) {
        this.chunks.shift()
        this.bytes -= first.length
      } else {
        this.chunks[0] = first.subarray(excess)
        this.bytes -= excess
      }
    }
  }

  /** The ring's bytes, oldest first, from a clean start (see the class). */
  snapshot(): Uint8Array {
    const all = concat(this.chunks, this.bytes)
    return this.trimmed ? all.subarray(cleanStart(all)) : all
  }
}

/** After the first line feed near the start; else after any UTF-8 continuation bytes. */
function cleanStart(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length, LINE_SEARCH_BYTES)
  for (let i = 0; i < limit; i++) if (bytes[i] === 0x0a) return i + 1
  let i = 0
  while (i < bytes.length && i < 4 && ((bytes[i] as number) & 0xc0) === 0x80) i++
  return i
}
