import type { BridgeTransport, PveDeskApi } from '../shared/ipc/api'
import { buildPveDeskApi } from '../shared/ipc/api'
import type { EventChannel, InvokeChannel } from '../shared/ipc/contract'
import type { ChannelManifest } from '../shared/ipc/wire'
import { isChannelManifest } from '../shared/ipc/wire'

/**
 * The browser host's stand-in for the Electron preload: the same `window.pveDesk`, built from the same
 * contract, over the host's loopback WebSocket (authorized by the per-run token cookie the host set).
 * Calls made before the socket opens wait for it; a lost socket fails pending calls with `unreachable`.
 */
function connect(): BridgeTransport {
  const socket = new WebSocket(`ws://${location.host}/__pvedesk/ipc`)
  const opened = new Promise<void>((resolve) =>
    socket.addEventListener('open', () => resolve(), { once: true }),
  )
  const pending = new Map<number, (result: unknown) => void>()
  const subscribed = new Set<EventChannel>()
  let nextId = 1
  let eventHandler: (event: EventChannel, payload: unknown) => void = () => undefined

  const send = (message: object): void => {
    void opened.then(() => socket.send(JSON.stringify(message)))
  }
  socket.addEventListener('message', (e: MessageEvent<string>) => {
    const message = JSON.parse(e.data) as {
      t: string
      id?: number
      result?: unknown
      event?: EventChannel
      payload?: unknown
    }
    if (message.t === 'result' && message.id !== undefined) {
      pending.get(message.id)?.(message.result)
      pending.delete(message.id)
    } else if (message.t === 'event' && message.event !== undefined) {
      eventHandler(message.event, message.payload)
    }
  })
  socket.addEventListener('close', () => {
    document.documentElement.dataset.bridge = 'closed'
    for (const resolve of pending.values()) {
      resolve({
        ok: false,
        error: { code: 'unreachable', message: 'the PVE Desk host closed the connection' },
      })
    }
    pending.clear()
  })
  return {
    invoke: (channel: InvokeChannel, request: unknown) =>
      new Promise((resolve) => {
        const id = nextId++
        pending.set(id, resolve)
        send({ t: 'invoke', id, channel, request })
      }),
    subscribe: (event) => {
      subscribed.add(event)
      send({ t: 'subscribe', event })
    },
    unsubscribe: (event) => {
      subscribed.delete(event)
      send({ t: 'unsubscribe', event })
    },
    onEvent: (handler) => {
      eventHandler = handler
    },
  }
}

/** The channel names, from the host's `<script data-manifest>` tag (a classic script: `currentScript` is it). */
function manifest(): ChannelManifest {
  const value: unknown = JSON.parse(document.currentScript?.dataset.manifest ?? 'null')
  if (!isChannelManifest(value)) throw new Error('PVE Desk: the host gave the bridge no channel manifest')
  return value
}

Object.defineProperty(window, 'pveDesk', {
  value: buildPveDeskApi(connect(), manifest()) satisfies PveDeskApi,
})
