import { evaluateDr } from '../../../shared/dr/evaluate'
import type { DrTargets } from '../../../shared/model/dr'
import { readDrTargets } from '../../dr/dr-targets-file'
import type { InventoryCluster, InventoryDr, InventoryIssue } from '../../../shared/model/inventory-snapshot'

/**
 * The DR part of an inventory snapshot: the matrix and site health as they were at `takenAt` (ages and lags are
 * measured from it, so the file says what was true then, read years later), with the targets in force. A
 * cluster shown from last-known data had its last contact when that data was true.
 */
export function captureDr(
  clusters: readonly InventoryCluster[],
  targets: DrTargets,
  takenAtMs: number,
): { dr?: InventoryDr; issue?: InventoryIssue } {
  const lastContact: Record<string, number> = {}
  for (const c of clusters) {
    if (c.lastKnown !== undefined) lastContact[c.id] = Math.floor(Date.parse(c.lastKnown.at) / 1000)
    else if (c.reach !== 'unreachable') lastContact[c.id] = Math.floor(takenAtMs / 1000)
  }
  try {
    const report = evaluateDr({ clusters, targets, now: Math.floor(takenAtMs / 1000), lastContact })
    return { dr: { targets, report } }
  } catch (error) {
    // The evaluation is PVE Desk's own reading of the data: a flaw in it must not cost the audit its file.
    return {
      issue: {
        clusterId: '',
        path: 'dr',
        code: 'internal',
        message: `the DR evaluation failed, the file has no DR report: ${error instanceof Error ? error.message : String(error)}`,
      },
    }
  }
}

/**
 * The targets of the settings file's `dr` section, for `pvedesk inventory capture`, read as the app reads them
 * (field by field: a bad rule costs only itself, never the capture).
 */
export function settingsDrTargets(section: unknown): DrTargets {
  return readDrTargets(section).targets
}
