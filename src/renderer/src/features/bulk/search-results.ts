import type { FleetGuest } from '../../../../shared/model/fleet'
import { compileQuery } from '../../../../shared/search/match'
import { parseQuery } from '../../../../shared/search/query'
import type { FleetStore } from '../../stores/fleet-store'

/**
 * Every guest the search matches, in every cluster, under collapsed rows too: what "select all results" and
 * Ctrl+A pick. The shared parser and predicate (src/shared/search), so the tree, a bulk action and the CLI agree
 * on what `tag:dns -status:stopped` means; an empty search matches every guest.
 */
export function matchingGuests(fleet: Pick<FleetStore, 'clusters' | 'trees'>, filter: string): FleetGuest[] {
  const matches = filter.trim() === '' ? (): boolean => true : compileQuery(parseQuery(filter).query)
  const found: FleetGuest[] = []
  for (const [clusterId, entry] of Object.entries(fleet.clusters)) {
    const groups = fleet.trees[clusterId]?.groups
    if (groups === undefined) continue
    const { summary } = entry
    for (const group of groups.values()) {
      // The site as the tree places the node (see tree-model.ts).
      const site = group.node?.site ?? summary.sites[group.name] ?? summary.defaultSite
      for (const guest of group.guests) {
        if (matches({ guest, site, clusterName: summary.name })) found.push(guest)
      }
    }
  }
  return found
}
