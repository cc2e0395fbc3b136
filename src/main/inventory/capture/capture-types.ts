import type { Params } from '../../pve/http-client'
import type { ConsoleRecord } from '../../../shared/model/console'
import type { DrTargets } from '../../../shared/model/dr'
import type { InventoryCluster, InventoryMeta } from '../../../shared/model/inventory-snapshot'
import type { ProgressEvent } from './capture-progress'

/** The last-known data of a cluster that cannot be reached now: where it comes from, and when it was true. */
export interface LastKnownCluster {
  at: string
  source: 'live' | 'inventory-snapshot'
  cluster: InventoryCluster
}

/** One configured cluster as the capture sees it: its PVE Desk identity and a way to GET its API. */
export interface CaptureCluster {
  id: string
  name: string
  sites: Record<string, string>
  defaultSite: string
  /** GET one API path (as PveClient.call('GET', path, params, signal)). */
  get: (path: string, params?: Params, signal?: AbortSignal) => Promise<unknown>
  /** The cluster's data from an earlier capture, used (and marked) when it cannot be reached now. */
  lastKnown?: () => Promise<LastKnownCluster | undefined>
}

/** What names a cluster in an inventory snapshot, before anything of it is read. */
export type ClusterIdentity = Pick<CaptureCluster, 'id' | 'name' | 'sites' | 'defaultSite'>

export interface CaptureOptions {
  clusters: CaptureCluster[]
  trigger: InventoryMeta['trigger']
  appVersion: string
  takenBy: { user: string; host: string }
  consoleSessions: ConsoleRecord[]
  signal?: AbortSignal
  onProgress?: (p: ProgressEvent) => void
  /** Requests in flight per cluster (default 6, as a browser allows per host). */
  concurrencyPerCluster?: number
  /** The DR targets in force, for the snapshot's DR report (default: `defaultDrTargets()`). */
  drTargets?: DrTargets
  /** Epoch ms, for `takenAt` and `durationMs`. */
  now?: () => number
}
