import { create } from 'zustand'

import type { AgentFacts } from '../../../shared/model/panels'

const NONE: ReadonlyMap<string, readonly string[]> = new Map()
/** Enough for a fleet's worth of guests whose panels were opened; the oldest learned go first. */
const MAX_GUESTS = 20_000

/**
 * The IP addresses PVE Desk learned of guests (their guest agent, a container's interfaces), by fleet key
 * (`<clusterId>/qemu/101`), for the search's `ip:` field: "where known", since PVE lists no address in
 * `/cluster/resources`. Fed by the guest panel's summary; a new map on every change so that the tree sees it.
 */
export interface AddressStore {
  byGuest: ReadonlyMap<string, readonly string[]>
  remember: (guestKey: string, agent: AgentFacts) => void
}

export const useAddressStore = create<AddressStore>()((set) => ({
  byGuest: NONE,
  remember: (guestKey, agent) => {
    if (agent.state !== 'ok') return
    const addresses = [
      ...new Set(agent.interfaces.flatMap((i) => i.addresses.map((a) => a.address.toLowerCase()))),
    ].filter((a) => a !== '127.0.0.1' && a !== '::1')
    set((current) => {
      const known = current.byGuest.get(guestKey)
      if (known !== undefined && known.join(' ') === addresses.join(' ')) return current
      const next = new Map(current.byGuest)
      next.delete(guestKey)
      next.set(guestKey, addresses)
      while (next.size > MAX_GUESTS) next.delete(next.keys().next().value ?? '')
      return { byGuest: next }
    })
  },
}))
