import { describe, expect, it } from 'vitest'

import type { ClusterRead } from '../../src/cli/cluster-access'
import { readAccess } from '../../src/cli/cluster-access'
import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import { clusterInventory } from '../../src/main/clusters/cluster-config'
import type { PveClient } from '../../src/main/pve/pve-client'

// The bulk run's access over what `pvedesk bulk` read to plan: read again only when a guest is missing or the read
// is old, at most once per interval and never twice at once; a privilege the whole map refuses asked for its path.
const config: ClusterConfig = {
  id: 'ace',
  name: 'ace',
  endpoints: [{ url: 'https://127.0.0.1:9' }],
  auth: { kind: 'password', username: 'noc@pve' },
  sites: {},
  readOnly: false,
}
const guestRow = (vmid: number): Record<string, unknown> => ({
  id: `qemu/${vmid}`,
  type: 'qemu',
  vmid,
  node: 'n1',
  name: `g${vmid}`,
  status: 'running',
})
const readOf = (vmids: number[], permissions: ClusterRead['permissions'] = {}): ClusterRead => ({
  items: [...clusterInventory(config, vmids.map(guestRow)).values()],
  permissions,
})

interface Harness {
  access: ReturnType<typeof readAccess>
  asked: string[]
  rereads: () => number
  step: (ms: number) => number
  nextRead: (read: ClusterRead) => ClusterRead
}

function harness(first: ClusterRead, exact: Record<string, unknown> = {}): Harness {
  let clock = 0
  let rereads = 0
  let next = first
  const asked: string[] = []
  const client = {
    clusterId: 'ace',
    call: (_method: string, path: string, params?: { path?: string }) => {
      asked.push(`${path}?${params?.path ?? ''}`)
      return Promise.resolve(exact[params?.path ?? ''] ?? {})
    },
  } as unknown as PveClient
  const access = readAccess(config, client, first, {
    reread: () => {
      rereads++
      return Promise.resolve(next)
    },
    minIntervalMs: 5_000,
    maxAgeMs: 30_000,
    now: () => clock,
  })
  return {
    access,
    asked,
    rereads: () => rereads,
    step: (ms: number) => (clock += ms),
    nextRead: (read: ClusterRead) => (next = read),
  }
}

describe('the bulk run access (pvedesk bulk)', () => {
  it('finds the planned guests without asking the cluster again', async () => {
    const h = harness(readOf([100, 101, 102]))
    for (const vmid of [100, 101, 102]) expect((await h.access.guest(vmid)).name).toBe(`g${vmid}`)
    expect(h.rereads()).toBe(0)
  })

  it('a guest missing is read again once per interval, concurrent misses sharing one read', async () => {
    const h = harness(readOf([100]))
    await expect(h.access.guest(200)).rejects.toMatchObject({ code: 'not_found' })
    // Just read: the next misses do not ask again, however many.
    h.step(5_000)
    h.nextRead(readOf([100, 200]))
    const found = await Promise.all([
      h.access.guest(200),
      h.access.guest(200),
      h.access.guest(201).catch(() => 0),
    ])
    expect(found[0].name).toBe('g200')
    expect(h.rereads()).toBe(1)
    h.step(1_000)
    await expect(h.access.guest(300)).rejects.toMatchObject({ code: 'not_found' })
    expect(h.rereads()).toBe(1)
  })

  it('a read older than 30 s is done again before the next guest (a guest HA moved)', async () => {
    const h = harness(readOf([100]))
    h.step(30_000)
    h.nextRead({
      ...readOf([100]),
      items: [...clusterInventory(config, [{ ...guestRow(100), node: 'n2' }]).values()],
    })
    expect((await h.access.guest(100)).node).toBe('n2')
    expect(h.rereads()).toBe(1)
  })

  it('the whole map decides a yes; a no is asked of PVE for that exact path, once', async () => {
    const h = harness(readOf([100, 101], { '/vms/100': { 'VM.PowerMgmt': 1 } }), {
      '/vms/101': { '/vms/101': { 'VM.PowerMgmt': 0 } },
    })
    expect(await h.access.can('/vms/100', ['VM.PowerMgmt'])).toBe(true)
    expect(h.asked).toEqual([])
    expect(await h.access.can('/vms/101', ['VM.PowerMgmt'])).toBe(true)
    expect(await h.access.can('/vms/102', ['VM.PowerMgmt'])).toBe(false)
    expect(await h.access.can('/vms/102', ['VM.PowerMgmt'])).toBe(false)
    expect(h.asked).toEqual(['/access/permissions?/vms/101', '/access/permissions?/vms/102'])
  })
})
