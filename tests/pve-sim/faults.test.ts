import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import { json, login, pveRequest } from './test-support'
import type { SimClusterInfo, SimEndpoint, Simulator } from './types'

let sim: Simulator
let ace: SimClusterInfo
let km4: SimEndpoint
let km4b: SimEndpoint
let yakro: SimEndpoint

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const [a, y] = sim.info.clusters
  const [e1, e2] = a?.endpoints ?? []
  if (a === undefined || e1 === undefined || e2 === undefined || y?.endpoints[0] === undefined) {
    throw new Error('clusters missing')
  }
  ace = a
  km4 = e1
  km4b = e2
  yakro = y.endpoints[0]
})

afterEach(async () => {
  await sim.reset()
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
  if (body !== undefined) init.body = JSON.stringify(body)
  const res = await fetch(`${sim.info.control}${path}`, init)
  return { status: res.status, body: await res.json() }
}

const root = (endpoint = km4): ReturnType<typeof login> => login(endpoint, 'root@pam', ace.login.password)

describe('the simulated clock', () => {
  it('ages tickets: valid for two hours, then 401', async () => {
    const session = await root()
    const call = (): Promise<number> =>
      pveRequest(km4, { path: '/version', ticket: session.ticket }).then((r) => r.status)
    expect((await control('POST', '/clock/advance', { seconds: 7000 })).status).toBe(200)
    expect(await call()).toBe(200)
    sim.advanceClock(200)
    expect(await call()).toBe(401)
    // An expired ticket cannot be renewed either.
    const renew = await pveRequest(km4, {
      method: 'POST',
      path: '/access/ticket',
      form: { username: 'root@pam', password: session.ticket },
    })
    expect(renew.status).toBe(401)
  })

  it('reports its time and moves uptimes with it', async () => {
    const before = (await control('GET', '/clock')).body as { now: number; offsetSeconds: number }
    expect(Math.abs(before.now - Date.now())).toBeLessThan(1000)
    const session = await root()
    const uptime = async (): Promise<number> => {
      const res = await pveRequest(km4, { path: '/cluster/resources?type=vm', ticket: session.ticket })
      const guest = (json(res).data as { vmid: number; uptime: number }[]).find((g) => g.vmid === 101)
      return guest?.uptime ?? -1
    }
    const first = await uptime()
    const moved = await control('POST', '/clock/advance', { seconds: 3600 })
    expect(moved.body).toMatchObject({ ok: true, offsetSeconds: 3600 })
    expect((await uptime()) - first).toBeGreaterThanOrEqual(3600)
    expect(Math.abs(sim.now() - Date.now() - 3_600_000)).toBeLessThan(1000)
    expect((await control('POST', '/clock/advance', { seconds: -5 })).status).toBe(400)
  })
})

describe('faults', () => {
  it('slows one node down by latencyMs', async () => {
    await control('POST', '/faults', { node: 'km4-pve1', latencyMs: 300 })
    const timed = async (endpoint: SimEndpoint): Promise<number> => {
      const started = performance.now()
      await pveRequest(endpoint, { path: '/access/domains' })
      return performance.now() - started
    }
    expect(await timed(km4)).toBeGreaterThanOrEqual(290)
    expect(await timed(km4b)).toBeLessThan(290)
  })

  it('fails every call with errorRate 1, and some with 0.5', async () => {
    const set = await control('POST', '/faults', { errorRate: 1 })
    expect(set.body).toMatchObject({
      ok: true,
      faults: { global: { errorRate: 1, latencyMs: 0, hang: false } },
    })
    const res = await pveRequest(yakro, { path: '/access/domains' })
    expect([res.status, res.reason, res.headers.connection]).toEqual([500, 'got timeout', 'close'])
    sim.setFaults({ errorRate: 0.5 })
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () => pveRequest(yakro, { path: '/access/domains' }).then((r) => r.status)),
    )
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(5)
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(5)
  })

  it('hangs: the request is accepted and never answered', async () => {
    sim.setFaults({ hang: true }, 'km4-pve2')
    const outcome = await new Promise<string>((resolve) => {
      const controller = new AbortController()
      const timer = setTimeout(() => {
        controller.abort()
      }, 400)
      pveRequest(km4b, { path: '/access/domains', signal: controller.signal }).then(
        () => {
          clearTimeout(timer)
          resolve('answered')
        },
        (err: unknown) => {
          clearTimeout(timer)
          resolve((err as Error).name)
        },
      )
    })
    expect(outcome).toBe('AbortError')
    expect(sim.requests.at(-1)).toMatchObject({ node: 'km4-pve2', path: '/api2/json/access/domains' })
    // The other nodes are fine, and clearing the fault heals the node.
    expect((await pveRequest(km4, { path: '/access/domains' })).status).toBe(200)
    sim.setFaults({}, 'km4-pve2')
    expect((await pveRequest(km4b, { path: '/access/domains' })).status).toBe(200)
  })

  it('drips the real answer: headers at once, then the body a few bytes a second', async () => {
    expect((await control('POST', '/faults', { dripBytesPerSecond: 400, node: 'yakro-pve1' })).status).toBe(
      200,
    )
    const res = await pveRequest(yakro, { path: '/access/domains' })
    expect(res.status).toBe(200)
    expect((JSON.parse(res.text) as { data: unknown[] }).data.length).toBeGreaterThan(0)
    expect(sim.requests.at(-1)?.streamed).toEqual({ bytes: Buffer.byteLength(res.text), cut: false })
  })

  it('answers far larger than PVE, with or without Content-Length, without holding the body', async () => {
    expect((await control('POST', '/faults', { oversizeBytes: 3_000_000, node: 'yakro-pve1' })).status).toBe(
      200,
    )
    const declared = await pveRequest(yakro, { path: '/version' })
    expect([declared.status, declared.headers['content-length'], declared.text.length]).toEqual([
      200,
      '3000000',
      3_000_000,
    ])
    expect((JSON.parse(declared.text) as { data: string }).data).toMatch(/^x+$/)
    sim.setFaults({ oversizeBytes: 100_000, oversizeChunked: true }, 'yakro-pve1')
    const chunked = await pveRequest(yakro, { path: '/version' })
    expect([
      chunked.headers['content-length'],
      chunked.headers['transfer-encoding'],
      chunked.text.length,
    ]).toEqual([undefined, 'chunked', 100_000])
    expect(sim.requests.at(-1)?.streamed).toEqual({ bytes: 100_000, cut: false })
  })

  it('refuses a bad body and an unknown node', async () => {
    expect((await control('POST', '/faults', { errorRate: 2 })).status).toBe(400)
    expect((await control('POST', '/faults', { bogus: 1 })).status).toBe(400)
    expect((await control('POST', '/faults', { dripBytesPerSecond: -1 })).status).toBe(400)
    expect((await control('POST', '/faults', { oversizeBytes: 1.5 })).status).toBe(400)
    expect((await control('POST', '/faults', { node: 'nowhere', hang: true })).status).toBe(404)
  })
})

