import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type {
  InventoryChange,
  InventoryCluster,
  InventorySnapshot,
  PveObject,
} from '../../../shared/model/inventory-snapshot'
import { InventoryDiff, REDACTED } from '../../../shared/model/inventory-snapshot'
import type { Mutation } from '../../../../tests/support/inventory-fixture'
import { makeInventory, mutate } from '../../../../tests/support/inventory-fixture'
import { diffInventories } from './diff'

const side = (
  snapshot: InventorySnapshot,
  sha256 = 'a'.repeat(64),
): { snapshot: InventorySnapshot; sha256: string } => ({
  snapshot,
  sha256,
})
const diff = (a: InventorySnapshot, b: InventorySnapshot): InventoryChange[] =>
  diffInventories(side(a), side(b, 'b'.repeat(64))).changes

/** What a test compares of a change: what it is about and what changed, not the words of its subject. */
const shape = (c: InventoryChange): string => `${c.category} ${c.kind} ${c.key ?? c.subject} ${c.field ?? ''}`
const sorted = (l: string[]): string[] => [...l].sort()

function cluster(s: InventorySnapshot, id: string): InventoryCluster {
  const c = s.clusters.find((x) => x.id === id)
  if (c === undefined) throw new Error(id)
  return c
}

const resourceOf = (c: InventoryCluster, vmid: number): PveObject | undefined =>
  c.resources?.find((r) => r.vmid === vmid && (r.type === 'qemu' || r.type === 'lxc'))

/**
 * A random set of mutations on distinct guests of a fixture, each with the changes it must give
 * (category kind key field), said from what the mutation does, not from what the diff finds.
 */
function plan(s: InventorySnapshot, picks: number[]): { mutations: Mutation[]; expected: string[] } {
  const mutations: Mutation[] = []
  const expected: string[] = []
  const c = s.clusters[0] as InventoryCluster
  const guests = c.guests
  const used = new Set<number>()
  const take = (i: number): (typeof guests)[number] | undefined => {
    for (let k = 0; k < guests.length; k++) {
      const g = guests[(i + k) % guests.length]
      if (g !== undefined && !used.has(g.vmid)) {
        used.add(g.vmid)
        return g
      }
    }
    return undefined
  }
  const key = (g: { type: string; vmid: number }): string => `${c.id}/${g.type}/${g.vmid}`
  const siteOf = (node: string): string => c.sites[node] ?? c.defaultSite
  for (const [n, pick] of picks.entries()) {
    const g = take(pick)
    if (g === undefined) break
    switch (n % 6) {
      case 0:
        if (resourceOf(c, g.vmid)?.status !== 'running') continue
        mutations.push({ op: 'stop', clusterId: c.id, vmid: g.vmid })
        expected.push(`guest changed ${key(g)} status`)
        break
      case 1: {
        const other = c.nodes.find((node) => node.node !== g.node)
        if (other === undefined) continue
        mutations.push({ op: 'move', clusterId: c.id, vmid: g.vmid, node: other.node })
        expected.push(`guest moved ${key(g)} node`)
        if (siteOf(other.node) !== siteOf(g.node)) expected.push(`guest moved ${key(g)} site`)
        break
      }
      case 2:
        mutations.push({ op: 'rename', clusterId: c.id, vmid: g.vmid, name: `${g.name}-renamed` })
        expected.push(`guest renamed ${key(g)} name`)
        break
      case 3:
        mutations.push({ op: 'config', clusterId: c.id, vmid: g.vmid, key: 'cores', value: 64 })
        mutations.push({
          op: 'config',
          clusterId: c.id,
          vmid: g.vmid,
          key: 'description',
          value: `changed ${pick}`,
        })
        expected.push(`guest changed ${key(g)} cores`, `guest changed ${key(g)} description`)
        break
      case 4:
        mutations.push({ op: 'removeGuest', clusterId: c.id, vmid: g.vmid })
        expected.push(`guest removed ${key(g)} `)
        break
      case 5: {
        const vmid = 900_000 + pick
        if (used.has(vmid)) continue
        used.add(vmid)
        mutations.push({
          op: 'addGuest',
          clusterId: c.id,
          vmid,
          type: 'lxc',
          node: g.node,
          name: `new-${vmid}`,
        })
        expected.push(`guest added ${c.id}/lxc/${vmid} `)
        used.delete(g.vmid)
        break
      }
    }
  }
  return { mutations, expected }
}

const fixture = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  guests: fc.integer({ min: 4, max: 40 }),
  clusters: fc.integer({ min: 1, max: 3 }),
})

