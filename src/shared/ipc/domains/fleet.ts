import { FleetDelta, FleetState } from '../../model/fleet'
import { defineDomain } from '../domain'
import { empty } from '../schemas'

/** The fleet as the tree shows it: one snapshot, then deltas. */
export const fleetDomain = defineDomain('fleet', {
  invoke: {
    /**
     * The whole fleet now: every configured cluster with its status and last-known items, and the `seq` of the
     * last delta already included. Subscribe to `fleet:delta` first, then call this, then apply deltas whose seq
     * is larger: nothing is missed and nothing applied twice.
     */
    'fleet:get': { request: empty, response: FleetState },
  },
  events: {
    /** Items of one cluster that changed since the previous delta. */
    'fleet:delta': FleetDelta,
  },
  streams: {},
})
