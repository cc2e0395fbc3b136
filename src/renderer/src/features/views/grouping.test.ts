import { describe, expect, it } from 'vitest'

import type { FleetGuest } from '../../../../shared/model/fleet'
import { guestFixture } from '../../test-fixtures'
import type { GroupContext, GroupKey } from './grouping'
import { compareGroups, FAVOURITES, groupContext, groupsOf, isFavourite } from './grouping'

const sites: Record<string, string> = { n1: 'Km4', n2: 'VITIB' }
const folders = [
  { id: 'f-b', name: 'Zeta', guests: [{ clusterId: 'c1', vmid: 101 }] },
  {
    id: 'f-a',
    name: 'Alpha',
    guests: [
      { clusterId: 'c1', vmid: 101 },
      { clusterId: 'c2', vmid: 300 },
    ],
  },
]
const ctx: GroupContext = groupContext((g) => sites[g.node] ?? 'Km4', folders, [
  { clusterId: 'c2', vmid: 300 },
])

const app = guestFixture({ vmid: 101, name: 'naorlo-app01', tags: ['naorlo', 'prod'], pool: 'naorlo-prod' })
const bare = guestFixture({ vmid: 102, node: 'n2', name: 'win-ad01' })
const ct: FleetGuest = { ...guestFixture({ clusterId: 'c2', vmid: 300, tags: ['infra'] }), type: 'lxc' }
const tpl = guestFixture({ vmid: 9000, template: true, pool: '' })
const ids = (keys: GroupKey[]): string[] => keys.map((k) => k.id)

describe('groupsOf', () => {
  it('site: the site of the guest’s node', () => {
    expect(ids(groupsOf(app, 'site', ctx))).toEqual(['site:Km4'])
    expect(ids(groupsOf(bare, 'site', ctx))).toEqual(['site:VITIB'])
  })

  it('cluster: the guest’s cluster', () => {
    expect(ids(groupsOf(ct, 'cluster', ctx))).toEqual(['cluster:c2'])
  })

  it('tag: a guest under each of its tags, once each; untagged apart', () => {
    expect(ids(groupsOf(app, 'tag', ctx))).toEqual(['tag:naorlo', 'tag:prod'])
    expect(ids(groupsOf({ ...app, tags: ['prod', 'prod'] }, 'tag', ctx))).toEqual(['tag:prod'])
    expect(ids(groupsOf(bare, 'tag', ctx))).toEqual(['none:tag'])
  })

  it('pool: the guest’s pool, else "no pool" (an empty pool is none)', () => {
    expect(ids(groupsOf(app, 'pool', ctx))).toEqual(['pool:naorlo-prod'])
    expect(ids(groupsOf(bare, 'pool', ctx))).toEqual(['none:pool'])
    expect(ids(groupsOf(tpl, 'pool', ctx))).toEqual(['none:pool'])
  })

  it('type: VMs, containers, and templates whatever their type', () => {
    expect(ids(groupsOf(app, 'type', ctx))).toEqual(['type:qemu'])
    expect(ids(groupsOf(ct, 'type', ctx))).toEqual(['type:lxc'])
    expect(ids(groupsOf(tpl, 'type', ctx))).toEqual(['type:template'])
  })

  it('folder: each folder holding the guest (by cluster and VMID, whatever its node), else none', () => {
    expect(ids(groupsOf(app, 'folder', ctx))).toEqual(['folder:f-b', 'folder:f-a'])
    expect(ids(groupsOf({ ...app, node: 'n2' }, 'folder', ctx))).toEqual(['folder:f-b', 'folder:f-a'])
    expect(ids(groupsOf(ct, 'folder', ctx))).toEqual(['folder:f-a'])
    expect(ids(groupsOf(bare, 'folder', ctx))).toEqual(['none:folder'])
    // The same VMID in another cluster is another guest.
    expect(ids(groupsOf({ ...app, clusterId: 'c9' }, 'folder', ctx))).toEqual(['none:folder'])
  })

  it('gives the same key object for the same group (a rebuilt tree meets the same keys)', () => {
    expect(groupsOf(app, 'tag', ctx)[0]).toBe(groupsOf({ ...app }, 'tag', ctx)[0])
  })

  it('favourites by cluster and VMID', () => {
    expect(isFavourite(ct, ctx)).toBe(true)
    expect(isFavourite({ ...ct, clusterId: 'c1' }, ctx)).toBe(false)
  })
})

describe('compareGroups', () => {
  const sorted = (keys: GroupKey[]): string[] => ids([...keys].sort((a, b) => compareGroups(a, b, ctx)))

  it('favourites first, the "none" group last, names in natural order', () => {
    const keys = [...groupsOf(bare, 'tag', ctx), ...groupsOf(app, 'tag', ctx), FAVOURITES]
    keys.push(...groupsOf({ ...app, tags: ['node10', 'node9'] }, 'tag', ctx))
    expect(sorted(keys)).toEqual([
      'favourites',
      'tag:naorlo',
      'tag:node9',
      'tag:node10',
      'tag:prod',
      'none:tag',
    ])
  })

  it('kinds as VMs, containers, templates; folders in the user’s order', () => {
    expect(
      sorted([...groupsOf(tpl, 'type', ctx), ...groupsOf(ct, 'type', ctx), ...groupsOf(app, 'type', ctx)]),
    ).toEqual(['type:qemu', 'type:lxc', 'type:template'])
    expect(
      sorted([
        ...groupsOf(bare, 'folder', ctx),
        ...groupsOf(ct, 'folder', ctx),
        ...groupsOf(app, 'folder', ctx),
      ]),
    ).toEqual(['folder:f-b', 'folder:f-a', 'folder:f-a', 'none:folder'])
  })
})
