// termproxy's wire protocol (pve-xtermjs termproxy/src/main.rs): the first line is `<user>:<ticket>\n` and must
// name the user and carry the ticket of this session, else the connection just closes; the answer is the two
// bytes `OK`. Then the client sends `0:<utf8-byte-length>:<data>` (input), `1:<cols>:<rows>:` (resize) and `2`
// (ping); any other byte is skipped. Input reaches the program as the bytes sent, a multi-byte character may be
// split across two messages (termproxy writes them to the pty as they come). The server sends raw terminal bytes.

const MAX_AUTH_LINE = 4096
/** termproxy gives up on a length field longer than this. */
const MAX_NUMBER = 20

export interface TermproxyHandlers {
  /** The session's user (or token id) and ticket. */
  expected: { user: string; ticket: string }
  authenticated(): void
  input(data: Buffer): void
  resize(cols: number, rows: number): void
  /** A `2`, which termproxy skips like any other stray byte (the simulator counts them). */
  ping(): void
  /** The first line did not name this session's user and ticket. */
  reject(): void
}

export class TermproxyParser {
  private buffer = Buffer.alloc(0)
  private authed = false
  private done = false

  constructor(private readonly handlers: TermproxyHandlers) {}

  push(chunk: Buffer): void {
    if (this.done) return
    this.buffer = Buffer.concat([this.buffer, chunk])
    if (!this.authed && !this.authenticate()) return
    this.parse()
  }

  private authenticate(): boolean {
    const end = this.buffer.indexOf(0x0a)
    if (end < 0) {
      if (this.buffer.length > MAX_AUTH_LINE) this.reject()
      return false
    }
    const line = this.buffer.subarray(0, end).toString('utf8')
    this.buffer = this.buffer.subarray(end + 1)
    const colon = line.indexOf(':')
    const user = colon < 0 ? '' : line.slice(0, colon)
    const ticket = colon < 0 ? '' : line.slice(colon + 1)
    if (user !== this.handlers.expected.user || ticket !== this.handlers.expected.ticket) {
      this.reject()
      return false
    }
    this.authed = true
    this.handlers.authenticated()
    return true
  }

  /** Ignores everything from now on (the connection is being closed). */
  stop(): void {
    this.done = true
  }

  private reject(): void {
    this.done = true
    this.handlers.reject()
  }

  /** Reads `digits:` at offset; undefined while incomplete, null when it cannot be a number. */
  private number(offset: number): { value: number; next: number } | undefined | null {
    const colon = this.buffer.indexOf(0x3a, offset)
    if (colon < 0) return this.buffer.length - offset > MAX_NUMBER ? null : undefined
    const text = this.buffer.subarray(offset, colon).toString('latin1')
    if (!/^\d{1,20}$/.test(text)) return null
    return { value: Number(text), next: colon + 1 }
  }

  private parse(): void {
    while (this.buffer.length > 0 && !this.done) {
      const first = this.buffer[0]
      const second = this.buffer[1]
      if ((first === 0x30 || first === 0x31) && second === undefined) return
      if (first === 0x30 && second === 0x3a) {
        const length = this.number(2)
        if (length === undefined) return
        if (length === null) {
          this.buffer = this.buffer.subarray(1)
          continue
        }
        if (this.buffer.length < length.next + length.value) return
        const data = Buffer.from(this.buffer.subarray(length.next, length.next + length.value))
        this.buffer = this.buffer.subarray(length.next + length.value)
        this.handlers.input(data)
        continue
      }
      if (first === 0x31 && second === 0x3a) {
        const cols = this.number(2)
        const rows = cols === undefined || cols === null ? cols : this.number(cols.next)
        if (cols === undefined || rows === undefined) return
        if (cols === null || rows === null) {
          this.buffer = this.buffer.subarray(1)
          continue
        }
        this.buffer = this.buffer.subarray(rows.next)
        this.handlers.resize(cols.value, rows.value)
        continue
      }
      // `2` (ping) and anything else: skipped byte by byte.
      if (first === 0x32) this.handlers.ping()
      this.buffer = this.buffer.subarray(1)
    }
  }
}
