import type { DrGuestRow, DrLevel, DrReport, DrTargets } from '../model/dr'
import type { InventoryCluster } from '../model/inventory-snapshot'
import { indexCluster } from './cluster-index'
import { guestRows } from './guest-rows'
import { siteHealth } from './site-health'

export interface DrInput {
  /** Every cluster as an inventory snapshot holds it (live: as the DR reader read it just now). */
  clusters: readonly InventoryCluster[]
  targets: DrTargets
  /** Epoch seconds: ages and lags are measured from here (a snapshot: its `takenAt`). */
  now: number
  /** Epoch seconds of each cluster's last answer, by cluster id (absent: `now` when captured, else unknown). */
  lastContact?: Readonly<Record<string, number>>
}

const LEVEL_ORDER: Record<DrLevel, number> = { red: 0, amber: 1, green: 2, none: 3 }

/** Worst first, then by cluster and vmid: the order the matrix and the CLI show. */
export function compareRows(a: DrGuestRow, b: DrGuestRow): number {
  return (
    LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
    a.clusterName.localeCompare(b.clusterName) ||
    a.clusterId.localeCompare(b.clusterId) ||
    a.vmid - b.vmid
  )
}

function lastContactOf(cluster: InventoryCluster, input: DrInput): number | undefined {
  const given = input.lastContact
  if (given !== undefined && Object.prototype.hasOwnProperty.call(given, cluster.id)) {
    const at = given[cluster.id]
    if (typeof at === 'number' && Number.isFinite(at)) return at
  }
  if (cluster.lastKnown !== undefined) {
    const at = Date.parse(cluster.lastKnown.at)
    return Number.isFinite(at) ? Math.floor(at / 1000) : undefined
  }
  return cluster.reach === 'unreachable' ? undefined : input.now
}

/** The DR matrix and the site health of a fleet: pure, so the app, the CLI and a snapshot agree. */
export function evaluateDr(input: DrInput): DrReport {
  const indexed = input.clusters.map((cluster) => ({
    cluster,
    index: indexCluster(cluster, input.targets.storageSites),
    lastContact: lastContactOf(cluster, input),
  }))
  const guests = indexed
    .flatMap(({ cluster, index }) => guestRows(cluster, index, input.targets, input.now))
    .sort(compareRows)
  const counts = { green: 0, amber: 0, red: 0, none: 0 }
  for (const row of guests) counts[row.level] += 1
  return {
    at: input.now,
    targets: input.targets,
    guests,
    sites: siteHealth(indexed, guests, input.now),
    counts,
  }
}
