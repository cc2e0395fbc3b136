import { contextBridge, ipcRenderer } from 'electron'

import type { BridgeCarrier, BridgeTransport } from '../shared/ipc/api'
import { buildPveDeskApi } from '../shared/ipc/api'
import type { AppErrorShape } from '../shared/ipc/errors'
import { CHANNEL_PREFIX, isChannelManifest, WIRE } from '../shared/ipc/wire'

/**
 * The Electron preload: exposes `window.pveDesk`, built from the contract, and nothing else. No generic
 * `invoke(channel)`: the renderer can reach exactly the channels the contract names. The names come from main
 * once, synchronously, before any page script runs (so this bundle carries no schema and no channel list).
 * Each stream gets a MessageChannel of its own; its far end goes to main with the open request.
 */
const manifest: unknown = ipcRenderer.sendSync(WIRE.manifest)
if (!isChannelManifest(manifest)) throw new Error('PVE Desk: main sent no channel manifest')

let nextCall = 1

/** The DOM MessagePort, as far as the preload uses it. */
interface RendererPort {
  onmessage: ((event: { data: unknown }) => void) | null
  addEventListener(type: 'close', listener: () => void): void
  postMessage(message: unknown): void
  close(): void
}

const transport: BridgeTransport = {
  invoke: (channel, request, cancellation) => {
    if (cancellation === undefined) return ipcRenderer.invoke(CHANNEL_PREFIX + channel, request)
    const id = nextCall++
    cancellation(() => ipcRenderer.send(WIRE.cancel, id))
    return ipcRenderer.invoke(CHANNEL_PREFIX + channel, request, id)
  },
  subscribe: (event) => {
    ipcRenderer.send(WIRE.subscribe, event)
  },
  unsubscribe: (event) => {
    ipcRenderer.send(WIRE.unsubscribe, event)
  },
  onEvent: (handler) => {
    ipcRenderer.on(WIRE.event, (_e, event: string, payload: unknown) => {
      handler(event, payload)
    })
  },
  openStream: (channel, request) =>
    new Promise((resolve) => {
      const channelPair = new MessageChannel()
      const port2 = channelPair.port2
      // The preload runs in Chromium, whose MessagePort this is; it is type-checked with Node's, which differs.
      const port1 = channelPair.port1 as unknown as RendererPort
      let handler: ((frame: unknown) => void) | undefined
      const early: unknown[] = []
      let opened = false
      port1.onmessage = (e) => {
        const frame = e.data as { t?: unknown; error?: AppErrorShape } | null
        if (opened) {
          if (handler === undefined) early.push(frame)
          else handler(frame)
          return
        }
        if (frame?.t === 'opened') {
          opened = true
          const carrier: BridgeCarrier = {
            post: (f) => port1.postMessage(f),
            onFrame: (h) => {
              handler = h
              for (const f of early.splice(0)) h(f)
            },
            close: () => port1.close(),
          }
          resolve({ ok: true, carrier })
        } else {
          port1.close()
          resolve({
            ok: false,
            error: frame?.error ?? { code: 'internal', message: 'main refused the stream without a reason' },
          })
        }
      }
      // Main closes its end without a word when it does not trust this frame.
      port1.addEventListener('close', () => {
        if (!opened) resolve({ ok: false, error: { code: 'unreachable', message: 'main closed the stream' } })
      })
      ipcRenderer.postMessage(WIRE.stream, { channel, request }, [port2])
    }),
}

contextBridge.exposeInMainWorld('pveDesk', buildPveDeskApi(transport, manifest))
