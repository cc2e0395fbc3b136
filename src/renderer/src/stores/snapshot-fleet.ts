import type { OpenedInventory } from '../../../shared/ipc/domains/inventory'
import type { ClusterStatus } from '../../../shared/model/fleet'
import type { ClusterCapture, ClusterEntry, FleetStore } from './fleet-store'
import { createFleetStore } from './fleet-store'
import type { Selection } from './selection'

/**
 * The fleet of the opened inventory snapshot, in the live store's shape, so that the same tree and details show
 * it. A store of its own: the live store goes on taking main's deltas untouched while a snapshot is shown, and is
 * shown again as it is now when the snapshot closes. Loaded once per opened snapshot (never copied per render).
 */
export const useSnapshotFleetStore = createFleetStore()

const EMPTY = { loaded: false, clusters: {}, items: {}, trees: {} }

/**
 * The status a snapshot's cluster shows: the captured reach, never live-looking facts — no endpoint health (no
 * certificate badge), no next attempt, and "stale" only for last-known data of a cluster unreachable at capture,
 * so that its rows say so.
 */
function capturedStatus(status: ClusterStatus, capture: ClusterCapture): ClusterStatus {
  const { endpoints: _endpoints, nextAttemptAt: _next, ...rest } = status
  const lastKnown = capture.reach === 'unreachable' && capture.lastKnownAt !== undefined
  const at = Date.parse(capture.lastKnownAt ?? capture.takenAt)
  return {
    ...rest,
    state: capture.reach === 'unreachable' ? 'unreachable' : 'online',
    stale: lastKnown,
    lastUpdated: Number.isFinite(at) ? at : null,
  }
}

/** Shows `opened` in the snapshot store (whatever it showed before is gone). */
export function loadSnapshotFleet(opened: OpenedInventory): void {
  const store = useSnapshotFleetStore
  store.setState(EMPTY)
  const reach = new Map(opened.clusters.map((c) => [c.clusterId, c]))
  const captureOf = (clusterId: string): ClusterCapture => {
    const c = reach.get(clusterId)
    return {
      // A cluster the snapshot does not describe is not pretended captured.
      reach: c?.reach ?? 'partial',
      takenAt: opened.manifest.takenAt,
      ...(c?.lastKnownAt === undefined ? {} : { lastKnownAt: c.lastKnownAt }),
    }
  }
  store.getState().load({
    clusters: opened.fleet.clusters.map(({ permissions: _none, ...c }) => ({
      ...c,
      summary: { ...c.summary, readOnly: true },
      status: capturedStatus(c.status, captureOf(c.summary.id)),
    })),
  })
  store.setState((s) => {
    const clusters: Record<string, ClusterEntry> = {}
    for (const [id, entry] of Object.entries(s.clusters)) clusters[id] = { ...entry, capture: captureOf(id) }
    return { clusters }
  })
}

export function clearSnapshotFleet(): void {
  useSnapshotFleetStore.setState(EMPTY)
}

/**
 * The tree selection of a fleet key (`<clusterId>/qemu/101`, `<clusterId>/node/km4-pve1`, a cluster id), as the
 * store shows it, or undefined when the key names nothing there (a guest removed since).
 */
export function selectionOfKey(
  state: Pick<FleetStore, 'clusters' | 'items' | 'trees'>,
  key: string,
): Selection | undefined {
  const slash = key.indexOf('/')
  const clusterId = slash < 0 ? key : key.slice(0, slash)
  const entry = state.clusters[clusterId]
  if (entry === undefined) return undefined
  const item = state.items[clusterId]?.get(key)
  switch (item?.kind) {
    case 'guest':
      return { kind: 'guest', clusterId, vmid: item.vmid }
    case 'node':
      return { kind: 'node', clusterId, node: item.node }
    case 'storage':
      return { kind: 'storage', clusterId, node: item.node, storage: item.storage }
    default: {
      if (slash >= 0 && item === undefined) return undefined
      // A cluster row stands under each site of its nodes: the first one the tree shows.
      const first = state.trees[clusterId]?.groups.values().next().value
      const site = first?.node?.site ?? entry.summary.defaultSite
      return { kind: 'cluster', site, clusterId }
    }
  }
}
