import { contextBridge, ipcRenderer } from 'electron'

import type { BridgeTransport } from '../shared/ipc/api'
import { buildPveDeskApi } from '../shared/ipc/api'
import type { EventChannel } from '../shared/ipc/channels'
import { CHANNEL_PREFIX } from '../shared/ipc/channels'

/**
 * The Electron preload: exposes `window.pveDesk`, built from the contract, and nothing else. No generic
 * `invoke(channel)`: the renderer can reach exactly the channels the contract names.
 */
const transport: BridgeTransport = {
  invoke: (channel, request) => ipcRenderer.invoke(CHANNEL_PREFIX + channel, request),
  subscribe: (event) => {
    ipcRenderer.send(`${CHANNEL_PREFIX}subscribe`, event)
  },
  unsubscribe: (event) => {
    ipcRenderer.send(`${CHANNEL_PREFIX}unsubscribe`, event)
  },
  onEvent: (handler) => {
    ipcRenderer.on(`${CHANNEL_PREFIX}event`, (_e, event: EventChannel, payload: unknown) => {
      handler(event, payload)
    })
  },
}

contextBridge.exposeInMainWorld('pveDesk', buildPveDeskApi(transport))
