import { z } from 'zod'

import { CertificateInfo, ClusterInput, Realm, TestVerdict } from '../model/cluster-input'
import { ClusterPermissions, ClusterStatus, ClusterSummary, FleetDelta, FleetState } from '../model/fleet'
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
const clusterId = z.string().min(1).max(64)
const clusterRef = z.object({ clusterId }).strict()
const httpsUrl = z.url({ protocol: /^https$/ }).max(300)
/** A password or token secret typed by the user: in once, to the keychain, never sent back. */
const secret = z.string().min(1).max(4096)
const fingerprint = z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'a SHA-256 fingerprint AA:BB:…')

export const AppHealth = z.object({
  /** Whether secrets can be stored, and if not why (the UI then refuses to save a password). */
  keychain: z.object({ available: z.boolean(), reason: z.string().optional() }),
  /** Set when the settings file could not be read at start: where it was moved, and why. */
  settingsCorrupt: z.object({ movedTo: z.string(), reason: z.string() }).optional(),
  /** The folder holding the settings (`PVEDESK_HOME` or the platform's application-data folder). */
  home: z.string(),
})
export type AppHealth = z.infer<typeof AppHealth>

/** A cluster was added or changed (`summary`), or removed (`removed`). */
export const ClusterConfigEvent = z.union([
  z.object({ kind: z.literal('saved'), summary: ClusterSummary }),
  z.object({ kind: z.literal('removed'), clusterId: z.string() }),
])
export type ClusterConfigEvent = z.infer<typeof ClusterConfigEvent>

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
  /** Keychain availability, settings problems found at start, where the settings live. */
  'app:health': { request: empty, response: AppHealth },
  /** Polls one cluster now instead of waiting for its next interval or back-off (the "retry now" button). */
  'cluster:refresh': { request: clusterRef, response: z.null() },
  /**
   * The certificate an endpoint presents, for the user to trust on first contact (as SSH does). Only a TLS
   * handshake: no request, so no secret, reaches an endpoint not yet trusted.
   */
  'cluster:probe': { request: z.object({ url: httpsUrl }).strict(), response: CertificateInfo },
  /** Login realms of an endpoint (`GET /access/domains`, unauthenticated), over the fingerprint just trusted. */
  'cluster:realms': {
    request: z.object({ url: httpsUrl, fingerprint: fingerprint.optional() }).strict(),
    response: z.array(Realm),
  },
  /**
   * Logs in with a draft configuration and reports what answered, without saving anything. `secret` may be
   * omitted when editing a cluster whose secret is already stored.
   */
  'cluster:test': {
    request: z.object({ cluster: ClusterInput, secret: secret.optional() }).strict(),
    response: TestVerdict,
  },
  /** Adds or replaces a cluster; its secret goes to the OS keychain (required for a new cluster). */
  'cluster:save': {
    request: z.object({ cluster: ClusterInput, secret: secret.optional() }).strict(),
    response: ClusterSummary,
  },
  /** Removes a cluster, its connection and its secret. */
  'cluster:remove': { request: clusterRef, response: z.null() },
  /** Pins a new fingerprint for one endpoint after the user compared the old and the new one. */
  'cluster:trust': {
    request: z.object({ clusterId, url: httpsUrl, fingerprint }).strict(),
    response: ClusterSummary,
  },
  /** Replaces a cluster's stored password or token secret (after a failed login) and reconnects. */
  'cluster:secret': { request: z.object({ clusterId, secret }).strict(), response: z.null() },
  /** Answers a pending two-factor login with a TOTP code or a recovery key. */
  'cluster:tfa': {
    request: z
      .object({ clusterId, kind: z.enum(['totp', 'recovery']), code: z.string().trim().min(1).max(128) })
      .strict(),
    response: z.null(),
  },
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>

export const eventContract = {
  /** Items of one cluster that changed since the previous delta. */
  'fleet:delta': FleetDelta,
  /** A cluster's connection state changed (online, unreachable, stale, serving node…). */
  'cluster:status': ClusterStatus,
  /** A cluster was added, changed or removed. */
  'cluster:config': ClusterConfigEvent,
  /** A cluster's effective privileges were read (after each login or renewal). */
  'cluster:permissions': ClusterPermissions,
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
