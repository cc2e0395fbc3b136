import type { BridgeCarrier, BridgeTransport } from '../shared/ipc/api'
import type { AppErrorShape } from '../shared/ipc/errors'

/** The part of a WebSocket the bridge uses: the browser's, or `ws`'s in the tests (same event API). */
export interface BridgeSocket {
  readonly readyState: number
  binaryType: string
  send(data: string | Uint8Array): void
  close(): void
  addEventListener(type: 'open' | 'close', listener: () => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}

const OPEN = 1
const unreachable = (): AppErrorShape => ({
  code: 'unreachable',
  message: 'the PVE Desk host closed the connection',
})

/**
 * The bridge transport over the browser host's IPC WebSocket (see `ws-transport.ts` for the wire). Calls made
 * before the socket opens wait for it; a lost socket fails pending calls with `unreachable` and ends every
 * stream with it.
 */
export function webSocketBridge(
  socket: BridgeSocket,
  onClosed: () => void = () => undefined,
): BridgeTransport {
  socket.binaryType = 'arraybuffer'
  const opened = new Promise<void>((resolve) => {
    if (socket.readyState === OPEN) resolve()
    else socket.addEventListener('open', () => resolve())
  })
  const pending = new Map<number, (result: unknown) => void>()
  const streams = new Map<number, (frame: unknown) => void>()
  let nextId = 1
  let nextStream = 1
  let closed = false
  let eventHandler: (event: string, payload: unknown) => void = () => undefined

  const send = (message: object | Uint8Array): void => {
    void opened.then(() => {
      if (closed) return
      socket.send(message instanceof Uint8Array ? message : JSON.stringify(message))
    })
  }
  socket.addEventListener('message', (e) => {
    if (e.data instanceof ArrayBuffer) {
      if (e.data.byteLength < 4) return
      const sid = new DataView(e.data).getUint32(0)
      streams.get(sid)?.({ t: 'bytes', data: new Uint8Array(e.data, 4) })
      return
    }
    const message = JSON.parse(String(e.data)) as {
      t: string
      id?: number
      sid?: number
      result?: unknown
      event?: string
      payload?: unknown
      frame?: unknown
    }
    if (message.t === 'result' && message.id !== undefined) {
      pending.get(message.id)?.(message.result)
      pending.delete(message.id)
    } else if (message.t === 'event' && message.event !== undefined) {
      eventHandler(message.event, message.payload)
    } else if (message.t === 'frame' && message.sid !== undefined) {
      streams.get(message.sid)?.(message.frame)
    }
  })
  socket.addEventListener('close', () => {
    closed = true
    for (const resolve of pending.values()) resolve({ ok: false, error: unreachable() })
    pending.clear()
    for (const deliver of [...streams.values()]) deliver({ t: 'end', error: unreachable() })
    streams.clear()
    onClosed()
  })

  return {
    invoke: (channel, request, cancellation) =>
      new Promise((resolve) => {
        if (closed) {
          resolve({ ok: false, error: unreachable() })
          return
        }
        const id = nextId++
        pending.set(id, resolve)
        cancellation?.(() => {
          if (pending.has(id)) send({ t: 'cancel', id })
        })
        send({ t: 'invoke', id, channel, request })
      }),
    subscribe: (event) => {
      send({ t: 'subscribe', event })
    },
    unsubscribe: (event) => {
      send({ t: 'unsubscribe', event })
    },
    onEvent: (handler) => {
      eventHandler = handler
    },
    openStream: (channel, request) =>
      new Promise((resolve) => {
        if (closed) {
          resolve({ ok: false, error: unreachable() })
          return
        }
        const sid = nextStream++
        let handler: ((frame: unknown) => void) | undefined
        const early: unknown[] = []
        let isOpen = false
        streams.set(sid, (raw) => {
          const frame = raw as { t?: unknown; error?: AppErrorShape } | null
          if (isOpen) {
            if (handler === undefined) early.push(raw)
            else handler(raw)
            if (frame?.t === 'end') streams.delete(sid)
            return
          }
          if (frame?.t === 'opened') {
            isOpen = true
            const carrier: BridgeCarrier = {
              post: (f) => {
                if (f.t !== 'bytes') {
                  send({ t: 'frame', sid, frame: f })
                  return
                }
                const out = new Uint8Array(4 + f.data.byteLength)
                new DataView(out.buffer).setUint32(0, sid)
                out.set(f.data, 4)
                send(out)
              },
              onFrame: (h) => {
                handler = h
                for (const f of early.splice(0)) h(f)
              },
              close: () => {
                streams.delete(sid)
              },
            }
            resolve({ ok: true, carrier })
          } else {
            streams.delete(sid)
            resolve({ ok: false, error: frame?.error ?? { code: 'internal', message: 'stream refused' } })
          }
        })
        send({ t: 'open', sid, channel, request })
      }),
  }
}
