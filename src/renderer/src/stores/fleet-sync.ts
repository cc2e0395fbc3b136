import type { PveDeskApi } from '../../../shared/ipc/api'
import { useFleetStore } from './fleet-store'

/**
 * Keeps the fleet store in step with main: deltas, status, configuration and permissions. Subscribe first, then
 * load the whole fleet (the store ignores deltas already included in it). Returns the function that stops it all.
 */
export function subscribeFleet(api: PveDeskApi): () => void {
  const store = useFleetStore.getState()
  const stops = [
    api.onFleetDelta((delta) => store.applyDelta(delta)),
    api.onClusterStatus((status) => store.setStatus(status)),
    api.onClusterConfig((event) => store.applyConfig(event)),
    api.onClusterPermissions((event) => store.setPermissions(event)),
  ]
  return () => {
    for (const stop of stops) stop()
  }
}
