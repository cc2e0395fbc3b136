import type { PveDeskApi } from '../../../shared/ipc/api'
import type { FleetDelta } from '../../../shared/model/fleet'
import { useFleetStore } from './fleet-store'

/**
 * Runs `flush` before the next frame is drawn, or after `ms` if no frame comes (a hidden window draws none, and
 * deltas must not pile up there).
 */
export function beforeNextFrame(flush: () => void, ms = 100): void {
  let done = false
  const once = (): void => {
    if (done) return
    done = true
    clearTimeout(timer)
    flush()
  }
  const timer = setTimeout(once, ms)
  requestAnimationFrame(once)
}

/**
 * Keeps the fleet store in step with main: deltas, status, configuration and permissions. Subscribe first, then
 * load the whole fleet (the store ignores deltas already included in it). Deltas arriving within one frame
 * (five clusters polled together) are applied in one store update, so the tree renders once for them; any other
 * event first applies the deltas before it, so that every change lands in the order main sent it.
 * Returns the function that stops it all.
 */
export function subscribeFleet(
  api: PveDeskApi,
  schedule: (flush: () => void) => void = beforeNextFrame,
): () => void {
  const store = useFleetStore.getState()
  let pending: FleetDelta[] = []
  const flush = (): void => {
    if (pending.length === 0) return
    const batch = pending
    pending = []
    store.applyDeltas(batch)
  }
  const inOrder =
    <T>(apply: (payload: T) => void) =>
    (payload: T): void => {
      flush()
      apply(payload)
    }
  const stops = [
    api.onFleetDelta((delta) => {
      pending.push(delta)
      if (pending.length === 1) schedule(flush)
    }),
    api.onClusterStatus(inOrder((status) => store.setStatus(status))),
    api.onClusterConfig(inOrder((event) => store.applyConfig(event))),
    api.onClusterPermissions(inOrder((event) => store.setPermissions(event))),
  ]
  return () => {
    pending = []
    for (const stop of stops) stop()
  }
}
