import { describe, expect, it } from 'vitest'

import { applyDelta, diffInventory } from './delta'
import type { FleetGuest, FleetItem } from './fleet'

const guest = (vmid: number, patch: Partial<FleetGuest> = {}): FleetGuest => ({
  kind: 'guest',
  key: `c1/qemu/${vmid}`,
  clusterId: 'c1',
  type: 'qemu',
  vmid,
  node: 'n1',
  name: `vm${vmid}`,
  status: 'running',
  template: false,
  tags: [],
  ...patch,
})
const map = (...items: FleetItem[]): Map<string, FleetItem> => new Map(items.map((i) => [i.key, i]))

describe('diffInventory', () => {
  it('reports only the guests that changed, were added or went away', () => {
    const prev = map(guest(100), guest(101), guest(102))
    const next = map(guest(100), guest(101, { status: 'stopped' }), guest(103))
    const delta = diffInventory(prev, next)
    expect(delta.upserts.map((i) => i.key).sort()).toEqual(['c1/qemu/101', 'c1/qemu/103'])
    expect(delta.removed).toEqual(['c1/qemu/102'])
  })

  it('sees a change inside an array field (tags) and ignores equal copies', () => {
    const prev = map(guest(100, { tags: ['prod'] }))
    expect(diffInventory(prev, map(guest(100, { tags: ['prod'] }))).upserts).toEqual([])
    expect(diffInventory(prev, map(guest(100, { tags: ['prod', 'web'] }))).upserts).toHaveLength(1)
  })

  it('sees a field that appeared or disappeared (a lock taken, then released)', () => {
    const locked = map(guest(100, { lock: 'backup' }))
    expect(diffInventory(map(guest(100)), locked).upserts).toHaveLength(1)
    expect(diffInventory(locked, map(guest(100))).upserts).toHaveLength(1)
  })

  it('applying the delta to the previous inventory gives the next one', () => {
    const prev = map(guest(100), guest(101), guest(102))
    const next = map(guest(100, { cpu: 0.5 }), guest(102), guest(104))
    const copy = new Map(prev)
    applyDelta(copy, diffInventory(prev, next))
    expect(copy).toEqual(next)
  })
})