describe('certificates', () => {
  it('rotates a node certificate on the same port', async () => {
    const old = km4.fingerprint
    const rotated = await control('POST', '/nodes/km4-pve1/rotate-certificate')
    const fingerprint = (rotated.body as { fingerprint: string }).fingerprint
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(fingerprint).not.toBe(old)
    expect(sim.fingerprintOf('km4-pve1')).toBe(fingerprint)
    const health = (await control('GET', '/health')).body as { fingerprints: Record<string, string> }
    expect(health.fingerprints['km4-pve1']).toBe(fingerprint)
    // A client pinned to the old fingerprint is cut off; pinned to the new one it gets through.
    await expect(pveRequest(km4, { path: '/access/domains' })).rejects.toThrow(/fingerprint mismatch/)
    const res = await pveRequest(km4, { path: '/access/domains', fingerprint })
    expect(res.status).toBe(200)
    // Its peers publish the new fingerprint in /nodes.
    const session = await root(km4b)
    const nodes = json(await pveRequest(km4b, { path: '/nodes', ticket: session.ticket })).data as {
      node: string
      ssl_fingerprint: string
    }[]
    expect(nodes.find((n) => n.node === 'km4-pve1')?.ssl_fingerprint).toBe(fingerprint)
    // The ready line stays what was printed.
    expect(sim.info.clusters[0]?.endpoints[0]?.fingerprint).toBe(old)
  })
})

describe('reset', () => {
  it('puts back the scenario, the clock, the certificates and the nodes, and clears faults', async () => {
    await sim.rotateCertificate('yakro-pve1')
    await sim.stopNode('vitib-pve1')
    sim.setGuestStatus('ace-prod', 204, 'running')
    sim.advanceClock(86_400)
    sim.setFaults({ latencyMs: 50 })
    expect((await control('POST', '/reset')).status).toBe(200)
    expect(sim.fingerprintOf('yakro-pve1')).toBe(yakro.fingerprint)
    expect(Math.abs(sim.now() - Date.now())).toBeLessThan(1000)
    expect(
      ((await control('GET', '/faults')).body as { global: { latencyMs: number } }).global.latencyMs,
    ).toBe(0)
    const session = await root()
    const res = await pveRequest(km4, { path: '/cluster/resources?type=vm', ticket: session.ticket })
    const guests = json(res).data as { vmid: number; status: string; node: string }[]
    expect(guests.find((g) => g.vmid === 204)?.status).toBe('stopped')
    expect(guests.filter((g) => g.node === 'vitib-pve1').every((g) => g.status !== 'unknown')).toBe(true)
  })
})
