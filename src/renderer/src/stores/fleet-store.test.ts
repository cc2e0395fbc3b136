import { beforeEach, describe, expect, it } from 'vitest'

import type { FleetGuest, FleetState } from '../../../shared/model/fleet'
import { clusterStateFixture, guestFixture } from '../test-fixtures'
import { useFleetStore } from './fleet-store'

const guest = (status: FleetGuest['status']): FleetGuest => guestFixture({ status })
const state = (seq: number, g: FleetGuest): FleetState => ({
  clusters: [clusterStateFixture('c1', [g], { seq })],
})
const statusOf = (): string | undefined => {
  const item = useFleetStore.getState().items.c1?.get('c1/qemu/100')
  return item?.kind === 'guest' ? item.status : undefined
}

describe('fleet store', () => {
  beforeEach(() => {
    useFleetStore.setState({ loaded: false, clusters: {}, items: {} })
  })

  it('applies deltas newer than what it holds and ignores older or repeated ones', () => {
    const store = useFleetStore.getState()
    store.load(state(5, guest('running')))
    store.applyDelta({ clusterId: 'c1', seq: 5, upserts: [guest('stopped')], removed: [] })
    expect(statusOf()).toBe('running')
    store.applyDelta({ clusterId: 'c1', seq: 6, upserts: [guest('stopped')], removed: [] })
    expect(statusOf()).toBe('stopped')
    store.applyDelta({ clusterId: 'c1', seq: 6, upserts: [guest('running')], removed: [] })
    expect(statusOf()).toBe('stopped')
  })

  it('ignores deltas that arrive before the fleet is loaded (the load includes them)', () => {
    const store = useFleetStore.getState()
    store.applyDelta({ clusterId: 'c1', seq: 1, upserts: [guest('stopped')], removed: [] })
    store.load(state(1, guest('stopped')))
    expect(statusOf()).toBe('stopped')
    expect(useFleetStore.getState().loaded).toBe(true)
  })

  it('replaces the item map of a changed cluster, so selectors see the change', () => {
    const store = useFleetStore.getState()
    store.load(state(0, guest('running')))
    const before = useFleetStore.getState().items.c1
    store.applyDelta({ clusterId: 'c1', seq: 1, upserts: [], removed: ['c1/qemu/100'] })
    expect(useFleetStore.getState().items.c1).not.toBe(before)
    expect(statusOf()).toBeUndefined()
  })
})
