import { pveDesk, unwrap } from '../api/client'
import { useFleetStore } from './fleet-store'

/**
 * Keeps the fleet store in step with main: subscribe to deltas and status first, then load the whole fleet
 * (the store ignores deltas already included in it). Returns the function that stops it all.
 */
export function startFleetSync(): () => void {
  const api = pveDesk()
  const store = useFleetStore.getState()
  const stops = [
    api.onFleetDelta((delta) => store.applyDelta(delta)),
    api.onClusterStatus((s) => store.setStatus(s)),
  ]
  void unwrap(api.fleetGet({})).then((state) => {
    store.load(state)
  })
  return () => {
    for (const stop of stops) stop()
  }
}
