import type { z } from 'zod'

import type { Contract, InvokeSpec, StreamSpec } from './domain'
import { appDomain } from './domains/app'
import { bulkDomain } from './domains/bulk'
import { clusterDomain } from './domains/cluster'
import { consoleDomain } from './domains/console'
import { fleetDomain } from './domains/fleet'
import { guestDomain } from './domains/guest'
import { inventoryDomain } from './domains/inventory'
import { panelDomain } from './domains/panel'
import { taskDomain } from './domains/task'
import { workspaceDomain } from './domains/workspace'
import { drDomain } from './domains/dr'
import type { ChannelManifest } from './wire'

export { CHANNEL_PREFIX } from './wire'
export { AppHealth, AppInfo } from './domains/app'
export { ClusterConfigEvent } from './domains/cluster'
export { ConsoleEvent } from './domains/console'
export {
  CaptureFinished,
  ExportFormat,
  InventoryFileEntry,
  InventoryItemDetails,
  InventorySchedule,
  InventoryScheduleState,
  OpenedInventory,
} from './domains/inventory'

/**
 * The one contract for everything that crosses the main/renderer boundary, merged from the domain files in
 * `domains/` (one per domain: its invoke, event and stream channels with their schemas). Main parses every
 * request against these schemas (the renderer is untrusted); the preload and the browser-host bridge build
 * `window.pveDesk` from the channel names ({@link channelManifest}), so nothing outside the contract can be
 * called. To add a channel, edit its domain file: the router's handler map, the manifest and the type of
 * `window.pveDesk` follow.
 *
 * Channel names are `domain:verb`; on the Electron wire they carry the `pvedesk:` prefix.
 */
const domains = [
  appDomain,
  fleetDomain,
  clusterDomain,
  consoleDomain,
  inventoryDomain,
  guestDomain,
  bulkDomain,
  taskDomain,
  panelDomain,
  workspaceDomain,
  drDomain,
] as const

export const invokeContract = {
  ...appDomain.invoke,
  ...fleetDomain.invoke,
  ...clusterDomain.invoke,
  ...consoleDomain.invoke,
  ...inventoryDomain.invoke,
  ...guestDomain.invoke,
  ...bulkDomain.invoke,
  ...taskDomain.invoke,
  ...panelDomain.invoke,
  ...workspaceDomain.invoke,
  ...drDomain.invoke,
} as const satisfies Record<string, InvokeSpec>

export const eventContract = {
  ...appDomain.events,
  ...fleetDomain.events,
  ...clusterDomain.events,
  ...consoleDomain.events,
  ...inventoryDomain.events,
  ...guestDomain.events,
  ...bulkDomain.events,
  ...taskDomain.events,
  ...panelDomain.events,
  ...workspaceDomain.events,
  ...drDomain.events,
} as const satisfies Record<string, z.ZodType>

export const streamContract = {
  ...appDomain.streams,
  ...fleetDomain.streams,
  ...clusterDomain.streams,
  ...consoleDomain.streams,
  ...inventoryDomain.streams,
  ...guestDomain.streams,
  ...bulkDomain.streams,
  ...taskDomain.streams,
  ...panelDomain.streams,
  ...workspaceDomain.streams,
  ...drDomain.streams,
} as const satisfies Record<string, StreamSpec>

/** The three maps together, as the router takes them. */
export const contract = {
  invoke: invokeContract,
  events: eventContract,
  streams: streamContract,
} as const satisfies Contract
export type AppContract = typeof contract

export type InvokeContract = typeof invokeContract
export type EventContract = typeof eventContract
export type StreamContract = typeof streamContract
export type InvokeChannel = Extract<keyof InvokeContract, string>
export type EventChannel = Extract<keyof EventContract, string>
export type StreamChannel = Extract<keyof StreamContract, string>
export type RequestOf<C extends InvokeChannel> = z.input<InvokeContract[C]['request']>
export type ParsedRequestOf<C extends InvokeChannel> = z.output<InvokeContract[C]['request']>
export type ResponseOf<C extends InvokeChannel> = z.output<InvokeContract[C]['response']>
export type PayloadOf<E extends EventChannel> = z.output<EventContract[E]>

export const INVOKE_CHANNELS = Object.keys(invokeContract) as readonly InvokeChannel[]
export const EVENT_CHANNELS = Object.keys(eventContract) as readonly EventChannel[]
export const STREAM_CHANNELS = Object.keys(streamContract) as readonly string[] as readonly StreamChannel[]

/** The names alone, by kind: what main hands the preload at start. */
export const manifestOf = (c: Contract): ChannelManifest =>
  Object.freeze({
    invoke: Object.freeze(Object.keys(c.invoke)),
    events: Object.freeze(Object.keys(c.events)),
    streams: Object.freeze(Object.keys(c.streams)),
  })
export const channelManifest: ChannelManifest = manifestOf(contract)

const has = (map: object, name: string): boolean => Object.prototype.hasOwnProperty.call(map, name)
export const isInvokeChannel = (name: string): name is InvokeChannel => has(invokeContract, name)
export const isEventChannel = (name: string): name is EventChannel => has(eventContract, name)
export const isStreamChannel = (name: string): name is StreamChannel => has(streamContract, name)

/** Every domain, for checks that names are unique across them (see `contract.test.ts`). */
export const contractDomains = domains
