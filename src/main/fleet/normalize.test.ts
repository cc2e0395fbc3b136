import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { Fixture } from '../../../tests/support/shared-dir'
import { sharedDir } from '../../../tests/support/shared-dir'
import { FleetItem } from '../../shared/model/fleet'
import { withRunStates } from '../clusters/run-states'
import { normalizeResources } from './normalize'

const fixturesDir = join(sharedDir(), 'pve-api', 'fixtures')
const load = (name: string): unknown[] => {
  const fixture = JSON.parse(readFileSync(join(fixturesDir, name), 'utf8')) as Fixture
  return (fixture.response.body as { data: unknown[] }).data
}
const ctx = { clusterId: 'c1', sites: { 'ip-122-82-3-112': 'Km4' }, defaultSite: 'Lab' }

/** Entries as real servers send them, and worse: any field missing, of any type. */
const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(''),
)
const textFields = ['name', 'lock', 'hastate', 'qmpstatus', 'level', 'plugintype', 'content']
const figureFields = ['maxcpu', 'mem', 'disk', 'maxdisk', 'uptime', 'netin', 'netout']
const entry = fc.record(
  {
    type: fc.constantFrom('qemu', 'lxc', 'node', 'storage', 'pool', 'sdn', 'network', 'openvz'),
    vmid: fc.oneof(fc.integer({ min: 100, max: 999999 }), fc.integer().map(String), scalar),
    node: fc.oneof(fc.constantFrom('n1', 'n2'), scalar),
    storage: scalar,
    pool: scalar,
    status: fc.oneof(fc.constantFrom('running', 'stopped', 'online', 'offline', 'unknown'), scalar),
    template: fc.oneof(fc.constantFrom(0, 1, '', '1', true, false), scalar),
    tags: fc.oneof(
      fc.array(fc.stringMatching(/^[a-z0-9+._-]{1,8}$/)).map((t) => t.join(';')),
      scalar,
    ),
    maxmem: fc.oneof(fc.nat(), fc.nat().map(String), scalar),
    cpu: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), scalar),
    ...Object.fromEntries(
      textFields.map((field) => [field, fc.oneof(fc.constantFrom('a', 'b,a', 'backup'), scalar)]),
    ),
    ...Object.fromEntries(
      figureFields.map((field) => [field, fc.oneof(fc.constantFrom(0, 1, '2', 4e9), scalar)]),
    ),
    shared: fc.oneof(fc.constantFrom(0, 1, '1'), scalar),
  },
  { requiredKeys: ['type'] },
)
const entryFields = [
  ...['type', 'vmid', 'node', 'storage', 'pool', 'status', 'template', 'tags', 'maxmem', 'cpu', 'shared'],
  ...textFields,
  ...figureFields,
]

