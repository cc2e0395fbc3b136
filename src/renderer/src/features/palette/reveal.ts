import type { FleetGuest } from '../../../../shared/model/fleet'
import { compileQuery } from '../../../../shared/search/match'
import { parseQuery } from '../../../../shared/search/query'
import type { Selection } from '../../stores/selection'
import { selectionKey } from '../../stores/selection'
import { useUiStore } from '../../stores/ui-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { groupRowId } from '../tree/group-rows'
import { clusterRowId, collapseKey, siteRowId } from '../tree/tree-model'
import { groupContext, groupsOf } from '../views/grouping'

/** Where a palette item sits in the fleet: what the tree must open to show it. */
export interface RevealTarget {
  selection: Selection
  site: string
  clusterName: string
  guest?: FleetGuest
}

/**
 * Selects an item of the palette in the tree as a click would (one row, no picked guests), opens the rows
 * above it in the current grouping, and drops a search that would hide it; the tree then scrolls to it (it
 * follows the selection) and takes the focus, so the arrows go on from there.
 */
export function revealInTree({ selection, site, clusterName, guest }: RevealTarget): void {
  const ui = useUiStore.getState()
  const { grouping, folders, favourites } = useWorkspaceStore.getState().preferences
  const open = (rowId: string): void => {
    ui.setExpanded(collapseKey(grouping, rowId), true)
  }
  const clusterId = selection.kind === 'site' || selection.kind === 'group' ? undefined : selection.clusterId
  if (grouping === 'site' && clusterId !== undefined) {
    open(siteRowId(site))
    if (selection.kind !== 'cluster') open(clusterRowId(site, clusterId))
  }
  if (guest !== undefined) {
    if (grouping === 'site')
      open(selectionKey({ kind: 'node', clusterId: guest.clusterId, node: guest.node }))
    else if (grouping !== 'cluster')
      for (const g of groupsOf(
        guest,
        grouping,
        groupContext(() => site, folders, favourites),
      ))
        open(groupRowId(g))
    const shown = compileQuery(parseQuery(ui.filter).query)({ guest, site, clusterName })
    if (!shown) ui.setFilter('')
  } else if (selection.kind !== 'cluster' && ui.filter.trim() !== '') {
    // Nodes and storage show only under a search's matching guests.
    ui.setFilter('')
  }
  ui.setMulti(new Set(), selection)
  ui.select(selection)
  setTimeout(() => {
    document.querySelector<HTMLElement>('[role="tree"]')?.focus()
  }, 0)
}
