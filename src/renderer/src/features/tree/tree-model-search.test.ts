import { describe, expect, it } from 'vitest'

import type { FleetGuest, FleetItem } from '../../../../shared/model/fleet'
import { matchGuests } from '../../../../shared/search/match'
import type { ClusterIndex } from '../../stores/cluster-index'
import { indexCluster } from '../../stores/cluster-index'
import { entryFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import type { TreeInput } from './tree-model'
import { buildTreeRows, createTreeModel, guestMatches, rowsToArray, searchFactsOf } from './tree-model'

const guest = (clusterId: string, node: string, vmid: number, patch: Partial<FleetGuest> = {}): FleetItem =>
  guestFixture({ clusterId, node, vmid, name: `vm-${vmid}`, ...patch })
const items = (...list: FleetItem[]): Map<string, FleetItem> => new Map(list.map((i) => [i.key, i]))

const fleet: TreeInput = {
  clusters: {
    'ace-prod': entryFixture('ace-prod', {
      name: 'ACE Production',
      sites: { 'km4-pve1': 'Km4', 'vitib-pve1': 'VITIB' },
      defaultSite: 'Km4',
    }),
    yakro: entryFixture('yakro', { name: 'Yakro', sites: {}, defaultSite: 'Yamoussoukro' }),
  },
  items: {
    'ace-prod': items(
      nodeFixture('ace-prod', 'km4-pve1', 'Km4'),
      nodeFixture('ace-prod', 'vitib-pve1', 'VITIB'),
      guest('ace-prod', 'km4-pve1', 100, { name: 'naorlo-db01', tags: ['naorlo'], status: 'stopped' }),
      guest('ace-prod', 'km4-pve1', 101, { name: 'naorlo-app01', tags: ['naorlo', 'prod'] }),
      guest('ace-prod', 'vitib-pve1', 201, { name: 'naorlo-app02', tags: ['naorlo'], status: 'stopped' }),
      guest('ace-prod', 'vitib-pve1', 202, { name: 'pbs', status: 'stopped', lock: 'backup' }),
      {
        kind: 'storage',
        key: 'ace-prod/storage/km4-pve1/local',
        clusterId: 'ace-prod',
        node: 'km4-pve1',
        storage: 'local',
        status: 'available',
        shared: false,
        content: ['backup'],
      },
    ),
    // No node item: the site comes from the cluster's default.
    yakro: items(
      guest('yakro', 'yakro-pve1', 300, { name: 'naorlo-yak', tags: ['naorlo'], status: 'stopped' }),
    ),
  },
  collapsed: new Set<string>(),
  filter: '',
}
const shown = (filter: string, input: TreeInput = fleet): string[] =>
  buildTreeRows({ ...input, filter })
    .filter((r) => r.kind === 'guest')
    .map((r) => r.id)

describe('the tree’s search with fields', () => {
  it('status:stopped tag:naorlo shows exactly those guests, with their ancestors', () => {
    const rows = buildTreeRows({ ...fleet, filter: 'status:stopped tag:naorlo' })
    expect(rows.map((r) => r.id)).toEqual([
      'site:Km4',
      'cluster:Km4:ace-prod',
      'node:ace-prod:km4-pve1',
      'guest:ace-prod:100',
      'site:VITIB',
      'cluster:VITIB:ace-prod',
      'node:ace-prod:vitib-pve1',
      'guest:ace-prod:201',
      'site:Yamoussoukro',
      'cluster:Yamoussoukro:yakro',
      'node:yakro:yakro-pve1',
      'guest:yakro:300',
    ])
  })

  it('searches by the site a node shows under, and by cluster id or display name', () => {
    expect(shown('site:vitib')).toEqual(['guest:ace-prod:201', 'guest:ace-prod:202'])
    expect(shown('site:yamoussoukro')).toEqual(['guest:yakro:300'])
    expect(shown('cluster:"ace production" -tag:naorlo')).toEqual(['guest:ace-prod:202'])
    expect(shown('cluster:yakro')).toEqual(['guest:yakro:300'])
  })

  it('negation, alternatives, wildcards and locks', () => {
    expect(shown('naorlo -status:stopped')).toEqual(['guest:ace-prod:101'])
    expect(shown('vmid:100,300')).toEqual(['guest:ace-prod:100', 'guest:yakro:300'])
    expect(shown('name:naorlo-app*')).toEqual(['guest:ace-prod:101', 'guest:ace-prod:201'])
    expect(shown('lock:backup')).toEqual(['guest:ace-prod:202'])
  })

  it('a bare word still searches name, vmid, node, type, tags and pool, as before', () => {
    expect(shown('prod')).toEqual(['guest:ace-prod:101'])
    expect(shown('vitib')).toEqual(['guest:ace-prod:201', 'guest:ace-prod:202'])
    expect(shown('qemu 30')).toEqual(['guest:yakro:300'])
    const g = guestFixture({ name: 'NAORLO-app01', tags: ['prod'] })
    expect(guestMatches(g, 'naorlo PROD')).toBe(true)
    expect(guestMatches(g, 'naorlo -prod')).toBe(false)
  })

  it('half a field shows every guest (without storage rows); an unknown field shows none', () => {
    expect(shown('status:')).toHaveLength(5)
    expect(buildTreeRows(fleet).some((r) => r.kind === 'storage')).toBe(true)
    expect(buildTreeRows({ ...fleet, filter: 'status:' }).some((r) => r.kind === 'storage')).toBe(false)
    expect(shown('colour:red')).toEqual([])
    expect(shown('-colour:red')).toEqual([])
  })

  it('"select all results" finds what the tree shows, through searchFactsOf', () => {
    const trees: Record<string, ClusterIndex> = {}
    for (const [id, list] of Object.entries(fleet.items)) trees[id] = indexCluster(list.values())
    const all = Object.values(fleet.items).flatMap((m) =>
      [...m.values()].filter((i): i is FleetGuest => i.kind === 'guest'),
    )
    const factsOf = searchFactsOf({ clusters: fleet.clusters, trees })
    for (const text of [
      'status:stopped tag:naorlo',
      'site:vitib',
      'site:yamoussoukro',
      'cluster:yakro naorlo',
    ])
      expect(
        matchGuests(text, all, factsOf)
          .map((g) => `guest:${g.clusterId}:${g.vmid}`)
          .sort(),
      ).toEqual(shown(text).sort())
  })
})

describe('typing on in the tree’s search', () => {
  const many: TreeInput = (() => {
    const list: FleetItem[] = [nodeFixture('a', 'a1', 'S1')]
    for (let i = 0; i < 200; i++)
      list.push(
        guest('a', 'a1', 100 + i, {
          name: `vm-${i % 7}-${i}`,
          status: i % 3 === 0 ? 'stopped' : 'running',
          tags: i % 5 === 0 ? ['test'] : [],
        }),
      )
    return {
      clusters: { a: entryFixture('a', { sites: {}, defaultSite: 'S1' }) },
      items: { a: items(...list) },
      collapsed: new Set<string>(),
      filter: '',
    }
  })()
  const trees = { a: indexCluster(many.items.a?.values() ?? []) }

  it('gives what a fresh search gives at every step, through fields, negations and back to plain words', () => {
    const typing = createTreeModel()
    const ids = (filter: string, model = typing): string[] =>
      rowsToArray(model({ ...many, trees, filter })).map((r) => r.id)
    const steps = [
      'vm-3',
      'vm-3 ',
      'vm-3 -',
      'vm-3 -t',
      'vm-3 -tag:test',
      'vm-3 -tag:test,',
      'vm-3 -tag:test,x',
      'vm-3 s',
      'vm-3 status:',
      'vm-3 status:stopped',
      'vm-3 status:stopped,running',
      'vm-3-1',
      'vm-3-1 "',
      'vm-3-1 "1',
      'vm-3-1 "1"',
      'vm-3-1 vm*',
      'vm-3-1 vm*1',
      'vm',
    ]
    for (const filter of steps) expect(ids(filter), filter).toEqual(ids(filter, createTreeModel()))
    expect(ids('vm-3 -tag:test').length).toBeGreaterThan(0)
    expect(ids('vm-3 -tag:test').length).toBeLessThan(ids('vm-3').length)
  })
})
