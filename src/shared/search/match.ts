import type { FleetGuest } from '../model/fleet'
import type { SearchQuery } from './query'

/** What a query is matched against: the guest and what PVE Desk knows around it. */
export interface GuestFacts {
  guest: FleetGuest
  /** The site label of the guest's node. */
  site: string
  /** The cluster's id and display name (`cluster:` matches either). */
  clusterName: string
  /** Addresses from the guest agent or the container's interfaces, where known. */
  ips?: readonly string[]
}

/**
 * Compiles a query once into a predicate run over many guests.
 * PLACEHOLDER: the search lane replaces this file; the exported names and types stay.
 */
export function compileQuery(query: SearchQuery): (facts: GuestFacts) => boolean {
  return ({ guest }) =>
    query.terms.every((term) =>
      term.values.some((v) =>
        `${guest.name} ${guest.vmid} ${guest.node} ${guest.tags.join(' ')} ${guest.pool ?? ''}`
          .toLowerCase()
          .includes(v),
      ),
    )
}
