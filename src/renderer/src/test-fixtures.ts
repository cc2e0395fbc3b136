// Test-only: the fleet data the renderer's unit tests build their stores and trees from. No product module imports
// this file (the bundle starts at main.tsx and never reaches it).
import type {
  ClusterStatus,
  ClusterSummary,
  FleetGuest,
  FleetItem,
  FleetState,
} from '../../shared/model/fleet'
import type { ClusterEntry } from './stores/fleet-store'

/** A cluster PVE Desk holds a credential for, not read-only, with no endpoint or site listed; `patch` wins. */
export const summaryFixture = (id: string, patch: Partial<ClusterSummary> = {}): ClusterSummary => ({
  id,
  name: id,
  readOnly: false,
  endpoints: [],
  sites: {},
  defaultSite: 'S',
  hasCredential: true,
  ...patch,
})

/** A cluster that answered at time 1; `patch` wins. */
export const onlineStatus = (clusterId: string, patch: Partial<ClusterStatus> = {}): ClusterStatus => ({
  clusterId,
  state: 'online',
  stale: false,
  lastUpdated: 1,
  ...patch,
})

/** A cluster as the fleet store holds it, online. */
export const entryFixture = (id: string, summary: Partial<ClusterSummary> = {}, seq = 0): ClusterEntry => ({
  summary: summaryFixture(id, summary),
  status: onlineStatus(id),
  seq,
})

/** A cluster as main sends it in the fleet state, online, with these items. */
export const clusterStateFixture = (
  id: string,
  items: FleetItem[],
  { seq = 1, summary = {} }: { seq?: number; summary?: Partial<ClusterSummary> } = {},
): FleetState['clusters'][number] => ({
  summary: summaryFixture(id, summary),
  status: onlineStatus(id),
  seq,
  items,
})

/** An online node of `clusterId` in `site`. */
export const nodeFixture = (clusterId: string, node: string, site: string): FleetItem => ({
  kind: 'node',
  key: `${clusterId}/node/${node}`,
  clusterId,
  node,
  site,
  status: 'online',
})

/** A running QEMU guest, by default c1's 100 "web" on n1 with no tag; its key follows its cluster and vmid. */
export const guestFixture = (patch: Partial<Omit<FleetGuest, 'kind' | 'key' | 'type'>> = {}): FleetGuest => {
  const { clusterId = 'c1', vmid = 100 } = patch
  return {
    kind: 'guest',
    key: `${clusterId}/qemu/${vmid}`,
    clusterId,
    type: 'qemu',
    vmid,
    node: 'n1',
    name: 'web',
    status: 'running',
    template: false,
    tags: [],
    ...patch,
  }
}
