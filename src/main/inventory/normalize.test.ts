import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { Fixture } from '../../../tests/support/shared-dir'
import { sharedDir } from '../../../tests/support/shared-dir'
import { FleetItem } from '../../shared/model/fleet'
import { normalizeResources } from './normalize'

const fixturesDir = join(sharedDir(), 'pve-api', 'fixtures')
const load = (name: string): unknown[] => {
  const fixture = JSON.parse(readFileSync(join(fixturesDir, name), 'utf8')) as Fixture
  return (fixture.response.body as { data: unknown[] }).data
}
const ctx = { clusterId: 'c1', sites: { 'ip-122-82-3-112': 'Km4' }, defaultSite: 'Lab' }

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
    const scalar = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(''),
    )
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
      },
      { requiredKeys: ['type'] },
    )
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const { items } = normalizeResources(entries, ctx)
        for (const item of items.values()) {
          expect(FleetItem.safeParse(item).success).toBe(true)
          if (item.kind === 'guest') expect(item.tags.every((t) => t !== '' && !t.includes(';'))).toBe(true)
        }
      }),
    )
  })
})
