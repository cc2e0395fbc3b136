// Type-only imports from the contract: the preload bundles this file and must stay free of the validation library.
import type { EventChannel, InvokeChannel, PayloadOf, RequestOf, ResponseOf } from './contract'
import type { Result } from './errors'
import type { ChannelManifest } from './wire'

/** `fleet:get` → `fleetGet`, `cluster:refresh` → `clusterRefresh`. */
type MethodName<C extends string> = C extends `${infer D}:${infer V}` ? `${D}${Capitalize<V>}` : C
/** `fleet:delta` → `onFleetDelta`. */
type ListenerName<C extends string> = `on${Capitalize<MethodName<C>>}`

/**
 * The shape of `window.pveDesk`, derived from the contract: one method per invoke channel returning the result
 * envelope, and one `on…` per event channel returning an unsubscribe function. No generic `invoke(channel)`.
 */
export type PveDeskApi = {
  [C in InvokeChannel as MethodName<C>]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>
} & {
  [E in EventChannel as ListenerName<E>]: (listener: (payload: PayloadOf<E>) => void) => () => void
}

/** What a bridge (Electron preload, browser-host script) must provide to build the API. */
export interface BridgeTransport {
  invoke(channel: InvokeChannel, request: unknown): Promise<unknown>
  /** Tells main that this renderer wants (or no longer wants) an event channel. */
  subscribe(event: EventChannel): void
  unsubscribe(event: EventChannel): void
  /** Registers the one local handler of incoming events; main only sends subscribed ones. */
  onEvent(handler: (event: EventChannel, payload: unknown) => void): void
}

export const methodName = (channel: string): string => {
  const [domain = '', verb = ''] = channel.split(':')
  return domain + verb.charAt(0).toUpperCase() + verb.slice(1)
}
export const listenerName = (channel: string): string => {
  const name = methodName(channel)
  return 'on' + name.charAt(0).toUpperCase() + name.slice(1)
}

/**
 * Builds the API object over a transport. Listeners are multiplexed: main hears one subscribe per event channel
 * however many components listen, and one unsubscribe when the last one leaves.
 */
export function buildPveDeskApi(transport: BridgeTransport, manifest: ChannelManifest): PveDeskApi {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>()
  transport.onEvent((event, payload) => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload)
  })
  const api: Record<string, unknown> = {}
  // The manifest lists the contract's names; the casts restate that for the typed transport.
  for (const channel of manifest.invoke as readonly InvokeChannel[]) {
    api[methodName(channel)] = (request: unknown) => transport.invoke(channel, request ?? {})
  }
  for (const event of manifest.events as readonly EventChannel[]) {
    api[listenerName(event)] = (listener: (payload: unknown) => void) => {
      let set = listeners.get(event)
      if (set === undefined) {
        set = new Set()
        listeners.set(event, set)
      }
      if (set.size === 0) transport.subscribe(event)
      set.add(listener)
      let active = true
      return () => {
        if (!active) return
        active = false
        set.delete(listener)
        if (set.size === 0) transport.unsubscribe(event)
      }
    }
  }
  // The mapped type is built key by key from the contract's names; TypeScript cannot follow the loop.
  return Object.freeze(api) as PveDeskApi
}
