import type { StateCreator, StoreApi, UseBoundStore } from 'zustand'
import { create } from 'zustand'

import type { ClusterConfigEvent } from '../../../shared/ipc/contract'
import type {
  ClusterPermissions,
  ClusterStatus,
  ClusterSummary,
  FleetDelta,
  FleetItem,
  FleetState,
} from '../../../shared/model/fleet'
import type { PermissionMap } from '../../../shared/model/permissions'
import { applyDelta } from '../../../shared/model/delta'
import type { ClusterIndex } from './cluster-index'
import { EMPTY_INDEX, indexCluster, updateIndex } from './cluster-index'

export interface ClusterEntry {
  summary: ClusterSummary
  status: ClusterStatus
  seq: number
  /** The user's effective privileges on this cluster, once logged in; undefined = none known (deny all). */
  permissions?: PermissionMap
  /**
   * Set only in an opened inventory snapshot's fleet (see `snapshot-fleet.ts`): how the capture reached this
   * cluster. Its presence makes the cluster read-only for every action and its rows show the captured state.
   */
  capture?: ClusterCapture
}

/** How an inventory snapshot's capture reached one cluster, and when its data was true. */
export interface ClusterCapture {
  reach: 'captured' | 'partial' | 'unreachable'
  /** When the inventory snapshot was taken (ISO 8601 UTC). */
  takenAt: string
  /** For a cluster unreachable at capture: when its last-known data was true (ISO 8601 UTC), if it has any. */
  lastKnownAt?: string
}

/**
 * The fleet as the renderer knows it, keyed by cluster id: configuration summary, connection status and items.
 * Main pushes deltas; a delta whose `seq` is not newer than what the store holds is ignored, so the
 * subscribe-then-load start-up can never apply a change twice or go back in time.
 */
export interface FleetStore {
  loaded: boolean
  clusters: Record<string, ClusterEntry>
  /** Items per cluster; each map is replaced (never mutated) when its cluster changes. */
  items: Record<string, ReadonlyMap<string, FleetItem>>
  /** The same items arranged per node for the tree; a delta rebuilds only the nodes it touches. */
  trees: Record<string, ClusterIndex>
  load: (state: FleetState) => void
  applyDelta: (delta: FleetDelta) => void
  /** Several deltas in one update (one render), in order. */
  applyDeltas: (deltas: readonly FleetDelta[]) => void
  setStatus: (status: ClusterStatus) => void
  applyConfig: (event: ClusterConfigEvent) => void
  setPermissions: (event: ClusterPermissions) => void
}

const fleetStore: StateCreator<FleetStore> = (set, get) => ({
  loaded: false,
  clusters: {},
  items: {},
  trees: {},
  load: (state) => {
    set((current) => {
      const clusters: Record<string, ClusterEntry> = {}
      const items: Record<string, ReadonlyMap<string, FleetItem>> = {}
      const trees: Record<string, ClusterIndex> = {}
      for (const c of state.clusters) {
        const known = current.clusters[c.summary.id]
        const keep = known !== undefined && known.seq > c.seq
        clusters[c.summary.id] = keep
          ? known
          : {
              summary: c.summary,
              status: c.status,
              seq: c.seq,
              ...(c.permissions ? { permissions: c.permissions } : {}),
            }
        items[c.summary.id] = keep
          ? (current.items[c.summary.id] ?? new Map())
          : new Map(c.items.map((i) => [i.key, i]))
        trees[c.summary.id] = keep ? (current.trees[c.summary.id] ?? EMPTY_INDEX) : indexCluster(c.items)
      }
      return { loaded: true, clusters, items, trees }
    })
  },
  applyDelta: (delta) => {
    get().applyDeltas([delta])
  },
  applyDeltas: (deltas) => {
    set((current) => {
      let clusters = current.clusters
      let items = current.items
      let trees = current.trees
      for (const delta of deltas) {
        const cluster = clusters[delta.clusterId]
        if (cluster === undefined || delta.seq <= cluster.seq) continue
        const before = items[delta.clusterId] ?? new Map<string, FleetItem>()
        const next = new Map(before)
        applyDelta(next, delta)
        const tree = updateIndex(trees[delta.clusterId] ?? indexCluster(before.values()), before, delta)
        clusters = { ...clusters, [delta.clusterId]: { ...cluster, seq: delta.seq } }
        items = { ...items, [delta.clusterId]: next }
        trees = { ...trees, [delta.clusterId]: tree }
      }
      return clusters === current.clusters ? current : { clusters, items, trees }
    })
  },
  applyConfig: (event) => {
    set((current) => {
      if (event.kind === 'removed') {
        const { [event.clusterId]: _gone, ...clusters } = current.clusters
        const { [event.clusterId]: _items, ...items } = current.items
        const { [event.clusterId]: _tree, ...trees } = current.trees
        return { clusters, items, trees }
      }
      const id = event.summary.id
      const known = current.clusters[id]
      // A changed cluster is reconnected from scratch by main: its items start again from seq 0.
      const entry: ClusterEntry = {
        summary: event.summary,
        status: known?.status ?? { clusterId: id, state: 'connecting', stale: false, lastUpdated: null },
        seq: 0,
      }
      return {
        clusters: { ...current.clusters, [id]: entry },
        items: { ...current.items, [id]: new Map() },
        trees: { ...current.trees, [id]: EMPTY_INDEX },
      }
    })
  },
  setPermissions: ({ clusterId, permissions }) => {
    set((current) => {
      const cluster = current.clusters[clusterId]
      if (cluster === undefined) return current
      return { clusters: { ...current.clusters, [clusterId]: { ...cluster, permissions } } }
    })
  },
  setStatus: (status) => {
    set((current) => {
      const cluster = current.clusters[status.clusterId]
      if (cluster === undefined) return current
      return { clusters: { ...current.clusters, [status.clusterId]: { ...cluster, status } } }
    })
  },
})

/**
 * A fleet store: the live one ({@link useFleetStore}), or an opened inventory snapshot's (`snapshot-fleet.ts`),
 * which the tree and the details show instead of the live one while it is open.
 */
export const createFleetStore = (): UseBoundStore<StoreApi<FleetStore>> => create<FleetStore>()(fleetStore)

/** The live fleet: main's state and deltas, whatever the window shows. */
export const useFleetStore = createFleetStore()
