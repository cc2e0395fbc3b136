import type { FleetGuest } from '../../../../shared/model/fleet'
import type { GuestFacts } from '../../../../shared/search/match'
import type { SearchVocabulary } from '../../../../shared/search/suggest'
import { vocabularyOf } from '../../../../shared/search/suggest'
import type { FleetStore } from '../../stores/fleet-store'

type Fleet = Pick<FleetStore, 'clusters' | 'trees'>
type Addresses = ReadonlyMap<string, readonly string[]>

/**
 * Every guest of a fleet with what the search knows around it (the node's site, the cluster's name, the
 * addresses learned for `ip:`), as the tree's search reads them: the suggestions, the palette and the CSV
 * export see the fleet the tree shows. One object per guest (the palette keeps them).
 */
export function* fleetFacts(fleet: Fleet, addresses: Addresses): Generator<GuestFacts> {
  for (const [clusterId, entry] of Object.entries(fleet.clusters)) {
    const { summary } = entry
    for (const group of fleet.trees[clusterId]?.groups.values() ?? []) {
      const site = group.node?.site ?? summary.sites[group.name] ?? summary.defaultSite
      for (const [i, guest] of group.guests.entries()) {
        const ips = addresses.get(guest.key)
        yield {
          guest,
          site,
          clusterName: summary.name,
          ...(ips === undefined ? {} : { ips }),
          ...(group.searchKeys[i] === undefined ? {} : { searchKey: group.searchKeys[i] }),
        }
      }
    }
  }
}

/** The facts of one guest (for matchGuests over a list the caller already holds). */
export function factsIndex(facts: Iterable<GuestFacts>): (guest: FleetGuest) => GuestFacts {
  const byKey = new Map<string, GuestFacts>()
  for (const f of facts) byKey.set(f.guest.key, f)
  return (guest) => byKey.get(guest.key) ?? { guest, site: '', clusterName: guest.clusterId }
}

let last:
  | { fleet: Fleet['trees']; clusters: Fleet['clusters']; addresses: Addresses; v: SearchVocabulary }
  | undefined
let pending: ReturnType<typeof setTimeout> | undefined

/**
 * The fleet's vocabulary for suggestions. Counting it walks every guest (tens of milliseconds at 10,000), and a
 * busy fleet replaces its trees on every poll: so once counted, a changed fleet is counted again in the
 * background after the keystroke, and the keystroke uses the last count (a count a poll old is still right
 * enough to suggest from). Only the very first keystroke counts while typing.
 */
export function fleetVocabulary(fleet: Fleet, addresses: Addresses): SearchVocabulary {
  const current = (): boolean =>
    last?.fleet === fleet.trees && last.clusters === fleet.clusters && last.addresses === addresses
  const count = (): SearchVocabulary => {
    const v = vocabularyOf(fleetFacts(fleet, addresses))
    last = { fleet: fleet.trees, clusters: fleet.clusters, addresses, v }
    return v
  }
  if (last === undefined) return count()
  if (!current() && pending === undefined)
    pending = setTimeout(() => {
      pending = undefined
      count()
    }, 250)
  return last.v
}
