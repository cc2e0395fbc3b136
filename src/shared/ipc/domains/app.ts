import { z } from 'zod'

import { defineDomain } from '../domain'
import { empty } from '../schemas'

export const AppHealth = z.object({
  /** Whether secrets can be stored, and if not why (the UI then refuses to save a password). */
  keychain: z.object({ available: z.boolean(), reason: z.string().optional() }),
  /** Set when the settings file could not be read at start: where it was moved, and why. */
  settingsCorrupt: z.object({ movedTo: z.string(), reason: z.string() }).optional(),
  /** Set when a newer PVE Desk wrote the settings file: shown, never written (changes are refused). */
  settingsReadOnly: z.object({ schemaVersion: z.number(), supported: z.number() }).optional(),
  /** Cluster entries of the settings file that could not be read: left out (and kept in the file as they were). */
  droppedClusters: z
    .array(z.object({ index: z.number(), id: z.string().optional(), reason: z.string() }))
    .optional(),
  /**
   * Set while the settings file, changed on disk since start, cannot be read (half-written, broken by hand): the
   * app keeps the clusters it had, leaves the file as it is, and refuses every change until the file reads again.
   */
  settingsUnreadable: z.object({ file: z.string(), reason: z.string() }).optional(),
  /** The folder holding the settings (`PVEDESK_HOME` or the platform's application-data folder). */
  home: z.string(),
})
export type AppHealth = z.infer<typeof AppHealth>

export const AppInfo = z.object({
  version: z.string(),
  /** BCP 47 language tag of the system, for the default UI language. */
  locale: z.string(),
  /** Where main runs: inside Electron, or in the Node browser host (demo and end-to-end tests). */
  host: z.enum(['electron', 'browser']),
})
export type AppInfo = z.infer<typeof AppInfo>

/** The application itself: version, host, health of what it stands on. */
export const appDomain = defineDomain('app', {
  invoke: {
    /** Version, system locale and host kind; asked once at start-up. */
    'app:info': { request: empty, response: AppInfo },
    /** Keychain availability, settings problems found at start, where the settings live. */
    'app:health': { request: empty, response: AppHealth },
  },
  events: {},
  streams: {},
})
