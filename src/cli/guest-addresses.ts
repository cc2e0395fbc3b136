import type { FleetGuest } from '../shared/model/fleet'
import type { SearchQuery } from '../shared/search/query'
import { addressesOf, readAgent } from '../main/panels/guest/guest-agent'
import { settleLimited } from '../main/panels/panel-parts'
import type { PveClient } from '../main/pve/pve-client'

/**
 * `ip:` in `--filter`: the app learns guests' addresses from the summaries it shows; a script has none, so the
 * CLI asks the guests that could match. Only running guests that match every other term are asked (a
 * `name:web ip:10.1.*` over 10,000 guests asks the few web ones), at most {@link ADDRESS_CONCURRENCY} at a time
 * per cluster, each call with the agent's short deadline: a guest whose agent does not answer has no address
 * and matches no `ip:` (a `-ip:` term keeps it).
 */

/** Guests asked at once per cluster. */
export const ADDRESS_CONCURRENCY = 8

export const hasIpTerm = (query: SearchQuery | undefined): query is SearchQuery =>
  query?.terms.some((t) => t.field === 'ip') === true

/** The query without its `ip:` terms: which guests are worth asking. */
export const withoutIpTerms = (query: SearchQuery): SearchQuery => ({
  terms: query.terms.filter((t) => t.field !== 'ip'),
})

/** A VM whose QEMU is paused runs no agent; asking would only wait for the deadline. */
const answers = (g: FleetGuest): boolean =>
  g.status === 'running' && !g.template && g.qmpstatus !== 'paused' && g.qmpstatus !== 'suspended'

/** Addresses of each guest (by key) that told some: its agent's (qemu) or its node's view (lxc), loopback out. */
export async function learnAddresses(
  client: PveClient,
  guests: readonly FleetGuest[],
  options: { deadlineMs?: number; signal?: AbortSignal } = {},
): Promise<Map<string, string[]>> {
  const asked = guests.filter(answers)
  const results = await settleLimited(asked, ADDRESS_CONCURRENCY, options.signal, (g) =>
    readAgent(client, g, { running: true }, options),
  )
  const out = new Map<string, string[]>()
  results.forEach((r, i) => {
    const guest = asked[i]
    if (guest === undefined || r.status === 'rejected') return
    const ips = addressesOf(r.value.facts.interfaces)
    if (ips.length > 0) out.set(guest.key, ips)
  })
  return out
}
