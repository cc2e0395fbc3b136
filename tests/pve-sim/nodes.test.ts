import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Entry, Session } from './test-support'
import { connectError, getList, login, pveRequest } from './test-support'
import type { SimEndpoint, Simulator } from './types'

const USAGE_KEYS = [
  'uptime',
  'cpu',
  'mem',
  'disk',
  'maxcpu',
  'maxmem',
  'maxdisk',
  'netin',
  'netout',
  'diskread',
  'diskwrite',
]

let sim: Simulator
let km4: SimEndpoint
let km4Test: SimEndpoint
let vitib: SimEndpoint
let session: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const cluster = sim.info.clusters[0]
  const [a, b, c] = cluster?.endpoints ?? []
  if (cluster === undefined || a === undefined || b === undefined || c === undefined)
    throw new Error('ace-prod missing')
  km4 = a
  km4Test = b
  vitib = c
  session = await login(km4, cluster.login.username, cluster.login.password)
})

afterAll(async () => {
  await sim.dispose()
})

const nodeEntry = (entries: readonly Entry[], node: string): Entry | undefined =>
  entries.find((e) => e.type === 'node' && e.node === node)

describe('a node that stops answering', () => {
  it('refuses connections while its peers report it offline, then comes back on the same port and certificate', async () => {
    await sim.stopNode('vitib-pve1')
    expect(await connectError(vitib)).toBe('ECONNREFUSED')

    const status = await getList(km4, session, '/cluster/status')
    expect(status.find((e) => e.name === 'vitib-pve1')).toMatchObject({ online: 0, local: 0 })
    // Two votes of three keep the quorum.
    expect(status[0]).toMatchObject({ type: 'cluster', quorate: 1 })

    const nodes = await getList(km4Test, session, '/nodes')
    const offline = nodes.find((n) => n.node === 'vitib-pve1')
    expect(offline).toMatchObject({ status: 'offline', ssl_fingerprint: vitib.fingerprint })
    expect(offline).not.toHaveProperty('uptime')
    expect(offline).not.toHaveProperty('cpu')

    const resources = await getList(km4, session, '/cluster/resources')
    expect(nodeEntry(resources, 'vitib-pve1')).toMatchObject({ status: 'offline' })
    const guests = resources.filter((e) => e.node === 'vitib-pve1' && (e.type === 'qemu' || e.type === 'lxc'))
    expect(guests.length).toBeGreaterThan(0)
    for (const guest of guests) {
      expect(guest.status).toBe('unknown')
      expect(guest.name).toEqual(expect.any(String))
      for (const key of USAGE_KEYS) expect(guest, `${String(guest.name)}.${key}`).not.toHaveProperty(key)
    }
    const storages = resources.filter((e) => e.type === 'storage' && e.node === 'vitib-pve1')
    expect(storages.map((s) => [s.storage, s.status])).toEqual([
      ['local', 'unknown'],
      ['local-lvm', 'unknown'],
      ['local-zfs', 'unknown'],
      ['pbs-yakro', 'unknown'],
    ])
    // The other nodes' guests are untouched.
    expect(resources.find((e) => e.name === 'naorlo-web01')?.status).toBe('running')

    await sim.startNode('vitib-pve1')
    const back = await pveRequest(vitib, { path: '/cluster/status', ticket: session.ticket })
    expect(back.status).toBe(200)
    expect(back.peerFingerprint).toBe(vitib.fingerprint)
    const after = await getList(km4, session, '/cluster/resources?type=vm')
    expect(after.filter((e) => e.node === 'vitib-pve1').every((e) => e.status !== 'unknown')).toBe(true)
  })

  it('loses the quorum when two of three nodes are down', async () => {
    await sim.stopNode('km4-pve2')
    await sim.stopNode('vitib-pve1')
    try {
      const status = await getList(km4, session, '/cluster/status')
      expect(status[0]).toMatchObject({ type: 'cluster', quorate: 0, nodes: 3 })
      expect(status.filter((e) => e.type === 'node').map((e) => e.online)).toEqual([1, 0, 0])
    } finally {
      await sim.startNode('km4-pve2')
      await sim.startNode('vitib-pve1')
    }
    expect((await getList(km4Test, session, '/cluster/status'))[0]).toMatchObject({ quorate: 1 })
  })

  it('cuts open connections when it stops', async () => {
    // A request in flight on the stopped node fails instead of hanging.
    const pending = pveRequest(km4Test, { path: '/cluster/resources', ticket: session.ticket }).then(
      (res) => res.status,
      (err: unknown) => (err as NodeJS.ErrnoException).code,
    )
    await sim.stopNode('km4-pve2')
    const outcome = await pending
    expect([200, 'ECONNRESET', 'ECONNREFUSED', 'EPIPE']).toContain(outcome)
    await sim.startNode('km4-pve2')
    expect(await connectError(km4Test)).toBe('connected')
  })

  it('refuses to stop a node it does not know', async () => {
    await expect(sim.stopNode('nowhere')).rejects.toThrow(/no node nowhere/)
  })
})
