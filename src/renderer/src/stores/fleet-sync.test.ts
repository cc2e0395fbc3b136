import { beforeEach, describe, expect, it } from 'vitest'

import type { PveDeskApi } from '../../../shared/ipc/api'
import type { ClusterConfigEvent } from '../../../shared/ipc/contract'
import type { FleetDelta, FleetGuest, FleetState } from '../../../shared/model/fleet'
import { clusterStateFixture, guestFixture, summaryFixture } from '../test-fixtures'
import { useFleetStore } from './fleet-store'
import { subscribeFleet } from './fleet-sync'

const guest = (clusterId: string, vmid: number, name: string): FleetGuest =>
  guestFixture({ clusterId, vmid, name })
const summary = summaryFixture('c1')
const state: FleetState = { clusters: [clusterStateFixture('c1', [], { seq: 4 })] }

/** A bridge whose events the test fires by hand, and a frame the test draws by hand. */
function harness(): {
  delta: (d: FleetDelta) => void
  config: (e: ClusterConfigEvent) => void
  frame: () => void
} {
  const listeners: Record<string, (payload: never) => void> = {}
  const on = (name: string) => (listener: (payload: never) => void) => {
    listeners[name] = listener
    return () => undefined
  }
  // Only the four subscriptions are called.
  const api = {
    onFleetDelta: on('delta'),
    onClusterStatus: on('status'),
    onClusterConfig: on('config'),
    onClusterPermissions: on('permissions'),
  } as unknown as PveDeskApi
  let frames: (() => void)[] = []
  subscribeFleet(api, (flush) => frames.push(flush))
  const fire = (name: string, payload: unknown): void => {
    listeners[name]?.(payload as never)
  }
  return {
    delta: (d) => fire('delta', d),
    config: (e) => fire('config', e),
    frame: () => {
      const due = frames
      frames = []
      for (const flush of due) flush()
    },
  }
}

describe('fleet sync', () => {
  beforeEach(() => {
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load(state)
  })

  it('applies the deltas of one frame in one store update', () => {
    const { delta, frame } = harness()
    let updates = 0
    const stop = useFleetStore.subscribe(() => updates++)
    delta({ clusterId: 'c1', seq: 5, upserts: [guest('c1', 100, 'a')], removed: [] })
    delta({ clusterId: 'c1', seq: 6, upserts: [guest('c1', 101, 'b')], removed: [] })
    expect(useFleetStore.getState().items.c1?.size).toBe(0)
    frame()
    stop()
    expect(updates).toBe(1)
    expect([...(useFleetStore.getState().items.c1?.keys() ?? [])]).toEqual(['c1/qemu/100', 'c1/qemu/101'])
  })

  it('keeps main’s order: deltas before a configuration change are applied before it', () => {
    const { delta, config, frame } = harness()
    delta({ clusterId: 'c1', seq: 5, upserts: [guest('c1', 100, 'old')], removed: [] })
    // The cluster was edited: main starts it again from seq 0, and its first delta is seq 1.
    config({ kind: 'saved', summary })
    delta({ clusterId: 'c1', seq: 1, upserts: [guest('c1', 200, 'new')], removed: [] })
    frame()
    expect([...(useFleetStore.getState().items.c1?.keys() ?? [])]).toEqual(['c1/qemu/200'])
    expect(useFleetStore.getState().trees.c1?.guests.get(200)?.name).toBe('new')
  })
})
