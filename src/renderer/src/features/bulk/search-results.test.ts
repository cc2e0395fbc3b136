import { describe, expect, it } from 'vitest'

import type { FleetItem } from '../../../../shared/model/fleet'
import { indexCluster } from '../../stores/cluster-index'
import { entryFixture, guestFixture, nodeFixture } from '../../test-fixtures'
import { buildTreeRows } from '../tree/tree-model'
import { hiddenPicks, matchingGuests } from './search-results'

const c1: FleetItem[] = [
  nodeFixture('c1', 'n1', 'Km4'),
  guestFixture({ vmid: 110, name: 'dns01', tags: ['dns', 'infra'] }),
  guestFixture({ vmid: 111, name: 'ntp01', tags: ['infra'] }),
  guestFixture({ vmid: 112, name: 'dnsmasq-test', tags: ['test'] }),
]
const c2: FleetItem[] = [
  nodeFixture('c2', 'y1', 'Yakro'),
  guestFixture({ clusterId: 'c2', vmid: 101, node: 'y1', name: 'dns03', tags: ['dns'] }),
]
const fleet = {
  clusters: { c1: entryFixture('c1'), c2: entryFixture('c2', { name: 'yakro' }) },
  trees: { c1: indexCluster(c1), c2: indexCluster(c2) },
}

describe('select all results', () => {
  it('picks the guests of every cluster the search matches, whatever the tree has collapsed', () => {
    expect(
      matchingGuests(fleet, 'tag:dns')
        .map((g) => g.name)
        .sort(),
    ).toEqual(['dns01', 'dns03'])
  })

  it('reads the search as the tree does: a bare word is a part of the name, a negated term leaves out', () => {
    expect(
      matchingGuests(fleet, 'dns')
        .map((g) => g.name)
        .sort(),
    ).toEqual(['dns01', 'dns03', 'dnsmasq-test'])
    expect(
      matchingGuests(fleet, 'dns -tag:test')
        .map((g) => g.name)
        .sort(),
    ).toEqual(['dns01', 'dns03'])
  })

  it('matches a site and a cluster by what the tree shows of them', () => {
    expect(matchingGuests(fleet, 'site:yakro').map((g) => g.name)).toEqual(['dns03'])
    expect(matchingGuests(fleet, 'cluster:yakro').map((g) => g.name)).toEqual(['dns03'])
  })

  it('with no search, picks every guest', () => {
    expect(matchingGuests(fleet, '  ')).toHaveLength(4)
  })

  it('picks exactly the guests the tree shows for the same search', () => {
    for (const filter of [
      'dns',
      'tag:dns',
      'site:km4',
      'cluster:yakro',
      '-tag:infra',
      'name:dns0?',
      'ntp,dns03',
    ]) {
      const shown = buildTreeRows({
        clusters: fleet.clusters,
        items: { c1: new Map(c1.map((i) => [i.key, i])), c2: new Map(c2.map((i) => [i.key, i])) },
        collapsed: new Set(),
        filter,
      }).flatMap((row) => (row.kind === 'guest' ? [row.item.key] : []))
      expect(
        matchingGuests(fleet, filter)
          .map((g) => g.key)
          .sort(),
        filter,
      ).toEqual(shown.sort())
    }
  })
})

describe('picked guests a later search hides', () => {
  it('are counted, the ones it still shows are not', () => {
    const picked = new Set(['c1/qemu/110', 'c1/qemu/111', 'c2/qemu/101'])
    // Picked with tag:infra's help, then the search changed to tag:dns: ntp01 is out of sight, still picked.
    expect(hiddenPicks(matchingGuests(fleet, 'tag:dns'), picked)).toBe(1)
    expect(hiddenPicks(matchingGuests(fleet, ''), picked)).toBe(0)
    expect(hiddenPicks(matchingGuests(fleet, 'name:nothing-matches'), picked)).toBe(3)
  })
})
