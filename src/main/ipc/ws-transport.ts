import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'

import type { IDisposable } from '../../shared/lifecycle'
import type { IpcRouter } from './router'

/** Messages of the browser host's IPC WebSocket, renderer → main. */
type Inbound =
  | { t: 'invoke'; id: number; channel: string; request: unknown }
  | { t: 'subscribe' | 'unsubscribe'; event: string }

/**
 * The loopback WebSocket transport used by the browser host. The host decides who may connect (token and
 * origin, checked on upgrade); here each socket becomes one router sender, dropped when the socket closes.
 */
export class WebSocketTransport implements IDisposable {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })

  constructor(private readonly router: IpcRouter) {
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
    const attachment = this.router.attach({
      id,
      send: (event, payload) => {
        socket.send(JSON.stringify({ t: 'event', event, payload }))
      },
    })
    socket.on('close', () => {
      attachment.dispose()
    })
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      const message = isBinary ? undefined : parse(data.toString('utf8'))
      if (message === undefined) {
        socket.close(1003, 'malformed message')
        return
      }
      void this.dispatch(id, socket, message)
    })
  }

  private async dispatch(senderId: string, socket: WebSocket, message: Inbound): Promise<void> {
    if (message.t === 'invoke') {
      const result = await this.router.invoke(senderId, message.channel, message.request)
      if (socket.readyState === socket.OPEN)
        socket.send(JSON.stringify({ t: 'result', id: message.id, result }))
    } else if (message.t === 'subscribe') this.router.subscribe(senderId, message.event)
    else this.router.unsubscribe(senderId, message.event)
  }

  dispose(): void {
    for (const client of this.server.clients) client.terminate()
    this.server.close()
  }
}

function parse(text: string): Inbound | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (value === null || typeof value !== 'object') return undefined
  const m = value as Record<string, unknown>
  if (m.t === 'invoke' && typeof m.id === 'number' && typeof m.channel === 'string') {
    return { t: 'invoke', id: m.id, channel: m.channel, request: m.request }
  }
  if ((m.t === 'subscribe' || m.t === 'unsubscribe') && typeof m.event === 'string') {
    return { t: m.t, event: m.event }
  }
  return undefined
}
