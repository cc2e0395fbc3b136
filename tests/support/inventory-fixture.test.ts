import { describe, expect, it } from 'vitest'

import { InventorySnapshot } from '../../src/shared/model/inventory-snapshot'
import { makeInventory, mutate } from './inventory-fixture'

describe('the inventory snapshot fixture', () => {
  it('is a valid inventory snapshot (zod) for every option, and the same for the same seed', () => {
    for (const options of [
      {},
      { guests: 0 },
      { guests: 7, clusters: 5, hostile: true, unreachable: true },
      { guests: 300, seed: 9 },
    ]) {
      const s = makeInventory(options)
      const parsed = InventorySnapshot.safeParse(s)
      expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 2))).toBe(true)
      expect(makeInventory(options)).toEqual(s)
    }
    const s = makeInventory({ guests: 50, clusters: 2 })
    expect(s.clusters.map((c) => c.guests.length)).toEqual([25, 25])
    expect(s.clusters.every((c) => c.resources?.some((r) => r.type === 'pool'))).toBe(true)
  })

  it('mutates a copy, never the inventory snapshot given', () => {
    const s = makeInventory({ guests: 10, clusters: 1 })
    const copy = structuredClone(s)
    const m = mutate(
      s,
      { op: 'rename', clusterId: 'par-prod', vmid: 100, name: 'x' },
      { op: 'removeAcl', clusterId: 'par-prod', index: 0 },
    )
    expect(s).toEqual(copy)
    expect(m.clusters[0]?.guests[0]?.name).toBe('x')
    expect(InventorySnapshot.safeParse(m).success).toBe(true)
  })
})
