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
