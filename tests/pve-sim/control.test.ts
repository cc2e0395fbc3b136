import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Entry, Session } from './test-support'
import { connectError, getList, login } from './test-support'
import type { SimEndpoint, Simulator } from './types'

let sim: Simulator
let km4: SimEndpoint
let session: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const cluster = sim.info.clusters[0]
  if (cluster?.endpoints[0] === undefined) throw new Error('ace-prod missing')
  km4 = cluster.endpoints[0]
  session = await login(km4, cluster.login.username, cluster.login.password)
})

afterAll(async () => {
  await sim.dispose()
})

async function control(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const init: RequestInit = { method }
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
  const res = await fetch(`${sim.info.control}${path}`, init)
  return { status: res.status, body: await res.json() }
}

const guest = async (vmid: number): Promise<Entry | undefined> =>
  (await getList(km4, session, '/cluster/resources?type=vm')).find((e) => e.vmid === vmid)

describe('control API', () => {
  it('reports health with every node and its fingerprint', async () => {
    const fingerprints = Object.fromEntries(
      sim.info.clusters.flatMap((c) => c.endpoints).map((e) => [e.node, e.fingerprint]),
    )
    expect(await control('GET', '/health')).toEqual({
      status: 200,
      body: {
        ok: true,
        nodes: { 'km4-pve1': 'online', 'km4-pve2': 'online', 'vitib-pve1': 'online', 'yakro-pve1': 'online' },
        fingerprints,
      },
    })
  })

  it('moves a guest to another node at once, and refuses what cannot be moved', async () => {
    expect(await control('POST', '/clusters/ace-prod/guests/201/move', { node: 'vitib-pve1' })).toEqual({
      status: 200,
      body: { ok: true },
    })
    const moved = await guest(201)
    expect([moved?.node, moved?.status]).toEqual(['vitib-pve1', 'running'])
    const config = await getList(km4, session, '/nodes/vitib-pve1/qemu/201/pending')
    expect(config.find((i) => i.key === 'name')?.value).toBe('naorlo-web01-test')
    // A replication job towards the new node now replicates back to the old one.
    sim.moveGuest('ace-prod', 101, 'vitib-pve1')
    const job = (await getList(km4, session, '/cluster/replication')).find((j) => j.guest === 101)
    expect([job?.source, job?.target]).toEqual(['vitib-pve1', 'km4-pve1'])
    expect((await control('POST', '/clusters/ace-prod/guests/201/move', { node: 'vitib-pve1' })).status).toBe(
      409,
    )
    expect((await control('POST', '/clusters/ace-prod/guests/201/move', { node: 'yakro-pve1' })).status).toBe(
      404,
    )
    expect((await control('POST', '/clusters/ace-prod/guests/999/move', { node: 'km4-pve1' })).status).toBe(
      404,
    )
    expect((await control('POST', '/clusters/ace-prod/guests/201/move', {})).status).toBe(400)
    sim.moveGuest('ace-prod', 201, 'km4-pve2')
    sim.moveGuest('ace-prod', 101, 'km4-pve1')
  })

  it('records the time the simulator spent on each request', async () => {
    const before = sim.requests.length
    await getList(km4, session, '/cluster/resources')
    const [entry] = sim.requests.slice(before)
    expect(entry?.path).toBe('/api2/json/cluster/resources')
    expect(entry?.serviceMs).toBeGreaterThan(0)
  })

  it('starts and stops a guest', async () => {
    expect(await control('POST', '/clusters/ace-prod/guests/210/status', { status: 'running' })).toEqual({
      status: 200,
      body: { ok: true },
    })
    expect((await guest(210))?.status).toBe('running')
    await control('POST', '/clusters/ace-prod/guests/210/status', { status: 'stopped' })
    expect((await guest(210))?.status).toBe('stopped')
  })

  it('refuses a bad body with 400 and unknown things with 404', async () => {
    expect((await control('POST', '/clusters/ace-prod/guests/210/status', { status: 'paused' })).status).toBe(
      400,
    )
    expect((await control('POST', '/clusters/ace-prod/guests/210/status', 'not json')).status).toBe(400)
    expect((await control('POST', '/clusters/nowhere/guests/210/status', { status: 'running' })).status).toBe(
      404,
    )
    expect(
      (await control('POST', '/clusters/ace-prod/guests/4242/status', { status: 'running' })).status,
    ).toBe(404)
    expect((await control('POST', '/nodes/nowhere/stop')).status).toBe(404)
    expect((await control('GET', '/bogus')).status).toBe(404)
    // A template cannot run.
    expect(
      (await control('POST', '/clusters/ace-prod/guests/900/status', { status: 'running' })).status,
    ).toBe(409)
  })

  it('stops and starts a node', async () => {
    const yakro = sim.info.clusters[1]?.endpoints[0]
    if (yakro === undefined) throw new Error('yakro-pve1 missing')
    expect((await control('POST', '/nodes/yakro-pve1/stop')).status).toBe(200)
    expect(await connectError(yakro)).toBe('ECONNREFUSED')
    expect(
      ((await control('GET', '/health')).body as { nodes: Record<string, string> }).nodes['yakro-pve1'],
    ).toBe('stopped')
    expect((await control('POST', '/nodes/yakro-pve1/start')).status).toBe(200)
    expect(await connectError(yakro)).toBe('connected')
  })

  it('ticks: usage figures drift', async () => {
    const before = await guest(101)
    for (let i = 0; i < 3; i++) expect((await control('POST', '/tick')).status).toBe(200)
    const after = await guest(101)
    expect(after?.cpu).not.toBe(before?.cpu)
  })
})
