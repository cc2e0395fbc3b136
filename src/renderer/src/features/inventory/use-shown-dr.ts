import type { DrReport } from '../../../../shared/model/dr'
import { useDrStore } from '../../stores/dr-store'
import { useInventoryStore } from '../../stores/inventory-store'

/**
 * The DR report the window shows: an opened inventory snapshot's (as it was at capture; undefined for an older
 * file without one), else main's live report. As `useShownFleet` does for the tree.
 */
export function useShownDrReport(): { report: DrReport | undefined; offline: boolean } {
  const opened = useInventoryStore((s) => s.opened)
  const live = useDrStore((s) => s.report)
  return opened === undefined ? { report: live, offline: false } : { report: opened.dr, offline: true }
}
