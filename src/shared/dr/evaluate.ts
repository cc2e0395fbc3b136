import type { InventoryCluster } from '../model/inventory-snapshot'
import type { DrReport, DrTargets } from '../model/dr'

export interface DrInput {
  /** Every cluster as an inventory snapshot holds it (live: as the DR reader read it just now). */
  clusters: readonly InventoryCluster[]
  targets: DrTargets
  /** Epoch seconds: ages and lags are measured from here (a snapshot: its `takenAt`). */
  now: number
  /** Epoch seconds of each cluster's last answer, by cluster id (absent: `now` when captured, else unknown). */
  lastContact?: Readonly<Record<string, number>>
}

/** The DR matrix and the site health of a fleet: pure, so the app, the CLI and a snapshot agree. */
export function evaluateDr(input: DrInput): DrReport {
  // Filled in by the DR evaluation lane (src/shared/dr/*).
  return {
    at: input.now,
    targets: input.targets,
    guests: [],
    sites: [],
    counts: { green: 0, amber: 0, red: 0, none: 0 },
  }
}
