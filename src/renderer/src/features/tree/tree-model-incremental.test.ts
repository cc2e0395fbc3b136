import { beforeEach, describe, expect, it } from 'vitest'

import type { FleetGuest, FleetItem, FleetState } from '../../../../shared/model/fleet'
import { useFleetStore } from '../../stores/fleet-store'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { selectionKey } from '../../stores/selection'
import { createTreeModel, rowsToArray } from './tree-model'
import type { TreeRow } from './tree-model'

const guest = (clusterId: string, node: string, vmid: number, status: FleetGuest['status']): FleetGuest =>
  guestFixture({ clusterId, node, vmid, name: `vm-${vmid}`, status })
const node = nodeFixture
const cluster = (id: string, site: string, items: FleetItem[]): FleetState['clusters'][number] =>
  clusterStateFixture(id, items, { summary: { defaultSite: site } })

const rowsNow = (model: ReturnType<typeof createTreeModel>, filter = ''): TreeRow[] => {
  const { clusters, trees } = useFleetStore.getState()
  return rowsToArray(model({ clusters, trees, collapsed: new Set(), filter }))
}
const byId = (rows: TreeRow[]): Map<string, TreeRow> => new Map(rows.map((r) => [r.id, r]))

describe('the tree after a delta', () => {
  beforeEach(() => {
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    const a = [node('a', 'a1', 'S1'), node('a', 'a2', 'S1')]
    for (let i = 0; i < 50; i++) a.push(guest('a', i % 2 === 0 ? 'a1' : 'a2', 100 + i, 'running'))
    const b = [node('b', 'b1', 'S2')]
    for (let i = 0; i < 50; i++) b.push(guest('b', 'b1', 100 + i, 'running'))
    useFleetStore.getState().load({ clusters: [cluster('a', 'S1', a), cluster('b', 'S2', b)] })
  })

  it('makes new rows only for what changed: one guest, in one cluster', () => {
    const model = createTreeModel()
    const before = byId(rowsNow(model))
    const treeB = useFleetStore.getState().trees.b
    const groupA2 = useFleetStore.getState().trees.a?.groups.get('a2')
    useFleetStore
      .getState()
      .applyDelta({ clusterId: 'a', seq: 2, upserts: [guest('a', 'a1', 104, 'stopped')], removed: [] })
    // The other cluster's index and the other node of the same cluster are kept as they were.
    expect(useFleetStore.getState().trees.b).toBe(treeB)
    expect(useFleetStore.getState().trees.a?.groups.get('a2')).toBe(groupA2)
    const after = rowsNow(model)
    const changed = after.filter((row) => before.get(row.id) !== row).map((row) => row.id)
    expect(changed).toEqual([selectionKey({ kind: 'guest', clusterId: 'a', vmid: 104 })])
    expect(after.find((r) => r.id === changed[0])).toMatchObject({
      kind: 'guest',
      item: { status: 'stopped' },
    })
  })

  it('keeps filtering through deltas: a guest that stops matching leaves, the rest stays', () => {
    const model = createTreeModel()
    const guests = (rows: TreeRow[]): string[] => rows.filter((r) => r.kind === 'guest').map((r) => r.id)
    const before = rowsNow(model, 'VM-10')
    expect(guests(before)).toHaveLength(20) // vm-100 … vm-109 in each cluster
    const renamed = { ...guest('a', 'a1', 104, 'running'), name: 'db' }
    useFleetStore.getState().applyDelta({ clusterId: 'a', seq: 2, upserts: [renamed], removed: [] })
    const after = rowsNow(model, 'VM-10')
    expect(guests(after)).toHaveLength(19)
    expect(guests(after)).not.toContain(selectionKey({ kind: 'guest', clusterId: 'a', vmid: 104 }))
    const old = byId(before)
    expect(after.filter((r) => r.id.startsWith('guest:b:')).every((r) => old.get(r.id) === r)).toBe(true)
  })
})

describe('a search typed on', () => {
  it('narrows from the previous matches to what a fresh search finds', () => {
    const items: FleetItem[] = [node('a', 'a1', 'S1')]
    for (let i = 0; i < 300; i++)
      items.push({ ...guest('a', 'a1', 100 + i, 'running'), name: `vm-${i % 7}-${i}` })
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load({ clusters: [cluster('a', 'S1', items)] })
    const { clusters, trees } = useFleetStore.getState()
    const typing = createTreeModel()
    const ids = (filter: string, model = typing): string[] =>
      rowsToArray(model({ clusters, trees, collapsed: new Set(), filter })).map((r) => r.id)
    for (const filter of ['v', 'vm-3', 'vm-3-', 'vm-3-1', 'vm-3-1 13', 'vm-3', 'VM-3-2']) {
      expect(ids(filter)).toEqual(ids(filter, createTreeModel()))
    }
    const guests = (filter: string): number => ids(filter).filter((id) => id.startsWith('guest:')).length
    expect(guests('vm-3')).toBeGreaterThan(guests('vm-3-1'))
    expect(guests('vm-3-1')).toBeGreaterThan(guests('vm-3-1 13'))
    expect(guests('vm-3-1 13')).toBeGreaterThan(0)
  })
})

describe('rows made on demand', () => {
  it('finds the row of a selection, and says -1 when the search hides it', () => {
    const items: FleetItem[] = [
      node('a', 'a1', 'S1'),
      guest('a', 'a1', 100, 'running'),
      guest('a', 'a1', 101, 'running'),
    ]
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load({ clusters: [cluster('a', 'S1', items)] })
    const { clusters, trees } = useFleetStore.getState()
    const model = createTreeModel()
    const all = model({ clusters, trees, collapsed: new Set(), filter: '' })
    const target = { kind: 'guest', clusterId: 'a', vmid: 101 } as const
    expect(all.at(all.indexOf(target))?.target).toEqual(target)
    expect(all.indexOf({ kind: 'node', clusterId: 'a', node: 'a1' })).toBe(2)
    const filtered = model({ clusters, trees, collapsed: new Set(), filter: 'vm-100' })
    expect(filtered.indexOf(target)).toBe(-1)
    expect(filtered.at(filtered.length - 1)?.target).toEqual({ kind: 'guest', clusterId: 'a', vmid: 100 })
    expect(filtered.at(filtered.length)).toBeUndefined()
  })
})
