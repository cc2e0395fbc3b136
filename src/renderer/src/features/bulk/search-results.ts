import type { FleetGuest } from '../../../../shared/model/fleet'
import { matchGuests } from '../../../../shared/search/match'
import type { FleetStore } from '../../stores/fleet-store'
import { searchFactsOf } from '../tree/tree-model'

/** Every guest of these clusters, node group after node group. */
function* allGuests(fleet: Pick<FleetStore, 'trees'>): Generator<FleetGuest> {
  for (const tree of Object.values(fleet.trees)) for (const group of tree.groups.values()) yield* group.guests
}

/**
 * Every guest the search matches, in every cluster, under collapsed rows too: what "select all results" and
 * Ctrl+A pick. The shared parser and predicate with the facts the tree searches with (site, cluster name), so
 * the tree, a bulk action and the CLI agree on what `tag:dns -status:stopped` means; an empty search matches
 * every guest.
 */
export function matchingGuests(fleet: Pick<FleetStore, 'clusters' | 'trees'>, filter: string): FleetGuest[] {
  return matchGuests(filter, allGuests(fleet), searchFactsOf(fleet))
}
