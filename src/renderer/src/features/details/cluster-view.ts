import { useShallow } from 'zustand/react/shallow'

import type { ClusterEntry } from '../../stores/fleet-store'
import { useFleetStore } from '../../stores/fleet-store'

/** What an item's details need of its cluster; unchanged by the cluster's deltas and polls. */
export type ClusterView = Pick<ClusterEntry, 'summary' | 'permissions'>

/** A narrow selector: the component renders again when the cluster's configuration or privileges change. */
export function useClusterView(clusterId: string): ClusterView | undefined {
  return useFleetStore(
    useShallow((s) => {
      const entry = s.clusters[clusterId]
      return entry === undefined ? undefined : { summary: entry.summary, permissions: entry.permissions }
    }),
  )
}
