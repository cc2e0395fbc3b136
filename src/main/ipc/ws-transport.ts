import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'

import type { StreamFrame } from '../../shared/ipc/stream'
import { MAX_STREAM_MESSAGE } from '../../shared/ipc/stream'
import type { IDisposable } from '../../shared/lifecycle'
import type { TransportRouter } from './router'

/**
 * Messages of the browser host's IPC WebSocket, renderer → main, as text frames. A stream's bytes travel as
 * binary frames instead: a 4-byte big-endian stream id, then the bytes.
 */
type Inbound =
  | { t: 'invoke'; id: number; channel: string; request: unknown }
  | { t: 'cancel'; id: number }
  | { t: 'subscribe' | 'unsubscribe'; event: string }
  | { t: 'open'; sid: number; channel: string; request: unknown }
  | { t: 'frame'; sid: number; frame: unknown }

/** A text frame carries at most a stream message in JSON, escaped, and its envelope. */
const MAX_PAYLOAD = 2 * MAX_STREAM_MESSAGE + 64 * 1024
/**
 * What the socket may hold unsent for a renderer that stops reading (events have no credit): beyond it the
 * renderer is too slow to serve and is disconnected, instead of main buffering without bound.
 */
export const MAX_BUFFERED = 32 * 1024 * 1024

/**
 * The loopback WebSocket transport used by the browser host. The host decides who may connect (token, Host and
 * origin, checked on upgrade); here each socket becomes one router sender, dropped with everything it opened
 * when the socket closes. A malformed frame (invalid UTF-8, oversize, unparsable) closes that socket only.
 */
export class WebSocketTransport implements IDisposable {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD })

  constructor(private readonly router: TransportRouter) {
    this.server.on('connection', (socket: WebSocket) => {
      this.accept(socket)
    })
  }

  /** Completes an upgrade the host has already authorized. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.server.emit('connection', ws, request))
  }

  private accept(socket: WebSocket): void {
    const id = `ws:${randomUUID()}`
    const send = (data: string | Buffer): void => {
      if (socket.readyState !== socket.OPEN) return
      if (socket.bufferedAmount > MAX_BUFFERED) {
        socket.terminate()
        return
      }
      socket.send(data)
    }
    const attachment = this.router.attach({
      id,
      send: (event, payload) => send(JSON.stringify({ t: 'event', event, payload })),
    })
    socket.on('close', () => {
      attachment.dispose()
    })
    // ws reports a frame it cannot read (invalid UTF-8, beyond maxPayload, a protocol error) here, then closes
    // the socket with the matching code. Without a listener the error would be thrown and end the whole host.
    socket.on('error', () => {
      socket.terminate()
    })
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        if (data.length < 4) {
          socket.close(1003, 'malformed message')
          return
        }
        const frame: StreamFrame = { t: 'bytes', data: new Uint8Array(data.subarray(4)) }
        this.router.streamFrame(id, data.readUInt32BE(0), frame)
        return
      }
      const message = parse(data.toString('utf8'))
      if (message === undefined) {
        socket.close(1003, 'malformed message')
        return
      }
      this.dispatch(id, message, send)
    })
  }

  private dispatch(senderId: string, message: Inbound, send: (data: string | Buffer) => void): void {
    switch (message.t) {
      case 'invoke':
        void this.router
          .invoke(senderId, message.channel, message.request, message.id)
          .then((result) => send(JSON.stringify({ t: 'result', id: message.id, result })))
        return
      case 'cancel':
        this.router.cancel(senderId, message.id)
        return
      case 'subscribe':
        this.router.subscribe(senderId, message.event)
        return
      case 'unsubscribe':
        this.router.unsubscribe(senderId, message.event)
        return
      case 'open': {
        const sid = message.sid
        this.router.openStream(senderId, sid, message.channel, message.request, {
          post: (frame) => send(encodeFrame(sid, frame)),
          close: () => undefined,
        })
        return
      }
      case 'frame':
        this.router.streamFrame(senderId, message.sid, message.frame)
    }
  }

  dispose(): void {
    for (const client of this.server.clients) client.terminate()
    this.server.close()
  }
}

/** Bytes as a binary frame behind the stream id; every other frame as JSON text. */
function encodeFrame(sid: number, frame: StreamFrame): string | Buffer {
  if (frame.t !== 'bytes') return JSON.stringify({ t: 'frame', sid, frame })
  const out = Buffer.allocUnsafe(4 + frame.data.byteLength)
  out.writeUInt32BE(sid, 0)
  out.set(frame.data, 4)
  return out
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

function parse(text: string): Inbound | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (value === null || typeof value !== 'object') return undefined
  const m = value as Record<string, unknown>
  switch (m.t) {
    case 'invoke':
      return isId(m.id) && typeof m.channel === 'string'
        ? { t: 'invoke', id: m.id, channel: m.channel, request: m.request }
        : undefined
    case 'cancel':
      return isId(m.id) ? { t: 'cancel', id: m.id } : undefined
    case 'subscribe':
    case 'unsubscribe':
      return typeof m.event === 'string' ? { t: m.t, event: m.event } : undefined
    case 'open':
      return isId(m.sid) && m.sid <= 0xffff_ffff && typeof m.channel === 'string'
        ? { t: 'open', sid: m.sid, channel: m.channel, request: m.request }
        : undefined
    case 'frame':
      return isId(m.sid) ? { t: 'frame', sid: m.sid, frame: m.frame } : undefined
    default:
      return undefined
  }
}
