import { useShallow } from 'zustand/react/shallow'

import type { ClusterEntry } from '../../stores/fleet-store'
import { useShownFleet } from '../../stores/shown-fleet'

/** What an item's details need of its cluster; unchanged by the cluster's deltas and polls. */
export type ClusterView = Pick<ClusterEntry, 'summary' | 'permissions' | 'capture'>

/** A narrow selector: the component renders again when the cluster's configuration or privileges change. */
export function useClusterView(clusterId: string): ClusterView | undefined {
  return useShownFleet(
    useShallow((s) => {
      const entry = s.clusters[clusterId]
      return entry === undefined
        ? undefined
        : { summary: entry.summary, permissions: entry.permissions, capture: entry.capture }
    }),
  )
}
