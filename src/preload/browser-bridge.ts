import type { PveDeskApi } from '../shared/ipc/api'
import { buildPveDeskApi } from '../shared/ipc/api'
import type { ChannelManifest } from '../shared/ipc/wire'
import { isChannelManifest } from '../shared/ipc/wire'
import { webSocketBridge } from './ws-bridge'

/**
 * The browser host's stand-in for the Electron preload: the same `window.pveDesk`, built from the same
 * contract, over the host's loopback WebSocket (authorized by the per-run token cookie the host set).
 */

/** The channel names, from the host's `<script data-manifest>` tag (a classic script: `currentScript` is it). */
function manifest(): ChannelManifest {
  const value: unknown = JSON.parse(document.currentScript?.dataset.manifest ?? 'null')
  if (!isChannelManifest(value)) throw new Error('PVE Desk: the host gave the bridge no channel manifest')
  return value
}

const transport = webSocketBridge(new WebSocket(`ws://${location.host}/__pvedesk/ipc`), () => {
  document.documentElement.dataset.bridge = 'closed'
})

Object.defineProperty(window, 'pveDesk', {
  value: buildPveDeskApi(transport, manifest()) satisfies PveDeskApi,
})
