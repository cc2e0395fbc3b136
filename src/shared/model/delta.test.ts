import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { applyDelta, diffInventory } from './delta'
import { FleetGuest, FleetNode, FleetPool, FleetStorage } from './fleet'
import type { FleetItem } from './fleet'

const guest = (vmid: number, patch: Partial<FleetGuest> = {}): FleetGuest => ({
  kind: 'guest',
  key: `c1/qemu/${vmid}`,
  clusterId: 'c1',
  type: 'qemu',
  vmid,
  node: 'n1',
  name: `vm${vmid}`,
  status: 'running',
  template: false,
  tags: [],
  ...patch,
})
const map = (...items: FleetItem[]): Map<string, FleetItem> => new Map(items.map((i) => [i.key, i]))

describe('diffInventory', () => {
  it('reports only the guests that changed, were added or went away', () => {
    const prev = map(guest(100), guest(101), guest(102))
    const next = map(guest(100), guest(101, { status: 'stopped' }), guest(103))
    const delta = diffInventory(prev, next)
    expect(delta.upserts.map((i) => i.key).sort()).toEqual(['c1/qemu/101', 'c1/qemu/103'])
    expect(delta.removed).toEqual(['c1/qemu/102'])
  })

  it('sees a change inside an array field (tags) and ignores equal copies', () => {
    const prev = map(guest(100, { tags: ['prod'] }))
    expect(diffInventory(prev, map(guest(100, { tags: ['prod'] }))).upserts).toEqual([])
    expect(diffInventory(prev, map(guest(100, { tags: ['prod', 'web'] }))).upserts).toHaveLength(1)
  })

  it('sees a field that appeared or disappeared (a lock taken, then released)', () => {
    const locked = map(guest(100, { lock: 'backup' }))
    expect(diffInventory(map(guest(100)), locked).upserts).toHaveLength(1)
    expect(diffInventory(locked, map(guest(100))).upserts).toHaveLength(1)
  })

  it('sees a key gone even when as many new keys came', () => {
    const delta = diffInventory(map(guest(100), guest(101)), map(guest(100), guest(102)))
    expect(delta.removed).toEqual(['c1/qemu/101'])
    expect(delta.upserts.map((i) => i.key)).toEqual(['c1/qemu/102'])
  })

  it('applying the delta to the previous inventory gives the next one', () => {
    const prev = map(guest(100), guest(101), guest(102))
    const next = map(guest(100, { cpu: 0.5 }), guest(102), guest(104))
    const copy = new Map(prev)
    applyDelta(copy, diffInventory(prev, next))
    expect(copy).toEqual(next)
  })
})

/** A valid value for `field` other than `value`. */
function otherValue(field: string, value: unknown): unknown {
  if (Array.isArray(value)) return [...(value as string[]), 'x']
  if (typeof value === 'boolean') return !value
  if (typeof value === 'number') return value + 1
  if (typeof value === 'string') return `${value}x`
  return ['cpu', 'mem', 'disk', 'uptime', 'netin', 'netout'].includes(field) || field.startsWith('max')
    ? 1
    : 'x'
}

describe('diffInventory sees every field of the model', () => {
  it.each([
    ['guest', FleetGuest, guest(100, { lock: 'backup', cpu: 0.5 })],
    [
      'node',
      FleetNode,
      { kind: 'node', key: 'c1/node/n1', clusterId: 'c1', node: 'n1', site: 'Km4', status: 'online' },
    ],
    [
      'storage',
      FleetStorage,
      {
        kind: 'storage',
        key: 'c1/storage/n1/local',
        clusterId: 'c1',
        node: 'n1',
        storage: 'local',
        status: 'available',
        shared: false,
        content: ['iso'],
      },
    ],
    ['pool', FleetPool, { kind: 'pool', key: 'c1/pool/p', clusterId: 'c1', pool: 'p' }],
  ] as const)('a %s with any one field changed, added or removed', (_, schema, item) => {
    // The fields are read from the schema: one added to the model and not compared by the diff fails here.
    const shape: Record<string, { safeParse: (v: unknown) => { success: boolean } }> = schema.shape
    for (const field of Object.keys(shape)) {
      const { [field]: value, ...without } = item as Record<string, unknown>
      const other = otherValue(field, value)
      const changed = { ...without, [field]: other } as FleetItem
      expect(diffInventory(map(item as FleetItem), map(changed)).upserts, `${field} changed`).toHaveLength(1)
      if (shape[field]?.safeParse(undefined).success !== true) continue
      // An optional field: present on one side only.
      const absent = without as FleetItem
      const present = { ...without, [field]: value ?? other } as FleetItem
      expect(diffInventory(map(absent), map(present)).upserts, `${field} added`).toHaveLength(1)
      expect(diffInventory(map(present), map(absent)).upserts, `${field} removed`).toHaveLength(1)
    }
  })
})

