import type { FleetGuest } from '../../../../shared/model/fleet'
import type { GuestFacts } from '../../../../shared/search/match'
import { compileQuery } from '../../../../shared/search/match'
import { parseQuery } from '../../../../shared/search/query'
import type { FleetStore } from '../../stores/fleet-store'

/**
 * Every guest the search matches, in every cluster, under collapsed rows too: what "select all results" and
 * Ctrl+A pick. The shared parser and predicate with the facts the tree's search uses (the node's site, the
 * cluster's name, the search text the index keeps: see leaf-block.ts), so that the tree, a bulk action and the
 * CLI agree on what `tag:dns -status:stopped` means; an empty search matches every guest. One facts object per
 * node and no search text made again: at 10,000 guests this runs beside the tree at every keystroke.
 */
export function matchingGuests(fleet: Pick<FleetStore, 'clusters' | 'trees'>, filter: string): FleetGuest[] {
  const matches = compileQuery(parseQuery(filter).query)
  const found: FleetGuest[] = []
  for (const [clusterId, entry] of Object.entries(fleet.clusters)) {
    const { summary } = entry
    for (const group of fleet.trees[clusterId]?.groups.values() ?? []) {
      const first = group.guests[0]
      if (first === undefined) continue
      const site = group.node?.site ?? summary.sites[group.name] ?? summary.defaultSite
      const facts: GuestFacts = { guest: first, site, clusterName: summary.name, searchKey: '' }
      group.guests.forEach((guest, i) => {
        facts.guest = guest
        facts.searchKey = group.searchKeys[i] ?? ''
        if (matches(facts)) found.push(guest)
      })
    }
  }
  return found
}

/**
 * How many picked guests the search does not show (picked before it changed). They stay picked and a bulk
 * action includes them, so the selection bar and the summary say how many are out of sight.
 */
export function hiddenPicks(found: readonly FleetGuest[], picked: ReadonlySet<string>): number {
  if (picked.size === 0) return 0
  const shown = new Set(found.map((g) => g.key))
  let hidden = 0
  for (const key of picked) if (!shown.has(key)) hidden++
  return hidden
}
