import { contextBridge, ipcRenderer } from 'electron'

import type { BridgeTransport } from '../shared/ipc/api'
import { buildPveDeskApi } from '../shared/ipc/api'
import type { EventChannel } from '../shared/ipc/contract'
import { CHANNEL_PREFIX, isChannelManifest, WIRE } from '../shared/ipc/wire'

/**
 * The Electron preload: exposes `window.pveDesk`, built from the contract, and nothing else. No generic
 * `invoke(channel)`: the renderer can reach exactly the channels the contract names. The names come from main
 * once, synchronously, before any page script runs (so this bundle carries no schema and no channel list).
 */
const manifest: unknown = ipcRenderer.sendSync(WIRE.manifest)
if (!isChannelManifest(manifest)) throw new Error('PVE Desk: main sent no channel manifest')

const transport: BridgeTransport = {
  invoke: (channel, request) => ipcRenderer.invoke(CHANNEL_PREFIX + channel, request),
  subscribe: (event) => {
    ipcRenderer.send(WIRE.subscribe, event)
  },
  unsubscribe: (event) => {
    ipcRenderer.send(WIRE.unsubscribe, event)
  },
  onEvent: (handler) => {
    ipcRenderer.on(WIRE.event, (_e, event: EventChannel, payload: unknown) => {
      handler(event, payload)
    })
  },
}

contextBridge.exposeInMainWorld('pveDesk', buildPveDeskApi(transport, manifest))
