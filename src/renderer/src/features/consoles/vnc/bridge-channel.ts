import type { ConsoleStream } from '../console-attacher'

/**
 * A WebSocket-like object over a console's stream, for noVNC's `new RFB(el, channel)` (TOOLCHAIN §6): noVNC's
 * Websock looks for these names on the object or its direct prototype. Main already answered VNC
 * authentication upstream, so what comes down starts with a server handshake offering security type None:
 * no password is ever asked for, or known, here.
 *
 * noVNC writes without looking at back-pressure; its messages are small (keys, pointer, update requests), so
 * the stream's own queue holds them, and what noVNC receives is paced by main's credit.
 */
export class BridgeChannel {
  binaryType: BinaryType = 'arraybuffer'
  protocol = ''
  readyState: 'connecting' | 'open' | 'closing' | 'closed' = 'connecting'
  onopen: ((e: Event) => void) | null = null
  onmessage: ((e: { data: ArrayBuffer }) => void) | null = null
  onclose: ((e: { code: number; reason: string; wasClean: boolean }) => void) | null = null
  onerror: ((e: Event) => void) | null = null
  private readonly offs: (() => void)[] = []

  constructor(private readonly stream: ConsoleStream) {}

  /** Starts delivering: noVNC has set its handlers by now (it does so in its constructor). */
  open(): void {
    this.readyState = 'open'
    this.offs.push(
      this.stream.onMessage((bytes) => {
        // A copy that is exactly the message: noVNC reads the whole ArrayBuffer.
        this.onmessage?.({ data: bytes.slice().buffer })
      }),
      this.stream.onClose((error) =>
        this.remoteClosed(error === undefined ? 1000 : 1011, error?.message ?? ''),
      ),
    )
    this.onopen?.(new Event('open'))
  }

  remoteClosed(code = 1000, reason = ''): void {
    if (this.readyState === 'closed') return
    this.readyState = 'closed'
    for (const off of this.offs.splice(0)) off()
    this.onclose?.({ code, reason, wasClean: code === 1000 })
  }

  send(data: ArrayBuffer | ArrayBufferView): void {
    if (this.readyState !== 'open') return
    const bytes =
      data instanceof Uint8Array
        ? data.slice()
        : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
          : new Uint8Array(data)
    this.stream.send(bytes)
  }

  /** noVNC closing (disconnect): the stream ends, and main lets the VNC upstream go. */
  close(): void {
    if (this.readyState === 'closed') return
    this.stream.close()
    this.remoteClosed()
  }
}
