// Test helpers for the consoles: a websocket to a node's vncwebsocket as a client of PVE opens it (TLS, the
// `binary` subprotocol, the session in the Cookie or Authorization header), collecting what the server sends,
// and an RFB client just good enough to log in and read framebuffer updates.

import { WebSocket } from 'ws'

import { vncResponse } from './consoles/vnc-auth'
import type { SimEndpoint } from './types'

export interface ConsoleClient {
  ws: WebSocket
  /** The subprotocol the server echoed. */
  protocol: string
  /** Everything received so far. */
  received(): Buffer
  /** Resolves once the received bytes satisfy the predicate. */
  until(test: (all: Buffer) => boolean, timeoutMs?: number): Promise<Buffer>
  send(data: string | Buffer): void
  closed: Promise<number>
}

/** Opens the websocket, or rejects with the HTTP status of a refused upgrade. */
export function openConsole(
  endpoint: SimEndpoint,
  path: string,
  headers: Record<string, string>,
): Promise<ConsoleClient> {
  const url = `${endpoint.url.replace(/^https/, 'wss')}/api2/json${path}`
  const ws = new WebSocket(url, 'binary', { headers, rejectUnauthorized: false })
  let all = Buffer.alloc(0)
  const waiters = new Set<() => void>()
  ws.on('message', (data: Buffer) => {
    all = Buffer.concat([all, data])
    for (const wake of waiters) wake()
  })
  const closed = new Promise<number>((resolve) => {
    ws.on('close', (code) => {
      for (const wake of waiters) wake()
      resolve(code)
    })
  })
  const client: ConsoleClient = {
    ws,
    protocol: '',
    received: () => all,
    send: (data) => {
      ws.send(data)
    },
    closed,
    until: (test, timeoutMs = 3000) =>
      new Promise<Buffer>((resolve, reject) => {
        const check = (): void => {
          if (test(all)) {
            cleanup()
            resolve(all)
          } else if (ws.readyState === WebSocket.CLOSED) {
            cleanup()
            reject(
              new Error(
                `closed before expected output; got ${JSON.stringify(all.toString('utf8').slice(-300))}`,
              ),
            )
          }
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`timed out; got ${JSON.stringify(all.toString('utf8').slice(-300))}`))
        }, timeoutMs)
        const cleanup = (): void => {
          clearTimeout(timer)
          waiters.delete(check)
        }
        waiters.add(check)
        check()
      }),
  }
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      client.protocol = ws.protocol
      resolve(client)
    })
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode ?? 0} ${res.statusMessage ?? ''}`))
      ws.terminate()
    })
    ws.once('error', reject)
  })
}

/** termproxy's input message for some text: `0:<utf8 byte length>:<text>`. */
export const input = (text: string): string => `0:${Buffer.byteLength(text, 'utf8')}:${text}`

export const wsPath = (base: string, port: string, ticket: string): string =>
  `${base}/vncwebsocket?port=${port}&vncticket=${encodeURIComponent(ticket)}`

/** Logs an RFB client in with VNC Authentication; resolves to the ServerInit (width, height, name). */
export async function rfbLogin(
  client: ConsoleClient,
  password: string,
): Promise<{ width: number; height: number; name: string; offset: number }> {
  await client.until((b) => b.length >= 12)
  client.send(Buffer.from('RFB 003.008\n', 'latin1'))
  await client.until((b) => b.length >= 14)
  client.send(Buffer.from([2]))
  const challenge = (await client.until((b) => b.length >= 30)).subarray(14, 30)
  client.send(vncResponse(password, challenge))
  const result = await client.until((b) => b.length >= 34)
  if (result.readUInt32BE(30) !== 0) throw new Error('VNC authentication failed')
  client.send(Buffer.from([1]))
  const init = await client.until((b) => b.length >= 58 && b.length >= 58 + b.readUInt32BE(54))
  const nameLength = init.readUInt32BE(54)
  return {
    width: init.readUInt16BE(34),
    height: init.readUInt16BE(36),
    name: init.subarray(58, 58 + nameLength).toString('utf8'),
    offset: 58 + nameLength,
  }
}

/** FramebufferUpdateRequest for the whole screen. */
export function updateRequest(incremental: boolean, width: number, height: number): Buffer {
  const b = Buffer.alloc(10)
  b.writeUInt8(3, 0)
  b.writeUInt8(incremental ? 1 : 0, 1)
  b.writeUInt16BE(width, 6)
  b.writeUInt16BE(height, 8)
  return b
}

/** Reads the pixel (RGB) at x,y of a full-screen Raw update that starts at offset (32 bpp, little endian). */
export function pixelAt(update: Buffer, offset: number, width: number, x: number, y: number): number {
  const start = offset + 16 + (y * width + x) * 4
  return update.readUInt32LE(start) & 0xffffff
}