// Random fleets: every field of every kind, optional ones present or absent (never `undefined`: absent).
const word = fc.constantFrom('a', 'b', 'web', 'prod')
const figure = fc.constantFrom(0, 1, 0.25, 4e9, 1e12)
const usage = {
  cpu: figure,
  maxcpu: figure,
  mem: figure,
  maxmem: figure,
  disk: figure,
  maxdisk: figure,
  uptime: figure,
}
const clusterId = fc.constantFrom('c1', 'c2')
const nodeName = fc.constantFrom('n1', 'n2')
const arbitraryGuest = fc
  .record(
    {
      kind: fc.constant('guest' as const),
      clusterId,
      type: fc.constantFrom('qemu' as const, 'lxc' as const),
      vmid: fc.integer({ min: 100, max: 110 }),
      node: nodeName,
      name: word,
      status: fc.constantFrom('running' as const, 'stopped' as const, 'unknown' as const),
      qmpstatus: fc.constantFrom('running', 'paused'),
      template: fc.boolean(),
      lock: fc.constantFrom('backup', 'migrate'),
      tags: fc.array(word, { maxLength: 3 }),
      pool: word,
      hastate: fc.constantFrom('started', 'stopped'),
      netin: figure,
      netout: figure,
      ...usage,
    },
    { requiredKeys: ['kind', 'clusterId', 'type', 'vmid', 'node', 'name', 'status', 'template', 'tags'] },
  )
  .map((g): FleetItem => ({ ...g, key: `${g.clusterId}/${g.type}/${g.vmid}` }))
const arbitraryNode = fc
  .record(
    {
      kind: fc.constant('node' as const),
      clusterId,
      node: nodeName,
      site: word,
      status: fc.constantFrom('online' as const, 'offline' as const, 'unknown' as const),
      level: fc.constantFrom('c', 'p'),
      ...usage,
    },
    { requiredKeys: ['kind', 'clusterId', 'node', 'site', 'status'] },
  )
  .map((n): FleetItem => ({ ...n, key: `${n.clusterId}/node/${n.node}` }))
const arbitraryStorage = fc
  .record(
    {
      kind: fc.constant('storage' as const),
      clusterId,
      node: nodeName,
      storage: word,
      plugintype: fc.constantFrom('dir', 'zfspool'),
      status: fc.constantFrom('available', 'unknown'),
      shared: fc.boolean(),
      content: fc.array(word, { maxLength: 3 }),
      disk: figure,
      maxdisk: figure,
    },
    { requiredKeys: ['kind', 'clusterId', 'node', 'storage', 'status', 'shared', 'content'] },
  )
  .map((s): FleetItem => ({ ...s, key: `${s.clusterId}/storage/${s.node}/${s.storage}` }))
const arbitraryPool = fc
  .record({ kind: fc.constant('pool' as const), clusterId, pool: word })
  .map((p): FleetItem => ({ ...p, key: `${p.clusterId}/pool/${p.pool}` }))
const arbitraryItem = fc.oneof(arbitraryGuest, arbitraryNode, arbitraryStorage, arbitraryPool)
const fleet = fc.array(arbitraryItem, { maxLength: 40 }).map((items) => map(...items))
/** An item as text, keys sorted: two items are deeply equal when these are (values are strings, numbers…). */
const canonical = (item: FleetItem | undefined): string =>
  JSON.stringify(item === undefined ? null : Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))

/** A next fleet: another one, or this one (as copies) with items changed, removed and added. */
const nextOf = (prev: Map<string, FleetItem>): fc.Arbitrary<Map<string, FleetItem>> =>
  fc.oneof(
    fleet,
    fc
      .tuple(
        fc.subarray([...prev.values()]),
        fc.array(fc.tuple(fc.nat(), arbitraryItem), { maxLength: 8 }),
        fc.array(arbitraryItem, { maxLength: 5 }),
      )
      .map(([kept, changes, added]) => {
        const next = map(...kept.map((i) => structuredClone(i)))
        const keys = [...next.keys()]
        for (const [at, item] of changes) {
          const before = next.get(keys[at % Math.max(keys.length, 1)] ?? '')
          // The same key with other fields: the change a poll brings.
          if (before?.kind === item.kind) next.set(before.key, { ...item, key: before.key })
        }
        for (const item of added) next.set(item.key, item)
        return next
      }),
  )

describe('diffInventory over random fleets (property)', () => {
  it('sends exactly the items not deeply equal to their previous self, and the keys gone', () => {
    fc.assert(
      fc.property(
        fleet.chain((prev) => fc.tuple(fc.constant(prev), nextOf(prev))),
        ([prev, next]) => {
          const { upserts, removed } = diffInventory(prev, next)
          const changed = [...next]
            .filter(([k, i]) => canonical(prev.get(k)) !== canonical(i))
            .map(([k]) => k)
          expect(upserts.map((i) => i.key)).toEqual(changed)
          expect(removed).toEqual([...prev.keys()].filter((k) => !next.has(k)))
          const applied = new Map(prev)
          applyDelta(applied, { upserts, removed })
          expect(new Map([...applied].sort())).toStrictEqual(new Map([...next].sort()))
        },
      ),
    )
  })
})
