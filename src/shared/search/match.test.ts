import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { FleetGuest } from '../model/fleet'
import type { GuestFacts } from './match'
import { compileQuery, globTest, guestSearchKey, matchGuests, searchStatus } from './match'
import { parseQuery } from './query'

const guest = (vmid: number, patch: Partial<FleetGuest> = {}): FleetGuest => ({
  kind: 'guest',
  key: `${patch.clusterId ?? 'ace'}/${patch.type ?? 'qemu'}/${vmid}`,
  clusterId: 'ace',
  type: 'qemu',
  vmid,
  node: 'km4-pve1',
  name: `vm-${vmid}`,
  status: 'running',
  template: false,
  tags: [],
  ...patch,
})

const FLEET: readonly FleetGuest[] = [
  guest(100, { name: 'naorlo-db01', tags: ['naorlo', 'Prod'], pool: 'Naorlo' }),
  guest(101, { name: 'naorlo-app01', status: 'stopped', tags: ['naorlo', 'test'] }),
  guest(102, { name: 'web 01', qmpstatus: 'paused', hastate: 'started' }),
  guest(103, { name: 'hibernated', status: 'stopped', lock: 'suspended' }),
  guest(104, { name: 'contest-box', tags: ['contest'], type: 'lxc', node: 'vitib-pve1' }),
  guest(200, { name: 'tpl-debian', status: 'stopped', template: true, lock: 'backup' }),
  guest(300, { clusterId: 'yakro', name: 'pbs-yakro', node: 'yakro-pve1', status: 'unknown' }),
]
const SITES: Record<string, string> = {
  'km4-pve1': 'Km4',
  'vitib-pve1': 'VITIB',
  'yakro-pve1': 'Yamoussoukro',
}
const NAMES: Record<string, string> = { ace: 'ACE Production', yakro: 'Yakro' }
const IPS: Record<number, readonly string[]> = { 100: ['10.0.1.5', 'FE80::1'], 104: ['192.168.4.20'] }
const factsOf = (g: FleetGuest): GuestFacts => ({
  guest: g,
  site: SITES[g.node] ?? '',
  clusterName: NAMES[g.clusterId] ?? g.clusterId,
  ...(IPS[g.vmid] === undefined ? {} : { ips: IPS[g.vmid] }),
})
const vmids = (text: string): number[] => matchGuests(text, FLEET, factsOf).map((g) => g.vmid)

