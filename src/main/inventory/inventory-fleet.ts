import type { InventoryItemDetails } from '../../shared/ipc/domains/inventory'
import type { FleetState } from '../../shared/model/fleet'
import type { InventoryCluster, InventorySnapshot } from '../../shared/model/inventory-snapshot'
import { normalizeResources } from '../fleet/normalize'

/**
 * An inventory snapshot in the live tree's shape: each cluster's captured `/cluster/resources` through the live
 * normalizer with the sites as they were, behind a read-only summary (no endpoints, no credential, no
 * permissions: every action is off) and a status as captured (`stale` when the data is last-known data).
 */
export function fleetOfSnapshot(snapshot: InventorySnapshot): FleetState {
  const takenAt = Date.parse(snapshot.meta.takenAt)
  return {
    clusters: snapshot.clusters.map((cluster) => {
      const { id, name, sites, defaultSite, reach, lastKnown, clusterName } = cluster
      const items = normalizeResources(cluster.resources ?? [], { clusterId: id, sites, defaultSite }).items
      const version = cluster.version?.version
      return {
        summary: { id, name, readOnly: true, endpoints: [], hasCredential: false, sites, defaultSite },
        status: {
          clusterId: id,
          state: reach === 'unreachable' ? 'unreachable' : 'online',
          stale: lastKnown !== undefined,
          // Last-known data was true when it was captured, not when this snapshot was taken.
          lastUpdated: lastKnown === undefined ? takenAt : Date.parse(lastKnown.at),
          ...(typeof version === 'string' ? { version } : {}),
          ...(clusterName === undefined ? {} : { clusterName }),
        },
        seq: 0,
        items: [...items.values()],
      }
    }),
  }
}

/** What the snapshot holds on the tree item `key` (`<clusterId>/qemu/101`, `<clusterId>/node/km4-pve1`). */
export function detailsOf(snapshot: InventorySnapshot, key: string): InventoryItemDetails {
  const cluster = clusterOfKey(snapshot, key)
  if (cluster === undefined) return { kind: 'none' }
  const id = key.slice(cluster.id.length + 1)
  const guest = /^(qemu|lxc)\/(\d{1,10})$/.exec(id)
  if (guest !== null) {
    const found = cluster.guests.find((g) => g.type === guest[1] && g.vmid === Number(guest[2]))
    return found === undefined ? { kind: 'none' } : { kind: 'guest', guest: found }
  }
  if (id.startsWith('node/')) {
    const found = cluster.nodes.find((n) => n.node === id.slice('node/'.length))
    return found === undefined ? { kind: 'none' } : { kind: 'node', node: found }
  }
  return { kind: 'none' }
}

function clusterOfKey(snapshot: InventorySnapshot, key: string): InventoryCluster | undefined {
  // The longest id that prefixes the key: ids are the user's, one may prefix another.
  let best: InventoryCluster | undefined
  for (const cluster of snapshot.clusters) {
    if (key.startsWith(`${cluster.id}/`) && cluster.id.length > (best?.id.length ?? -1)) best = cluster
  }
  return best
}
