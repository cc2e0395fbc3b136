import type { FleetGuest } from '../../../../shared/model/fleet'
import type { GuestRef } from '../../../../shared/model/guest-action'
import type { ClusterEntry } from '../../stores/fleet-store'
import { useFleetStore } from '../../stores/fleet-store'

/** What a dialog needs to name a guest to the user: the live guest, its cluster, its site. */
export interface GuestFacts {
  guest: FleetGuest
  entry: ClusterEntry
  site: string
}

/** From the live fleet (actions never run on an inventory snapshot's). Undefined when the guest is gone. */
export function guestFacts(
  state: {
    clusters: Record<string, ClusterEntry>
    trees: ReturnType<typeof useFleetStore.getState>['trees']
  },
  ref: GuestRef,
): GuestFacts | undefined {
  const entry = state.clusters[ref.clusterId]
  const guest = state.trees[ref.clusterId]?.guests.get(ref.vmid)
  if (entry === undefined || guest === undefined) return undefined
  return { guest, entry, site: entry.summary.sites[guest.node] ?? entry.summary.defaultSite }
}

/** {@link guestFacts} as a hook: renders again when the guest or its cluster changes. */
export function useGuestFacts(ref: GuestRef): GuestFacts | undefined {
  const entry = useFleetStore((s) => s.clusters[ref.clusterId])
  const guest = useFleetStore((s) => s.trees[ref.clusterId]?.guests.get(ref.vmid))
  if (entry === undefined || guest === undefined) return undefined
  return { guest, entry, site: entry.summary.sites[guest.node] ?? entry.summary.defaultSite }
}