describe('normalizeResources on real /cluster/resources answers', () => {
  const files = readdirSync(fixturesDir).filter((f) => f.startsWith('cluster-resources.'))

  it('has the fixtures of every recorded version (PVE 6, 7/8, 8)', () => {
    expect(files.sort()).toEqual([
      'cluster-resources.datadog.pve8.json',
      'cluster-resources.fog-proxmox.type-node.json',
      'cluster-resources.go-proxmox.json',
    ])
  })

  it.each(files)('%s: every shown entry becomes a valid item, none skipped', (file) => {
    const entries = load(file)
    const { items, skipped } = normalizeResources(entries, ctx)
    expect(skipped).toBe(0)
    const shown = entries.filter((e) =>
      ['node', 'qemu', 'lxc', 'storage', 'pool'].includes((e as { type: string }).type),
    )
    expect(items.size).toBe(shown.length)
    for (const item of items.values()) expect(FleetItem.safeParse(item).success).toBe(true)
  })

  it('PVE 8 (DataDog): guests, node, storage and pool, with tags, pool and site', () => {
    const { items } = normalizeResources(load('cluster-resources.datadog.pve8.json'), ctx)
    expect(items.get('c1/lxc/101')).toMatchObject({
      kind: 'guest',
      type: 'lxc',
      vmid: 101,
      name: 'test-container',
      status: 'stopped',
      pool: 'pool-1',
      tags: ['sarah-wiit', 'test', 'testtag'],
      template: false,
    })
    expect(items.get('c1/qemu/100')).toMatchObject({
      status: 'running',
      maxmem: 2147483648,
      cpu: 0.464301072747879,
    })
    expect(items.get('c1/node/ip-122-82-3-112')).toMatchObject({
      kind: 'node',
      status: 'online',
      site: 'Km4',
    })
    expect(items.get('c1/storage/ip-122-82-3-112/local')).toMatchObject({
      plugintype: 'dir',
      shared: false,
      content: ['backup', 'images', 'iso', 'rootdir', 'snippets', 'vztmpl'],
    })
    expect(items.get('c1/pool/pool-1')).toEqual({
      kind: 'pool',
      key: 'c1/pool/pool-1',
      clusterId: 'c1',
      pool: 'pool-1',
    })
    expect([...items.keys()].some((k) => k.includes('sdn'))).toBe(false)
  })

  it('PVE 7/8 (go-proxmox): a template, and a tag with "+" stays one tag', () => {
    const { items } = normalizeResources(load('cluster-resources.go-proxmox.json'), ctx)
    expect(items.get('c1/qemu/101')).toMatchObject({ name: 'leap154', template: true, status: 'stopped' })
    expect(items.get('c1/qemu/102')).toMatchObject({ tags: ['go-proxmox+cloud-init'] })
    expect(items.get('c1/node/node3')).toMatchObject({ site: 'Lab', status: 'online', maxcpu: 4 })
  })

  it('PVE 6 (fog-proxmox, type=node): the node with its figures', () => {
    const { items } = normalizeResources(load('cluster-resources.fog-proxmox.type-node.json'), ctx)
    const node = items.get('c1/node/pve')
    expect(node).toMatchObject({ status: 'online', mem: 816152576, maxmem: 2083995648, uptime: 818 })
    // `level: ""` means "no subscription": absent, not an empty string to display.
    expect(node && 'level' in node).toBe(false)
  })
})

describe('normalizeResources on the quirks of real servers', () => {
  const guestEntry = { type: 'qemu', vmid: 100, node: 'n1', name: 'web', status: 'running', template: 0 }

  it('reads numbers sent as strings and 6.x booleans sent as ""', () => {
    const { items } = normalizeResources([{ ...guestEntry, vmid: '100', maxmem: '1024', template: '' }], ctx)
    expect(items.get('c1/qemu/100')).toMatchObject({ vmid: 100, maxmem: 1024, template: false })
  })

  it('skips and counts an unreadable entry without losing the others', () => {
    const { items, skipped } = normalizeResources(
      [
        { ...guestEntry, vmid: 'abc' },
        { ...guestEntry, vmid: 101 },
      ],
      ctx,
    )
    expect(skipped).toBe(1)
    expect([...items.keys()]).toEqual(['c1/qemu/101'])
  })

  it('marks the guests of an offline node as unknown', () => {
    const { items } = normalizeResources([{ type: 'node', node: 'n1', status: 'offline' }, guestEntry], ctx)
    expect(items.get('c1/qemu/100')?.kind === 'guest' && items.get('c1/qemu/100')).toMatchObject({
      status: 'unknown',
    })
  })

  it('never throws and only yields valid items, whatever each entry holds (property)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const { items } = normalizeResources(entries, ctx)
        for (const item of items.values()) {
          expect(FleetItem.safeParse(item).success).toBe(true)
          if (item.kind === 'guest') expect(item.tags.every((t) => t !== '' && !t.includes(';'))).toBe(true)
          // Absent stays absent: no key is there with nothing in it.
          expect(Object.values(item)).not.toContain(undefined)
        }
      }),
    )
  })
})

