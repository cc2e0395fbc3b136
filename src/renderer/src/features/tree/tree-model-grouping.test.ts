import { beforeEach, describe, expect, it } from 'vitest'

import type { FleetGuest, FleetItem, FleetState } from '../../../../shared/model/fleet'
import type { TreeGrouping } from '../../../../shared/model/workspace'
import { useFleetStore } from '../../stores/fleet-store'
import { selectionKey } from '../../stores/selection'
import { clusterStateFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import type { TreeRow, TreeSource } from './tree-model'
import { collapseKey, createTreeModel, rowsToArray } from './tree-model'
import { treeKeyAction } from './tree-keys'

const g = (clusterId: string, node: string, vmid: number, patch: Partial<FleetGuest> = {}): FleetGuest =>
  guestFixture({ clusterId, node, vmid, name: `vm-${vmid}`, ...patch })
const cluster = (id: string, site: string, items: FleetItem[]): FleetState['clusters'][number] =>
  clusterStateFixture(id, items, { summary: { defaultSite: site, sites: { a2: 'S2' } } })

type Extra = Partial<Omit<TreeSource, 'clusters' | 'trees'>>
const source = (extra: Extra = {}): TreeSource => {
  const { clusters, trees } = useFleetStore.getState()
  return { clusters, trees, collapsed: new Set(), filter: '', ...extra }
}
const build = (extra: Extra = {}, model = createTreeModel()): TreeRow[] => rowsToArray(model(source(extra)))
const outline = (rows: TreeRow[]): string[] =>
  rows.map((r) => {
    const pad = '  '.repeat(r.level - 1)
    if (r.kind === 'group') return `${pad}${r.group.id} (${r.guestCount}/${r.running})`
    if (r.kind === 'guest') return `${pad}${r.item.clusterId}/${r.item.vmid}`
    return `${pad}${r.id}`
  })

describe('the tree by grouping', () => {
  beforeEach(() => {
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    const a: FleetItem[] = [
      nodeFixture('a', 'a1', 'S1'),
      nodeFixture('a', 'a2', 'S2'),
      g('a', 'a1', 101, { tags: ['naorlo', 'prod'], pool: 'naorlo-prod' }),
      g('a', 'a1', 102, { tags: ['naorlo'], pool: 'naorlo-test', status: 'stopped' }),
      g('a', 'a2', 120, { name: 'win-ad01' }),
      g('a', 'a2', 9000, { template: true, status: 'stopped', tags: ['base'] }),
    ]
    const b: FleetItem[] = [
      nodeFixture('b', 'b1', 'S1'),
      { ...g('b', 'b1', 300, { tags: ['infra'], pool: 'infra' }), type: 'lxc', key: 'b/lxc/300' },
    ]
    useFleetStore.getState().load({ clusters: [cluster('a', 'S1', a), cluster('b', 'S1', b)] })
  })

  it('by cluster: cluster → node → guests, no site level, a cluster across sites once', () => {
    const rows = build({ grouping: 'cluster' })
    expect(outline(rows).filter((l) => !l.includes('storage'))).toEqual([
      selectionKey({ kind: 'cluster', site: 'S1', clusterId: 'a' }),
      '  node:a:a1',
      '    a/101',
      '    a/102',
      '  node:a:a2',
      '    a/120',
      '    a/9000',
      selectionKey({ kind: 'cluster', site: 'S1', clusterId: 'b' }),
      '  node:b:b1',
      '    b/300',
    ])
  })

  it('by tag: a guest under each of its tags (two rows, distinct ids, one selection), untagged last, counts', () => {
    const rows = build({ grouping: 'tag' })
    expect(outline(rows)).toEqual([
      'tag:base (1/0)',
      '  a/9000',
      'tag:infra (1/1)',
      '  b/300',
      'tag:naorlo (2/1)',
      '  a/101',
      '  a/102',
      'tag:prod (1/1)',
      '  a/101',
      'none:tag (1/1)',
      '  a/120',
    ])
    const twice = rows.filter((r) => r.kind === 'guest' && r.item.vmid === 101)
    expect(twice).toHaveLength(2)
    expect(new Set(twice.map((r) => r.id)).size).toBe(2)
    expect(twice.map((r) => selectionKey(r.target))).toEqual([
      selectionKey({ kind: 'guest', clusterId: 'a', vmid: 101 }),
      selectionKey({ kind: 'guest', clusterId: 'a', vmid: 101 }),
    ])
  })

  it('finds the guest’s row in the group it was selected in, else its first', () => {
    const model = createTreeModel()
    const rows = model(source({ grouping: 'tag' }))
    const target = { kind: 'guest', clusterId: 'a', vmid: 101 } as const
    const all = rowsToArray(rows)
    const first = rows.indexOf(target)
    expect(all[first]?.parentId).toBe('group:tag%3Anaorlo')
    const inProd = rows.indexOf(target, 'group:tag%3Aprod')
    expect(all[inProd]?.parentId).toBe('group:tag%3Aprod')
    expect(all[inProd]?.target).toEqual(target)
    // Left goes to that row's own group.
    const left = treeKeyAction('ArrowLeft', rows, inProd)
    expect(left).toEqual({ type: 'focus', index: rows.indexOfParent('group:tag%3Aprod') })
  })

  it('by pool: each pool, "no pool" last (an empty pool is none)', () => {
    expect(outline(build({ grouping: 'pool' }))).toEqual([
      'pool:infra (1/1)',
      '  b/300',
      'pool:naorlo-prod (1/1)',
      '  a/101',
      'pool:naorlo-test (1/0)',
      '  a/102',
      'none:pool (2/1)',
      '  a/120',
      '  a/9000',
    ])
  })

  it('by type: VMs, containers, templates', () => {
    expect(outline(build({ grouping: 'type' })).filter((l) => !l.startsWith('  '))).toEqual([
      'type:qemu (3/2)',
      'type:lxc (1/1)',
      'type:template (1/0)',
    ])
  })

  it('by folder: the user’s folders in their order, empty ones too, then "not in a folder"', () => {
    const folders = [
      { id: 'web', name: 'Web', guests: [{ clusterId: 'a', vmid: 101 }] },
      { id: 'empty', name: 'Empty', guests: [] },
    ]
    const rows = build({ grouping: 'folder', folders })
    expect(outline(rows)).toEqual([
      'folder:web (1/1)',
      '  a/101',
      'folder:empty (0/0)',
      'none:folder (4/2)',
      '  a/102',
      '  a/120',
      '  a/9000',
      '  b/300',
    ])
    expect(rows[0]).toMatchObject({ kind: 'group', name: 'Web' })
    // A search hides the empty folder.
    expect(outline(build({ grouping: 'folder', folders, filter: 'vm-101' }))).toEqual([
      'folder:web (1/1)',
      '  a/101',
    ])
  })

  it('puts the favourites on top in every grouping, in the order starred, searched too', () => {
    const favourites = [
      { clusterId: 'b', vmid: 300 },
      { clusterId: 'a', vmid: 102 },
      { clusterId: 'gone', vmid: 1 },
    ]
    for (const grouping of ['site', 'cluster', 'tag', 'pool', 'type', 'folder'] as TreeGrouping[]) {
      const rows = build({ grouping, favourites })
      expect(outline(rows).slice(0, 3)).toEqual(['favourites (2/1)', '  b/300', '  a/102'])
      expect(rows[0]?.setsize).toBe(rows.filter((r) => r.level === 1).length)
    }
    expect(outline(build({ favourites, filter: 'vm-102' })).slice(0, 2)).toEqual([
      'favourites (1/0)',
      '  a/102',
    ])
    expect(build({ favourites: [] }).some((r) => r.kind === 'group')).toBe(false)
  })

  it('remembers a collapsed group per grouping', () => {
    const id = 'group:tag%3Anaorlo'
    const collapsed = new Set([collapseKey('tag', id)])
    const rows = build({ grouping: 'tag', collapsed })
    expect(rows.find((r) => r.id === id)).toMatchObject({ expanded: false, guestCount: 2 })
    expect(rows.some((r) => r.parentId === id)).toBe(false)
    // The same cluster row collapsed by site stays open by cluster.
    const clusterId = selectionKey({ kind: 'cluster', site: 'S1', clusterId: 'a' })
    const bySite = new Set([collapseKey('site', clusterId)])
    expect(build({ grouping: 'cluster', collapsed: bySite }).find((r) => r.id === clusterId)?.expanded).toBe(
      true,
    )
    expect(build({ grouping: 'site', collapsed: bySite }).find((r) => r.id === clusterId)?.expanded).toBe(
      false,
    )
  })

  it('makes new rows only for what changed in the tag view: a delta of three guests, a handful of rows', () => {
    const a: FleetItem[] = [nodeFixture('a', 'a1', 'S1'), nodeFixture('a', 'a2', 'S1')]
    for (let i = 0; i < 300; i++)
      a.push(g('a', i % 2 === 0 ? 'a1' : 'a2', 100 + i, { tags: i % 3 === 0 ? ['x', 'y'] : ['z'] }))
    useFleetStore.setState({ loaded: false, clusters: {}, items: {}, trees: {} })
    useFleetStore.getState().load({ clusters: [cluster('a', 'S1', a)] })
    const model = createTreeModel()
    const before = new Map(build({ grouping: 'tag' }, model).map((r) => [r.id, r]))
    useFleetStore.getState().applyDelta({
      clusterId: 'a',
      seq: 2,
      upserts: [
        g('a', 'a1', 100, { tags: ['x', 'y'], status: 'stopped' }),
        g('a', 'a2', 101, { tags: ['z'], status: 'stopped' }),
        g('a', 'a1', 102, { tags: ['z'], status: 'stopped' }),
      ],
      removed: [],
    })
    const after = build({ grouping: 'tag' }, model)
    const made = after.filter((r) => before.get(r.id) !== r)
    // Guest 100 twice (x and y), 101 and 102 once (z), and the three group rows whose running count changed.
    expect(made.filter((r) => r.kind === 'guest').map((r) => r.id)).toHaveLength(4)
    expect(made.filter((r) => r.kind === 'group').map((r) => r.id)).toEqual([
      'group:tag%3Ax',
      'group:tag%3Ay',
      'group:tag%3Az',
    ])
    expect(made.length).toBeLessThanOrEqual(7)
  })

  it('matches ip: against the addresses learned, and again when new ones are learned', () => {
    const model = createTreeModel()
    const guests = (rows: TreeRow[]): number[] =>
      rows.flatMap((r) => (r.kind === 'guest' ? [r.item.vmid] : []))
    expect(guests(build({ filter: 'ip:10.0.', ips: new Map() }, model))).toEqual([])
    const ips = new Map([['a/qemu/120', ['10.0.0.5']]])
    expect(guests(build({ filter: 'ip:10.0.', ips }, model))).toEqual([120])
    expect(guests(build({ filter: 'ip:10.0.', grouping: 'tag', ips }, model))).toEqual([120])
  })
})