describe('compileQuery', () => {
  it('matches a bare word in name, vmid, node, type, tags or pool, as the tree did', () => {
    expect(vmids('naorlo')).toEqual([100, 101])
    expect(vmids('prod')).toEqual([100])
    expect(vmids('10')).toEqual([100, 101, 102, 103, 104])
    expect(vmids('lxc')).toEqual([104])
    expect(vmids('vitib')).toEqual([104])
    expect(vmids('naorlo db')).toEqual([100])
    expect(vmids('')).toEqual(FLEET.map((g) => g.vmid))
  })

  it('reads status words that exclude each other: paused VMs and hibernated VMs apart', () => {
    expect(vmids('status:running')).toEqual([100, 104])
    expect(vmids('status:paused')).toEqual([102])
    expect(vmids('status:suspended')).toEqual([103])
    expect(vmids('status:stopped')).toEqual([101, 200])
    expect(vmids('status:unknown')).toEqual([300])
    expect(vmids('status:stopped,paused')).toEqual([101, 102, 200])
    expect(searchStatus(guest(1, { qmpstatus: 'suspended' }))).toBe('paused')
  })

  it('matches tags, pools and nodes whole (a bulk action over tag:test never reaches contest)', () => {
    expect(vmids('tag:test')).toEqual([101])
    expect(vmids('tag:prod')).toEqual([100])
    expect(vmids('tag:*test')).toEqual([101, 104])
    expect(vmids('pool:naorlo')).toEqual([100])
    expect(vmids('pool:*')).toEqual([100])
    expect(vmids('node:km4')).toEqual([])
    expect(vmids('node:km4*')).toEqual([100, 101, 102, 103, 200])
  })

  it('matches names in part, or whole with a wildcard, and quoted names with spaces', () => {
    expect(vmids('name:app')).toEqual([101])
    expect(vmids('name:naorlo-*01')).toEqual([100, 101])
    expect(vmids('name:?eb*')).toEqual([102])
    expect(vmids('name:"web 01"')).toEqual([102])
    // A quoted bare word is looked for field by field, not across two fields of the search text.
    expect(vmids('"01 102"')).toEqual([])
  })

  it('takes a vmid exactly, as a range or as a pattern', () => {
    expect(vmids('vmid:10')).toEqual([])
    expect(vmids('vmid:101')).toEqual([101])
    expect(vmids('vmid:101-103')).toEqual([101, 102, 103])
    expect(vmids('vmid:1??')).toEqual([100, 101, 102, 103, 104])
    expect(vmids('vmid:2*,3*')).toEqual([200, 300])
    expect(vmids('vmid:abc')).toEqual([])
  })

  it('matches type with its aliases, template, ha and lock by presence or value', () => {
    expect(vmids('type:ct')).toEqual([104])
    expect(vmids('type:vm -status:running,paused')).toEqual([101, 103, 200, 300])
    expect(vmids('template:yes')).toEqual([200])
    expect(vmids('template:no')).toHaveLength(FLEET.length - 1)
    expect(vmids('ha:yes')).toEqual([102])
    expect(vmids('ha:started')).toEqual([102])
    expect(vmids('ha:no')).toHaveLength(FLEET.length - 1)
    expect(vmids('lock:yes')).toEqual([103, 200])
    expect(vmids('lock:backup')).toEqual([200])
    expect(vmids('-lock:yes')).toHaveLength(FLEET.length - 2)
  })

  it('matches site by label and cluster by id or display name', () => {
    expect(vmids('site:vitib')).toEqual([104])
    expect(vmids('site:yamoussoukro')).toEqual([300])
    expect(vmids('cluster:yakro')).toEqual([300])
    expect(vmids('cluster:"ace production"')).toHaveLength(6)
    expect(vmids('cluster:ace*')).toHaveLength(6)
  })

  it('matches ip by prefix or pattern of a known address; a guest without addresses never matches', () => {
    expect(vmids('ip:10.0.')).toEqual([100])
    expect(vmids('ip:192.168.*.20')).toEqual([104])
    expect(vmids('ip:fe80::')).toEqual([100])
    expect(vmids('-ip:10.')).toEqual([101, 102, 103, 104, 200, 300])
  })

  it('a typo never widens a search: an unknown field or a bad value matches nothing, negated or not', () => {
    expect(vmids('colour:red')).toEqual([])
    expect(vmids('-colour:red')).toEqual([])
    expect(vmids('status:runing')).toEqual([])
    expect(vmids('naorlo status:')).toEqual([100, 101])
  })

  it('ANDs the terms, ORs the alternatives, negates a term as a whole', () => {
    expect(vmids('status:stopped tag:naorlo')).toEqual([101])
    expect(vmids('-tag:test,prod naorlo')).toEqual([])
    expect(vmids('-tag:test naorlo')).toEqual([100])
  })

  it('gives the same answer with the caller’s search key as without', () => {
    const q = compileQuery(parseQuery('naorlo -prod').query)
    for (const g of FLEET) expect(q({ ...factsOf(g), searchKey: guestSearchKey(g) })).toBe(q(factsOf(g)))
  })

  it('a bare word matches exactly when the old tree search did (plain words)', () => {
    const word = fc.stringMatching(/^[a-z0-9.-]{1,4}$/)
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), (words) => {
        const text = words.join(' ')
        const q = compileQuery(parseQuery(text).query)
        for (const g of FLEET) {
          const old = words.every((w) => guestSearchKey(g).includes(w))
          // A word that reads as a negation is no plain word; the old search took `-x` literally.
          if (!words.some((w) => w.startsWith('-'))) expect(q(factsOf(g))).toBe(old)
        }
      }),
    )
  })
})

describe('globTest', () => {
  /** The meaning of a pattern, as an expression (the reference; the matcher itself uses none). */
  const reference = (pattern: string, text: string): boolean =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\/]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'su',
    ).test(text)

  it('matches as the expression it stands for', () => {
    const unit = fc.constantFrom('a', 'b', '*', '?', '.', '😀')
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '.', '😀'), maxLength: 10 }),
        (p, t) => {
          expect(globTest(p)(t)).toBe(reference(p, t))
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('takes a hostile pattern on a long text in its stride (an expression would backtrack for ages)', () => {
    const text = 'a'.repeat(5_000)
    expect(globTest(`${'*a'.repeat(40)}*b`)(text)).toBe(false)
    expect(globTest(`${'*a'.repeat(40)}*`)(text)).toBe(true)
  })
})
