import type { TFunction } from 'i18next'

import { useAddressStore } from '../../stores/address-store'
import { shownFleet } from '../../stores/shown-fleet'
import { useUiStore } from '../../stores/ui-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { groupTitle } from '../views/group-label'
import { fleetFacts } from './fleet-facts'
import { downloadText, viewCsv, viewCsvName, viewRows } from './view-csv'

/**
 * Writes the current view (the fleet shown — live or an inventory snapshot —, the search, the grouping) to
 * `pvedesk-view-YYYYMMDD-HHMMSS.csv`. Returns how many lines it wrote (0: nothing shown, no file).
 */
export function exportView(t: TFunction, now = new Date()): number {
  const rows = viewRows({
    facts: fleetFacts(shownFleet(), useAddressStore.getState().byGuest),
    filter: useUiStore.getState().filter,
    preferences: useWorkspaceStore.getState().preferences,
    groupTitle: (group, name) => groupTitle(group, name, t),
  })
  if (rows.length === 0) return 0
  downloadText(viewCsv(rows), viewCsvName(now))
  return rows.length
}