describe('diffInventories', () => {
  it('finds nothing between an inventory snapshot and itself, or a copy of it', () => {
    fc.assert(
      fc.property(fixture, (o) => {
        const a = makeInventory(o)
        expect(diff(a, a)).toEqual([])
        expect(diff(a, structuredClone(a))).toEqual([])
      }),
      { numRuns: 30 },
    )
  })

  it('finds exactly the changes a known set of guest mutations makes', () => {
    fc.assert(
      fc.property(fixture, fc.array(fc.nat({ max: 200 }), { minLength: 1, maxLength: 12 }), (o, picks) => {
        const a = makeInventory(o)
        const { mutations, expected } = plan(a, picks)
        const b = mutate(a, ...mutations)
        const changes = diff(a, b)
        expect(sorted(changes.map(shape))).toEqual(sorted(expected))
        // Each diff is a valid InventoryDiff, as the IPC contract and the CLI's --json send it.
        expect(InventoryDiff.safeParse(diffInventories(side(a), side(b))).success).toBe(true)
      }),
      { numRuns: 40 },
    )
  })

  it('mirrors: from B to A, added is removed, before is after', () => {
    const mirror: Record<InventoryChange['kind'], InventoryChange['kind']> = {
      added: 'removed',
      removed: 'added',
      changed: 'changed',
      moved: 'moved',
      renamed: 'renamed',
    }
    const comparable = (c: InventoryChange): string =>
      JSON.stringify([
        c.category,
        c.kind,
        c.clusterId,
        c.key ?? null,
        c.field ?? null,
        c.before ?? null,
        c.after ?? null,
      ])
    fc.assert(
      fc.property(fixture, fc.array(fc.nat({ max: 200 }), { minLength: 1, maxLength: 12 }), (o, picks) => {
        const a = makeInventory(o)
        const b = mutate(a, ...plan(a, picks).mutations)
        const forth = diff(a, b).map((c) =>
          comparable({ ...c, kind: mirror[c.kind], before: c.after, after: c.before }),
        )
        const back = diff(b, a).map(comparable)
        expect(sorted(back)).toEqual(sorted(forth))
      }),
      { numRuns: 30 },
    )
  })

  it('says the access, node version and certificate changes an auditor looks for, by id and never by secret', () => {
    const a = makeInventory({ guests: 10, clusters: 2, seed: 7 })
    const c = a.clusters[1] as InventoryCluster
    const node = (c.nodes[0] as { node: string }).node
    const b = mutate(
      a,
      { op: 'addUser', clusterId: c.id, userid: 'intern@pve' },
      { op: 'removeUser', clusterId: c.id, userid: 'audit@pve' },
      { op: 'addToken', clusterId: c.id, userid: 'noc@pve', tokenid: 'backdoor' },
      { op: 'removeToken', clusterId: c.id, userid: 'noc@pve', tokenid: 'grafana' },
      { op: 'addAcl', clusterId: c.id, path: '/', ugid: 'intern@pve', roleid: 'Administrator' },
      { op: 'nodeVersion', clusterId: c.id, node, version: '8.4.9' },
      { op: 'certificate', clusterId: c.id, node, filename: 'pve-ssl.pem', notafter: 1_900_000_000 },
    )
    const changes = diff(a, b)
    expect(
      changes.map((x) => `${x.category} ${x.kind} ${x.subject}${x.field === undefined ? '' : ` ${x.field}`}`),
    ).toEqual([
      `node changed node ${node} version`,
      `node changed node ${node} package pve-manager`,
      `node changed certificate pve-ssl.pem on ${node} expiry`,
      'access removed user audit@pve',
      'access added user intern@pve',
      'access added token noc@pve!backdoor',
      'access removed token noc@pve!grafana',
      'access added ACL / user intern@pve Administrator',
    ])
    const expiry = changes.find((x) => x.field === 'expiry')
    expect(expiry?.after).toBe('2030-03-17T17:46:40.000Z')
    expect(changes.every((x) => x.clusterId === c.id)).toBe(true)
  })

  it('compares redacted values as their markers: the same marker is no change, a new one is', () => {
    const a = makeInventory({ guests: 20, clusters: 1, seed: 3 })
    const g = cluster(a, 'par-prod').guests.find((x) => x.config?.cipassword === REDACTED)
    if (g === undefined) throw new Error('the fixture has a VM with cloud-init')
    // The password changed on the server: both inventory snapshots only hold the marker, so nothing is said.
    expect(
      diff(
        a,
        mutate(a, { op: 'config', clusterId: 'par-prod', vmid: g.vmid, key: 'cipassword', value: REDACTED }),
      ),
    ).toEqual([])
    const removed = diff(
      a,
      mutate(a, { op: 'config', clusterId: 'par-prod', vmid: g.vmid, key: 'cipassword', value: undefined }),
    )
    expect(removed).toEqual([
      expect.objectContaining({ category: 'guest', kind: 'changed', field: 'cipassword', before: REDACTED }),
    ])
    expect(removed[0]).not.toHaveProperty('after')
  })

  it('says nothing of a part one side did not capture, and compares no data of an unreachable cluster', () => {
    const a = makeInventory({ guests: 12, clusters: 2, seed: 5 })
    const b = structuredClone(a)
    const c = cluster(b, 'lyo-prod')
    delete c.access.users
    delete c.firewall.rules
    c.guests = c.guests.map(({ config: _config, ...g }) => g)
    expect(diff(a, b)).toEqual([])

    const down = structuredClone(a)
    const d = cluster(down, 'lyo-prod')
    Object.assign(d, { reach: 'unreachable', nodes: [], guests: [], resources: undefined })
    expect(diff(a, down).map(shape)).toEqual(['cluster changed cluster Lyon reach'])
  })

  it('follows backup coverage, replication state, HA state and firewall rules', () => {
    const a = makeInventory({ guests: 60, clusters: 2, seed: 11 })
    const b = structuredClone(a)
    const lyo = cluster(b, 'lyo-prod')
    const covered = lyo.guests.find(
      (g) => !(lyo.backups.notBackedUp ?? []).some((e) => e.vmid === g.vmid) && g.config?.template !== 1,
    )
    if (covered === undefined) throw new Error('a covered guest')
    lyo.backups.notBackedUp?.push({ vmid: covered.vmid, name: covered.name, type: covered.type })
    for (const archive of lyo.backups.archives)
      archive.entries = archive.entries.filter((e) => e.vmid !== covered.vmid)
    const job = lyo.replication.state[0]?.entries[0]
    if (job === undefined) throw new Error('a replication job on PVE 8')
    const failing = job.error !== undefined
    if (failing) {
      delete job.error
      job.fail_count = 0
    } else job.error = 'no space left on device'
    const service = lyo.ha.status?.find((s) => s.type === 'service')
    if (service === undefined) throw new Error('an HA service')
    service.status = 'error'
    const rule = lyo.firewall.rules?.[3]
    if (rule === undefined) throw new Error('a fourth cluster rule')
    rule.enable = 1

    const changes = diff(a, b)
    const key = `lyo-prod/${covered.type}/${covered.vmid}`
    expect(changes.map(shape)).toEqual([
      `backup changed ${key} coverage`,
      `backup changed ${key} newest backup`,
      expect.stringMatching(/^replication changed lyo-prod\/(qemu|lxc)\/\d+ state$/),
      expect.stringMatching(/^ha changed lyo-prod\/(qemu|lxc)\/\d+ current status$/),
      'firewall changed cluster firewall rule 3 enable',
    ])
    expect(changes[0]).toMatchObject({ before: 'covered', after: 'not covered' })
    expect(changes[1]?.after).toBeUndefined()
    expect(changes[2]?.after).toBe(failing ? 'ok' : 'error: no space left on device')
  })

  it('is one guest removed and another added when a vmid changes kind, and tags compare as a set', () => {
    const a = makeInventory({ guests: 10, clusters: 1, seed: 2 })
    const c = cluster(a, 'par-prod')
    const g = c.guests.find((x) => x.type === 'qemu' && x.config?.template !== 1)
    if (g === undefined) throw new Error('a VM')
    const b = mutate(
      a,
      { op: 'removeGuest', clusterId: c.id, vmid: g.vmid },
      { op: 'addGuest', clusterId: c.id, vmid: g.vmid, type: 'lxc', node: g.node, name: g.name },
    )
    expect(diff(a, b).map(shape)).toEqual([
      `guest removed par-prod/qemu/${g.vmid} `,
      `guest added par-prod/lxc/${g.vmid} `,
    ])

    const t = mutate(a, { op: 'tags', clusterId: c.id, vmid: g.vmid, tags: ['b', 'a'] })
    const u = mutate(a, { op: 'tags', clusterId: c.id, vmid: g.vmid, tags: ['a', 'b', 'a'] })
    expect(diff(t, u)).toEqual([])
    expect(diff(a, t)).toEqual([expect.objectContaining({ field: 'tags', after: ['a', 'b'] })])
  })
})
