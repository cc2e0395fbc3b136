import { pveDesk, unwrap } from '../api/client'
import { useAppStore } from './app-store'
import { useFleetStore } from './fleet-store'

/**
 * Keeps the fleet store in step with main: subscribe to deltas, status, configuration and permissions first, then load the whole fleet
 * (the store ignores deltas already included in it). Returns the function that stops it all.
 */
export function startFleetSync(): () => void {
  const api = pveDesk()
  const store = useFleetStore.getState()
  const stops = [
    api.onFleetDelta((delta) => store.applyDelta(delta)),
    api.onClusterStatus((status) => store.setStatus(status)),
    api.onClusterConfig((event) => store.applyConfig(event)),
    api.onClusterPermissions((event) => store.setPermissions(event)),
  ]
  void unwrap(api.fleetGet({})).then((state) => {
    store.load(state)
  })
  void unwrap(api.appHealth({})).then((health) => {
    useAppStore.getState().setHealth(health)
  })
  return () => {
    for (const stop of stops) stop()
  }
}