describe('normalizeResources against the previous inventory', () => {
  const entries = (): unknown[] => structuredClone(load('cluster-resources.datadog.pve8.json'))
  const inOrder = (items: Map<string, FleetItem>): [string, FleetItem][] => [...items]

  it('gives back the previous objects of what did not change, and new ones for what did', () => {
    const previous = normalizeResources(entries(), ctx).items
    const again = normalizeResources(entries(), ctx, previous).items
    expect(inOrder(again)).toStrictEqual(inOrder(previous))
    for (const [key, item] of again) expect(item).toBe(previous.get(key))

    const answer = entries() as { id: string; cpu?: number; tags?: string }[]
    const vm = answer.find((e) => e.id === 'qemu/100')
    const ct = answer.find((e) => e.id === 'lxc/101')
    if (vm === undefined || ct === undefined) throw new Error('fixture changed')
    vm.cpu = 0.75
    ct.tags = 'test'
    const next = normalizeResources(answer, ctx, previous).items
    expect(inOrder(next)).toStrictEqual(inOrder(normalizeResources(answer, ctx).items))
    expect(next.get('c1/qemu/100')).toMatchObject({ cpu: 0.75 })
    expect(next.get('c1/lxc/101')).toMatchObject({ tags: ['test'] })
    const renewed = [...next].filter(([key, item]) => item !== previous.get(key)).map(([key]) => key)
    expect(renewed).toEqual(['c1/qemu/100', 'c1/lxc/101'])
  })

  it('marks the guests of a node gone offline, and keeps them marked when nothing else changes', () => {
    const guestEntry = { type: 'qemu', vmid: 100, node: 'n1', status: 'running' }
    const online = normalizeResources([guestEntry, { type: 'node', node: 'n1', status: 'online' }], ctx).items
    const answer = [guestEntry, { type: 'node', node: 'n1', status: 'offline' }]
    const offline = normalizeResources(answer, ctx, online).items
    expect(offline.get('c1/qemu/100')).toMatchObject({ status: 'unknown' })
    const still = normalizeResources(answer, ctx, offline).items
    expect(still.get('c1/qemu/100')).toBe(offline.get('c1/qemu/100'))
  })

  /** What the connection does between polls: lay QEMU run states on some running VMs (withRunStates). */
  const withSomeRunStates = (items: Map<string, FleetItem>, every: number): Map<string, FleetItem> => {
    const laid = new Map(items)
    let n = 0
    for (const [key, item] of laid)
      if (item.kind === 'guest' && ++n % every === 0) laid.set(key, { ...item, qmpstatus: 'paused' })
    return laid
  }

  it('gives what it gives without one, whatever the previous answer was (property)', () => {
    // Mostly guests, of few vmids and nodes, so that the answers share guests; edits change one field of one
    // entry at a time.
    const answer = fc.array(
      fc
        .tuple(
          entry,
          fc.constantFrom('qemu', 'lxc', 'qemu', 'node', 'storage', 'pool'),
          fc.oneof({ weight: 4, arbitrary: fc.constantFrom(100, 101, 102, '101') }, scalar),
          fc.oneof({ weight: 4, arbitrary: fc.constantFrom('n1', 'n2') }, scalar),
        )
        .map(([e, type, vmid, node]) => ({ ...e, type, vmid, node })),
      { maxLength: 12 },
    )
    const edit = fc.tuple(
      fc.nat(),
      fc.constantFrom(...entryFields),
      fc.oneof(fc.constantFrom('qemu', 'lxc', 'a', 'backup', 0, 1, '2', 4e9, 101), scalar),
    )
    fc.assert(
      fc.property(
        answer,
        answer,
        fc.array(edit, { maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        (before, other, edits, every) => {
          // The next answer: another one altogether, or the same one with some fields changed.
          const again = structuredClone(before) as Record<string, unknown>[]
          for (const [at, field, value] of edits) {
            const changed = again[at % Math.max(again.length, 1)]
            if (changed !== undefined) changed[field] = value
          }
          const previous = withSomeRunStates(normalizeResources(before, ctx).items, every)
          for (const next of [other, again, before]) {
            const expected = normalizeResources(next, ctx)
            const got = normalizeResources(next, ctx, previous)
            expect(got.skipped).toBe(expected.skipped)
            expect(inOrder(got.items)).toStrictEqual(inOrder(expected.items))
          }
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('gives what it gives without one across fleets reordered, thinned and grown (property)', () => {
    const guest = fc.record({
      type: fc.constantFrom('qemu', 'lxc'),
      vmid: fc.integer({ min: 100, max: 400 }),
      node: fc.constantFrom('n1', 'n2'),
      status: fc.constantFrom('running', 'stopped'),
      cpu: fc.constantFrom(0, 0.5),
      tags: fc.constantFrom('a;b', 'b', ''),
    })
    const node = fc.record({
      type: fc.constant('node'),
      node: fc.constantFrom('n1', 'n2'),
      status: fc.constantFrom('online', 'offline'),
    })
    const fleet = fc.array(fc.oneof({ weight: 20, arbitrary: guest }, { weight: 1, arbitrary: node }), {
      maxLength: 150,
    })
    const next = (before: object[]): fc.Arbitrary<object[]> =>
      fc.oneof(
        fc.shuffledSubarray(before, { minLength: 0, maxLength: before.length }),
        fc.subarray(before),
        fc
          .tuple(fc.nat({ max: 150 }), fc.nat({ max: 40 }), fleet)
          .map(([at, gone, added]) => [...before.slice(0, at), ...added, ...before.slice(at + gone)]),
      )
    fc.assert(
      fc.property(
        fleet.chain((before) => fc.tuple(fc.constant(before), next(before))),
        ([before, answer]) => {
          const previous = normalizeResources(before, ctx).items
          const got = normalizeResources(answer, ctx, previous).items
          expect(inOrder(got)).toStrictEqual(inOrder(normalizeResources(answer, ctx).items))
        },
      ),
    )
  })

  it('lays run states on as withRunStates does, and keeps VMs that did not change (property)', () => {
    const answer = fc.array(
      fc
        .tuple(
          entry,
          fc.constantFrom('qemu', 'lxc', 'qemu', 'node'),
          fc.constantFrom(100, 101, 102),
          fc.constantFrom('running', 'stopped', 'online', 'offline'),
          fc.constantFrom('n1', 'n2'),
        )
        .map(([e, type, vmid, status, node]) => ({ ...e, type, vmid, status, node })),
      { maxLength: 12 },
    )
    const states = fc
      .array(fc.tuple(fc.constantFrom(100, 101, 102, 103), fc.constantFrom('running', 'paused')))
      .map((pairs) => new Map(pairs))
    fc.assert(
      fc.property(answer, answer, states, states, (before, next, statesBefore, statesNext) => {
        const previous = normalizeResources(before, { ...ctx, runStates: statesBefore }).items
        expect(inOrder(previous)).toStrictEqual(
          inOrder(withRunStates(normalizeResources(before, ctx).items, statesBefore)),
        )
        for (const [answer, runStates] of [
          [next, statesNext],
          [before, statesBefore],
        ] as const) {
          const expected = withRunStates(normalizeResources(answer, ctx).items, runStates)
          const got = normalizeResources(answer, { ...ctx, runStates }, previous).items
          expect(inOrder(got)).toStrictEqual(inOrder(expected))
        }
        // The same answer and run states again: every item is the previous one.
        const again = normalizeResources(before, { ...ctx, runStates: statesBefore }, previous).items
        for (const [key, item] of again) expect(item).toBe(previous.get(key))
      }),
      { numRuns: 500 },
    )
  })
})
