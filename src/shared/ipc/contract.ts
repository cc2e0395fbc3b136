import { z } from 'zod'

import { ClusterStatus, FleetDelta, FleetState } from '../model/fleet'
import type { EventChannel, InvokeChannel } from './channels'
import { EVENT_CHANNELS, INVOKE_CHANNELS } from './channels'

export { CHANNEL_PREFIX } from './channels'
export type { EventChannel, InvokeChannel } from './channels'

/**
 * The one contract for everything that crosses the main/renderer boundary. Each invoke channel names its
 * request and response schema; each event channel its payload. Main parses every request against these
 * schemas (the renderer is untrusted); the preload and the browser-host bridge build `window.pveDesk` from the
 * channel names, so nothing outside this file can be called.
 *
 * Channel names are `domain:verb` (listed in `channels.ts`); on the Electron wire they carry the `pvedesk:` prefix.
 */

const empty = z.object({}).strict()
const clusterRef = z.object({ clusterId: z.string().min(1).max(64) }).strict()

export const AppInfo = z.object({
  version: z.string(),
  /** BCP 47 language tag of the system, for the default UI language. */
  locale: z.string(),
  /** Where main runs: inside Electron, or in the Node browser host (demo and end-to-end tests). */
  host: z.enum(['electron', 'browser']),
})
export type AppInfo = z.infer<typeof AppInfo>

export const invokeContract = {
  /** Version, system locale and host kind; asked once at start-up. */
  'app:info': { request: empty, response: AppInfo },
  /**
   * The whole fleet now: every configured cluster with its status and last-known items, and the `seq` of the
   * last delta already included. Subscribe to `fleet:delta` first, then call this, then apply deltas whose seq
   * is larger: nothing is missed and nothing applied twice.
   */
  'fleet:get': { request: empty, response: FleetState },
  /** Polls one cluster now instead of waiting for its next interval or back-off (the "retry now" button). */
  'cluster:refresh': { request: clusterRef, response: z.null() },
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>

export const eventContract = {
  /** Items of one cluster that changed since the previous delta. */
  'fleet:delta': FleetDelta,
  /** A cluster's connection state changed (online, unreachable, stale, serving node…). */
  'cluster:status': ClusterStatus,
} as const satisfies Record<EventChannel, z.ZodType>

export type InvokeContract = typeof invokeContract
export type EventContract = typeof eventContract
export type RequestOf<C extends InvokeChannel> = z.input<InvokeContract[C]['request']>
export type ParsedRequestOf<C extends InvokeChannel> = z.output<InvokeContract[C]['request']>
export type ResponseOf<C extends InvokeChannel> = z.output<InvokeContract[C]['response']>
export type PayloadOf<E extends EventChannel> = z.output<EventContract[E]>

export const isInvokeChannel = (name: string): name is InvokeChannel =>
  (INVOKE_CHANNELS as readonly string[]).includes(name)
export const isEventChannel = (name: string): name is EventChannel =>
  (EVENT_CHANNELS as readonly string[]).includes(name)
