import { spawn } from 'node:child_process'
import { Agent, request } from 'node:https'
import type { Socket } from 'node:net'
import { dirname, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import { openConsole, wsPath } from './console-support'
import type { Entry } from './test-support'
import { call, login, pveRequest, waitFor } from './test-support'

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/
const HANDLE_KINDS = ['TCPServerWrap', 'TCPSocketWrap', 'TLSWrap', 'Timeout']

function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(HANDLE_KINDS.map((k) => [k, 0]))
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind in counts) counts[kind] = (counts[kind] ?? 0) + 1
  }
  return counts
}

describe('simulator lifecycle', () => {
  it('starts quickly and describes every cluster in the ready line', async () => {
    const started = performance.now()
    const sim = await startSimulator({ tickMs: null })
    const elapsed = performance.now() - started
    try {
      // The brief asks for well under 2 s; allow slack for a loaded CI machine.
      expect(elapsed).toBeLessThan(4000)
      const info = sim.info
      expect(info.ready).toBe(true)
      expect(info.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(info.clusters.map((c) => [c.id, c.name, c.version])).toEqual([
        ['ace-prod', 'ace-prod', '9.1.4'],
        ['yakro-pve1', 'yakro-pve1', '8.4.1'],
      ])
      const endpoints = info.clusters.flatMap((c) => c.endpoints)
      expect(endpoints.map((e) => [e.node, e.site])).toEqual([
        ['km4-pve1', 'Km4'],
        ['km4-pve2', 'Km4'],
        ['vitib-pve1', 'VITIB'],
        ['yakro-pve1', 'Yamoussoukro'],
      ])
      for (const endpoint of endpoints) {
        expect(endpoint.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
        expect(endpoint.fingerprint).toMatch(FINGERPRINT)
      }
      expect(new Set(endpoints.map((e) => e.url)).size).toBe(4)
      expect(new Set(endpoints.map((e) => e.fingerprint)).size).toBe(4)
      for (const cluster of info.clusters) {
        expect(cluster.login).toEqual({ username: 'root@pam', password: expect.any(String) as string })
      }
      // The ready line is what the CLI prints: it must survive a JSON round trip unchanged.
      expect(JSON.parse(JSON.stringify(info))).toEqual(info)
    } finally {
      await sim.dispose()
    }
  })

  it('records every request with its node and whether it was authenticated', async () => {
    const sim = await startSimulator({ tickMs: null })
    try {
      const [first, second] = sim.info.clusters[0]?.endpoints ?? []
      if (first === undefined || second === undefined) throw new Error('scenario has no endpoints')
      await pveRequest(first, { path: '/version' })
      await pveRequest(second, { path: '/access/domains' })
      const serviceMs = expect.any(Number) as unknown
      expect(sim.requests).toEqual([
        { node: 'km4-pve1', method: 'GET', path: '/api2/json/version', authenticated: false, serviceMs },
        {
          node: 'km4-pve2',
          method: 'GET',
          path: '/api2/json/access/domains',
          authenticated: false,
          serviceMs,
        },
      ])
    } finally {
      await sim.dispose()
    }
  })

  it('leaves no server, socket or timer behind after dispose', async () => {
    const before = handleCounts()
    const sim = await startSimulator({ tickMs: 20 })
    const endpoint = sim.info.clusters[0]?.endpoints[0]
    if (endpoint === undefined) throw new Error('scenario has no endpoints')
    // One connection stays open in a keep-alive pool, so dispose must cut it.
    const agent = new Agent({ keepAlive: true, rejectUnauthorized: false })
    const clientSocket = await new Promise<Socket>((done, fail) => {
      const url = new URL(endpoint.url)
      let socket: Socket | undefined
      request({ host: url.hostname, port: url.port, path: '/api2/json/access/domains', agent }, (res) => {
        res.resume()
        res.on('end', () => {
          if (socket === undefined) fail(new Error('no socket'))
          else done(socket)
        })
      })
        .on('socket', (s) => (socket = s))
        .on('error', fail)
        .end()
    })
    const clientClosed = new Promise((resolve) => clientSocket.once('close', resolve))
    await pveRequest(endpoint, { path: '/version' })
    // A request a hanging node never answers, and one waiting out its latency, must not outlive dispose.
    const second = sim.info.clusters[0]?.endpoints[1]
    if (second === undefined) throw new Error('scenario has one node only')
    sim.setFaults({ hang: true }, endpoint.node)
    sim.setFaults({ latencyMs: 60_000 }, second.node)
    const hanging = pveRequest(endpoint, { path: '/version' }).then(
      () => 'answered',
      () => 'cut',
    )
    const waiting = pveRequest(second, { path: '/version' }).then(
      () => 'answered',
      () => 'cut',
    )
    await waitFor(() => sim.requests.length >= 2)
    // An open console (websocket, shell, auth-line timer) must not outlive dispose either.
    const third = sim.info.clusters[0]?.endpoints[2]
    if (third === undefined) throw new Error('scenario has two nodes only')
    const session = await login(third, 'root@pam', 'pvedesk-demo')
    const term = (await call(third, session, 'POST', `/nodes/${third.node}/termproxy`)).data as Entry
    const console = await openConsole(
      third,
      wsPath(`/nodes/${third.node}`, String(term.port), String(term.ticket)),
      {
        Cookie: `PVEAuthCookie=${encodeURIComponent(session.ticket)}`,
      },
    )
    expect(handleCounts().TCPServerWrap).toBeGreaterThan(before.TCPServerWrap ?? 0)
    await sim.dispose()
    expect([await hanging, await waiting]).toEqual(['cut', 'cut'])
    await console.closed
    // The pooled client socket is ours, not the simulator's: wait until it saw the server hang up.
    await clientClosed
    agent.destroy()
    const after = handleCounts()
    for (const kind of HANDLE_KINDS) expect(after[kind], kind).toBeLessThanOrEqual(before[kind] ?? 0)
  })

  it('dispose is idempotent', async () => {
    const sim = await startSimulator({ tickMs: null })
    await sim.dispose()
    await expect(sim.dispose()).resolves.toBeUndefined()
  })

  it('runs as a CLI: one JSON line on stdout, exit 0 on SIGTERM', async () => {
    const cli = resolve(dirname(fileURLToPath(import.meta.url)), 'cli.ts')
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, '--scenario', 'three-sites', '--tick-ms', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const lines: string[] = []
    const rl = createInterface({ input: child.stdout })
    rl.on('line', (line) => lines.push(line))
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    await waitFor(() => lines.length > 0, 15_000)
    const ready = JSON.parse(lines[0] ?? '') as { ready: boolean; clusters: unknown[] }
    expect(ready.ready).toBe(true)
    expect(ready.clusters).toHaveLength(2)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    rl.close()
    expect(lines).toHaveLength(1)
  }, 20_000)
})
