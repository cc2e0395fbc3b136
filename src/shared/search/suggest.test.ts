import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { FleetGuest } from '../model/fleet'
import { parseQuery } from './query'
import type { SearchVocabulary } from './suggest'
import { applyReplacement, suggest, vocabularyOf } from './suggest'

const guest = (over: Partial<FleetGuest>): FleetGuest => ({
  kind: 'guest',
  key: `c1/qemu/${over.vmid ?? 100}`,
  clusterId: 'c1',
  type: 'qemu',
  vmid: 100,
  node: 'km4-pve1',
  name: 'web',
  status: 'running',
  template: false,
  tags: [],
  ...over,
})

const fleet = [
  guest({ vmid: 101, tags: ['naorlo', 'prod'], pool: 'naorlo-prod', hastate: 'started' }),
  guest({ vmid: 102, tags: ['naorlo', 'test'], status: 'stopped' }),
  guest({ vmid: 103, tags: ['dns'], qmpstatus: 'paused', node: 'vitib-pve1', lock: 'backup' }),
  guest({ vmid: 104, type: 'lxc', tags: ['naorlo'], template: true, status: 'stopped' }),
]
const vocabulary = vocabularyOf(
  fleet.map((g) => ({
    guest: g,
    site: g.node.startsWith('km4') ? 'Km4' : 'VITIB',
    clusterName: 'ACE Prod',
    ips: g.vmid === 101 ? ['10.1.2.3', 'fe80::1'] : [],
  })),
)

const labels = (text: string, caret = text.length): string[] =>
  suggest(text, caret, vocabulary).map((s) => s.label)
const applied = (text: string, label: string, caret = text.length): string => {
  const s = suggest(text, caret, vocabulary).find((x) => x.label === label)
  if (s === undefined) throw new Error(`no suggestion ${label} for ${text}`)
  return applyReplacement(text, s.replace)
}

describe('vocabularyOf', () => {
  it('counts each value once per guest, statuses as status: reads them, types with their aliases', () => {
    expect(vocabulary.tag?.get('naorlo')).toBe(3)
    expect(vocabulary.status?.get('paused')).toBe(1)
    expect(vocabulary.status?.get('running')).toBe(1)
    expect(vocabulary.status?.get('stopped')).toBe(2)
    expect(vocabulary.type?.get('ct')).toBe(1)
    expect(vocabulary.cluster?.get('ace prod')).toBe(4)
    expect(vocabulary.site?.get('km4')).toBe(3)
    expect(vocabulary.ip?.get('fe80::1')).toBe(1)
  })
})

describe('suggest', () => {
  it('completes field names and keeps the negation', () => {
    expect(labels('ta')).toEqual(['tag:'])
    expect(applied('ta', 'tag:')).toBe('tag:')
    expect(applied('web -st', 'status:')).toBe('web -status:')
    expect(labels('n')).toEqual(['name:', 'node:'])
    expect(labels('web')).toEqual([])
  })

  it('suggests the values of the field under the caret, prefix matches first, with counts', () => {
    const s = suggest('tag:na', 6, vocabulary)
    expect(s[0]).toMatchObject({ label: 'naorlo', count: 3, kind: 'value', field: 'tag' })
    expect(applied('tag:na', 'naorlo')).toBe('tag:naorlo')
    // A value containing what is typed comes after the prefix matches.
    expect(labels('pool:prod')).toEqual(['naorlo-prod'])
    expect(labels('status:')).toEqual(['stopped', 'paused', 'running', 'suspended', 'unknown'])
  })

  it('keeps the alternatives before the caret and offers none twice', () => {
    expect(applied('-status:stopped,pa', 'paused')).toBe('-status:stopped,paused')
    expect(labels('status:stopped,')).not.toContain('stopped')
    // The caret on the first alternative replaces it alone.
    expect(applied('status:st,paused web', 'stopped', 9)).toBe('status:stopped,paused web')
  })

  it('works in the middle of the text and leaves the other terms as they are', () => {
    const text = 'web tag:n status:stopped'
    expect(applied(text, 'naorlo', 9)).toBe('web tag:naorlo status:stopped')
    expect(applied('a ty b', 'type:', 4)).toBe('a type: b')
  })

  it('quotes a value with a space', () => {
    expect(applied('cluster:ace', 'ace prod')).toBe('cluster:"ace prod"')
    expect(parseQuery(applied('cluster:ace', 'ace prod')).query.terms[0]?.values).toEqual(['ace prod'])
  })

  it('offers yes/no where presence reads, and nothing for free text or unknown fields', () => {
    expect(labels('lock:')).toEqual(expect.arrayContaining(['backup', 'yes', 'no']))
    expect(labels('template:')).toEqual(['no', 'yes'])
    expect(labels('ip:fe')).toEqual(['fe80::1'])
    expect(labels('name:w')).toEqual([])
    expect(labels('vmid:1')).toEqual([])
    expect(labels('colour:r')).toEqual([])
  })

  const junk = fc.string({
    unit: fc.constantFrom('t', 'a', 'g', ':', '-', ',', '"', '\\', ' ', 's', 'n', 'é', 'status:', 'tag:'),
    maxLength: 24,
  })
  const anyVocabulary: fc.Arbitrary<SearchVocabulary> = fc
    .array(fc.tuple(fc.string({ maxLength: 6 }), fc.nat(9)), { maxLength: 6 })
    .map((entries) => ({ tag: new Map(entries), node: new Map(entries) }))

  it('never throws and every replacement lies inside the text, its caret inside the result', () => {
    fc.assert(
      fc.property(junk, fc.integer({ min: -3, max: 30 }), anyVocabulary, (text, caret, v) => {
        for (const s of suggest(text, caret, v)) {
          const r = s.replace
          expect(0 <= r.start && r.start <= r.end && r.end <= text.length).toBe(true)
          const result = applyReplacement(text, r)
          expect(r.caret).toBeGreaterThanOrEqual(0)
          expect(r.caret).toBeLessThanOrEqual(result.length)
          expect(result.slice(r.start, r.caret)).toBe(r.text)
        }
      }),
      { numRuns: 2000 },
    )
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.nat(), (t, c) => void suggest(t, c, vocabulary)))
  })

  it('an applied value reads back as that value of that field', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('tag:', '-tag:', 'tag:x,', 'web tag:'),
        fc.string({ minLength: 1, maxLength: 6 }).map((s) => s.toLowerCase()),
        (prefix, value) => {
          const v: SearchVocabulary = { tag: new Map([[value, 1]]) }
          const s = suggest(prefix, prefix.length, v).find((x) => x.label === value)
          if (prefix === 'tag:x,' && value === 'x') return
          if (s === undefined) throw new Error(`no suggestion ${value} after ${prefix}`)
          const term = parseQuery(applyReplacement(prefix, s.replace)).query.terms.at(-1)
          expect(term?.field).toBe('tag')
          expect(term?.values.at(-1)).toBe(value)
        },
      ),
      { numRuns: 500 },
    )
  })
})
