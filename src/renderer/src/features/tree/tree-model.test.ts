import { describe, expect, it } from 'vitest'

import type { FleetItem } from '../../../../shared/model/fleet'
import type { ClusterEntry } from '../../stores/fleet-store'
import { entryFixture, guestFixture, nodeFixture, onlineStatus } from '../../test-fixtures'
import { treeKeyAction } from './tree-keys'
import { indexCluster } from '../../stores/cluster-index'
import type { TreeInput, TreeRows } from './tree-model'
import { buildTreeRows, clusterRowId, createTreeModel, guestMatches, siteRowId } from './tree-model'

const status = onlineStatus
const cluster = (id: string, sites: Record<string, string>, defaultSite: string): ClusterEntry =>
  entryFixture(id, { sites, defaultSite })
const node = nodeFixture
const guest = (
  clusterId: string,
  nodeName: string,
  vmid: number,
  name: string,
  tags: string[] = [],
): FleetItem => guestFixture({ clusterId, node: nodeName, vmid, name, tags })
const items = (...list: FleetItem[]): Map<string, FleetItem> => new Map(list.map((i) => [i.key, i]))

const fleet = {
  clusters: {
    'ace-prod': cluster('ace-prod', { 'km4-pve1': 'Km4', 'vitib-pve1': 'VITIB' }, 'Km4'),
    yakro: cluster('yakro', { 'yakro-pve1': 'Yamoussoukro' }, 'Yamoussoukro'),
  },
  items: {
    'ace-prod': items(
      node('ace-prod', 'km4-pve1', 'Km4'),
      node('ace-prod', 'vitib-pve1', 'VITIB'),
      guest('ace-prod', 'km4-pve1', 101, 'naorlo-app01', ['naorlo', 'prod']),
      guest('ace-prod', 'km4-pve1', 100, 'naorlo-db01'),
      guest('ace-prod', 'vitib-pve1', 201, 'naorlo-app01-replica'),
    ),
    yakro: items(node('yakro', 'yakro-pve1', 'Yamoussoukro'), guest('yakro', 'yakro-pve1', 300, 'pbs-yakro')),
  },
  collapsed: new Set<string>(),
  filter: '',
}

describe('buildTreeRows', () => {
  it('puts a cluster that spans sites under each of its sites, with that site’s nodes', () => {
    const rows = buildTreeRows(fleet)
    expect(rows.map((r) => `${'  '.repeat(r.level - 1)}${r.id}`)).toEqual([
      'site:Km4',
      '  cluster:Km4:ace-prod',
      '    node:ace-prod:km4-pve1',
      '      guest:ace-prod:100',
      '      guest:ace-prod:101',
      'site:VITIB',
      '  cluster:VITIB:ace-prod',
      '    node:ace-prod:vitib-pve1',
      '      guest:ace-prod:201',
      'site:Yamoussoukro',
      '  cluster:Yamoussoukro:yakro',
      '    node:yakro:yakro-pve1',
      '      guest:yakro:300',
    ])
    expect(rows[0]).toMatchObject({ kind: 'site', guestCount: 2, posinset: 1, setsize: 3 })
    expect(rows[3]).toMatchObject({ posinset: 1, setsize: 2, level: 4 })
  })

  it('hides the children of a collapsed row', () => {
    const rows = buildTreeRows({ ...fleet, collapsed: new Set([clusterRowId('Km4', 'ace-prod')]) })
    expect(rows.filter((r) => r.id.startsWith('node:ace-prod:km4'))).toEqual([])
    expect(rows.filter((r) => r.id === 'guest:ace-prod:100')).toEqual([])
    expect(rows.find((r) => r.id === clusterRowId('Km4', 'ace-prod'))).toMatchObject({
      expanded: false,
      hasChildren: true,
    })
  })

  it('filters guests by name, vmid or tag, keeping their ancestors open', () => {
    const rows = buildTreeRows({ ...fleet, filter: 'prod', collapsed: new Set([siteRowId('Km4')]) })
    expect(rows.map((r) => r.id)).toEqual([
      'site:Km4',
      'cluster:Km4:ace-prod',
      'node:ace-prod:km4-pve1',
      'guest:ace-prod:101',
    ])
    expect(
      buildTreeRows({ ...fleet, filter: '300' })
        .map((r) => r.id)
        .at(-1),
    ).toBe('guest:yakro:300')
  })

  it('marks rows of a stale cluster stale and still shows a cluster never reached', () => {
    const stale = { ...fleet.clusters.yakro, status: status('yakro', { state: 'unreachable', stale: true }) }
    const never = cluster('lab', {}, 'Lab')
    const rows = buildTreeRows({ ...fleet, clusters: { ...fleet.clusters, yakro: stale, lab: never } })
    expect(rows.find((r) => r.id === 'guest:yakro:300')).toMatchObject({ stale: true })
    expect(rows.find((r) => r.id === 'guest:ace-prod:101')).toMatchObject({ stale: false })
    expect(rows.filter((r) => /lab/i.test(r.id)).map((r) => r.id)).toEqual(['site:Lab', 'cluster:Lab:lab'])
  })

  it('matches all the words of a search, case-insensitively', () => {
    const g = guest('c', 'n', 101, 'NAORLO-app01', ['prod'])
    if (g.kind !== 'guest') throw new Error('guest expected')
    expect(guestMatches(g, 'naorlo PROD')).toBe(true)
    expect(guestMatches(g, 'naorlo test')).toBe(false)
  })
})

/** The rows as the tree component gets them: made on demand. */
const treeOf = (input: TreeInput): TreeRows =>
  createTreeModel()({
    ...input,
    trees: Object.fromEntries(Object.entries(input.items).map(([id, i]) => [id, indexCluster(i.values())])),
  })

describe('treeKeyAction (WAI-ARIA tree keys)', () => {
  const rows = treeOf(fleet)
  it('moves with the arrows, Home and End, within bounds', () => {
    expect(treeKeyAction('ArrowDown', rows, 0)).toEqual({ type: 'focus', index: 1 })
    expect(treeKeyAction('ArrowUp', rows, 0)).toEqual({ type: 'focus', index: 0 })
    expect(treeKeyAction('End', rows, 2)).toEqual({ type: 'focus', index: rows.length - 1 })
    expect(treeKeyAction('Home', rows, 5)).toEqual({ type: 'focus', index: 0 })
  })
  it('closes an open row with Left, then goes to the parent; opens with Right, then enters', () => {
    expect(treeKeyAction('ArrowLeft', rows, 1)).toEqual({
      type: 'expand',
      id: 'cluster:Km4:ace-prod',
      expanded: false,
    })
    expect(treeKeyAction('ArrowLeft', rows, 3)).toEqual({ type: 'focus', index: 2 })
    expect(treeKeyAction('ArrowRight', rows, 1)).toEqual({ type: 'focus', index: 2 })
    const closed = treeOf({ ...fleet, collapsed: new Set(['site:Km4']) })
    expect(treeKeyAction('ArrowRight', closed, 0)).toEqual({ type: 'expand', id: 'site:Km4', expanded: true })
    expect(treeKeyAction('ArrowRight', rows, 3)).toEqual({ type: 'none' })
  })
  it('focuses the first row when nothing is focused yet', () => {
    expect(treeKeyAction('ArrowDown', rows, -1)).toEqual({ type: 'focus', index: 0 })
  })
})
