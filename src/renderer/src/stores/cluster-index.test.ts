import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { applyDelta } from '../../../shared/model/delta'
import type { FleetGuest, FleetItem } from '../../../shared/model/fleet'
import { guestFixture, nodeFixture } from '../test-fixtures'
import { indexCluster, updateIndex } from './cluster-index'
import type { ClusterIndex } from './cluster-index'

const NODES = ['n1', 'n2', 'n10']
const node = (name: string): FleetItem => nodeFixture('c', name, 'S')
const guest = (vmid: number, nodeName: string, status: FleetGuest['status'] = 'running'): FleetGuest =>
  guestFixture({ clusterId: 'c', vmid, node: nodeName, name: `vm-${vmid}`, status, tags: ['Prod'] })
const storage = (name: string, nodeName: string): FleetItem => ({
  kind: 'storage',
  key: `c/storage/${nodeName}/${name}`,
  clusterId: 'c',
  node: nodeName,
  storage: name,
  status: 'available',
  shared: false,
  content: [],
})
const map = (items: FleetItem[]): Map<string, FleetItem> => new Map(items.map((i) => [i.key, i]))

/** The index as plain data, to compare an updated index with one built from scratch. */
const plain = (index: ClusterIndex): unknown =>
  [...index.groups.values()]
    .map((g) => ({ ...g, node: g.node?.key }))
    .sort((a, b) => a.name.localeCompare(b.name))

describe('cluster index', () => {
  const before = map([node('n1'), node('n2'), guest(102, 'n1'), guest(100, 'n1'), guest(200, 'n2')])
  const index = indexCluster(before.values())

  it('sorts each node’s guests by VMID and keeps their lower-case search text', () => {
    const g = index.groups.get('n1')
    expect(g?.guests.map((x) => x.vmid)).toEqual([100, 102])
    expect(g?.searchKeys[0]).toBe('vm-100 100 n1 qemu  prod')
    expect(g?.running).toBe(2)
  })

  it('rebuilds only the group of the node a delta touches', () => {
    const next = updateIndex(index, before, { upserts: [guest(100, 'n1', 'stopped')], removed: [] })
    expect(next.groups.get('n2')).toBe(index.groups.get('n2'))
    expect(next.groups.get('n1')).not.toBe(index.groups.get('n1'))
    expect(next.groups.get('n1')?.running).toBe(1)
    expect(next.guests.get(100)?.status).toBe('stopped')
    expect(updateIndex(index, before, { upserts: [], removed: [] })).toBe(index)
  })

  it('moves a migrated guest from its old node to its new one', () => {
    const next = updateIndex(index, before, { upserts: [guest(102, 'n2')], removed: [] })
    expect(next.groups.get('n1')?.guests.map((x) => x.vmid)).toEqual([100])
    expect(next.groups.get('n2')?.guests.map((x) => x.vmid)).toEqual([102, 200])
  })

  it('gives, after any deltas, the index built from scratch', () => {
    const item = fc.oneof(
      fc
        .record({
          vmid: fc.integer({ min: 100, max: 130 }),
          node: fc.constantFrom(...NODES),
          running: fc.boolean(),
        })
        .map(({ vmid, node: n, running }) => guest(vmid, n, running ? 'running' : 'stopped') as FleetItem),
      fc.constantFrom(...NODES).map(node),
      fc
        .record({ name: fc.constantFrom('local', 'ceph'), node: fc.constantFrom(...NODES) })
        .map(({ name, node: n }) => storage(name, n)),
    )
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 30 }),
        fc.array(
          fc.record({
            upserts: fc.array(item, { maxLength: 8 }),
            drop: fc.array(fc.nat(), { maxLength: 4 }),
          }),
          {
            maxLength: 6,
          },
        ),
        (start, deltas) => {
          let items = map(start)
          let current = indexCluster(items.values())
          for (const { upserts, drop } of deltas) {
            const keys = [...items.keys()]
            const removed = drop.map((i) => keys[i % Math.max(1, keys.length)]).filter((k) => k !== undefined)
            // A delta never removes and upserts the same key (diffInventory gives one or the other).
            const delta = { upserts: upserts.filter((u) => !removed.includes(u.key)), removed }
            const deduped = { ...delta, upserts: [...map(delta.upserts).values()] }
            current = updateIndex(current, items, deduped)
            items = new Map(items)
            applyDelta(items, deduped)
          }
          expect(plain(current)).toEqual(plain(indexCluster(items.values())))
          expect([...current.guests.keys()].sort()).toEqual(
            [...items.values()].flatMap((i) => (i.kind === 'guest' ? [i.vmid] : [])).sort(),
          )
        },
      ),
    )
  })
})
