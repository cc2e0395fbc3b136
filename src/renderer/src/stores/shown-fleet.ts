import { useStore } from 'zustand'

import type { FleetStore } from './fleet-store'
import { useFleetStore } from './fleet-store'
import { useInventoryStore } from './inventory-store'
import { useSnapshotFleetStore } from './snapshot-fleet'

/** True while an inventory snapshot is open: the window shows it, read-only, instead of the live fleet. */
export const useOffline = (): boolean => useInventoryStore((s) => s.opened !== undefined)

/**
 * The fleet the window shows: the opened inventory snapshot's, else the live one. For the tree and the details;
 * what concerns live connections only (console tabs, cluster management) reads `useFleetStore` itself.
 */
export function useShownFleet<T>(selector: (state: FleetStore) => T): T {
  const offline = useOffline()
  return useStore(offline ? useSnapshotFleetStore : useFleetStore, selector)
}

/** {@link useShownFleet} outside React (key handlers). */
export const shownFleet = (): FleetStore =>
  (useInventoryStore.getState().opened === undefined ? useFleetStore : useSnapshotFleetStore).getState()
