import type { ClusterRegistry } from '../clusters/cluster-registry'
import type { ClusterConnection } from '../clusters/cluster-connection'
import type { ClusterState } from '../../shared/model/fleet'
import type { FakePve } from '../inventory/capture/fake-pve.testing'

/** A connection as the DR reader uses it (id, config, state, api.call), over a fake PVE. */
export interface FakeConnection {
  connection: ClusterConnection
  setState(state: ClusterState): void
}

export function fakeConnection(pve: FakePve): FakeConnection {
  let state: ClusterState = 'online'
  const { cluster } = pve
  const fake = {
    id: cluster.id,
    config: { id: cluster.id, name: cluster.name, sites: cluster.sites, defaultSite: cluster.defaultSite },
    get status() {
      return { clusterId: cluster.id, state, stale: false, lastUpdated: null }
    },
    api: {
      call: (_method: string, path: string, params: never, signal?: AbortSignal) =>
        cluster.get(path, params, signal),
    },
  }
  return {
    // Only what the DR reader touches is there: the cast says so.
    connection: fake as unknown as ClusterConnection,
    setState: (s) => (state = s),
  }
}

export function fakeRegistry(connections: () => ClusterConnection[]): ClusterRegistry {
  // The DR service asks the registry for its list only.
  return { list: connections } as unknown as ClusterRegistry
}
