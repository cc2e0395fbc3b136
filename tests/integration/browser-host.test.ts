import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { z } from 'zod'

import type { BrowserHost } from '../../src/main/host/browser-host'
import { startBrowserHost } from '../../src/main/host/browser-host'
import { IpcRouter } from '../../src/main/ipc/router'
import { MAX_BUFFERED } from '../../src/main/ipc/ws-transport'
import type { StreamPort } from '../../src/main/ipc/stream-port'
import { webSocketBridge } from '../../src/preload/ws-bridge'
import type { PveDeskApiOf } from '../../src/shared/ipc/api'
import { buildPveDeskApi } from '../../src/shared/ipc/api'
import { manifestOf } from '../../src/shared/ipc/contract'
import type { Contract } from '../../src/shared/ipc/domain'
import { bytes } from '../../src/shared/ipc/schemas'
import { STREAM_WINDOW } from '../../src/shared/ipc/stream'
import type { FleetDelta } from '../../src/shared/model/fleet'
import { stubHandlers } from '../support/handlers'

let host: BrowserHost
let dir: string
let router: IpcRouter
let token: string

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}
function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${host.origin}${path}`, { headers }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}
function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/__pvedesk/ipc`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)))
    ws.once('error', reject)
  })
}
const cookie = (): string => `pvedesk_host=${token}`

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pvedesk-renderer-'))
  writeFileSync(join(dir, 'index.html'), '<html><head><title>t</title></head><body></body></html>')
  router = new IpcRouter(
    stubHandlers({
      'app:info': () => ({ version: '9', locale: 'fr-FR', host: 'browser' }),
      'fleet:get': () => ({ clusters: [] }),
      'cluster:refresh': () => null,
    }),
  )
  host = await startBrowserHost({ router, rendererDir: dir, bridgeScript: '/* bridge */' })
  token = new URL(host.url).searchParams.get('token') ?? ''
})
afterAll(() => {
  host.dispose()
  router.dispose()
})

describe('browser host', () => {
  it('trades the token for an HttpOnly cookie and sends the browser on without the token in the URL', async () => {
    const reply = await get(`/?lang=fr&token=${token}`)
    expect(reply.status).toBe(303)
    expect(reply.headers.location).toBe('/?lang=fr')
    expect(reply.body).not.toContain(token)
    const setCookie = String(reply.headers['set-cookie'])
    expect(setCookie).toMatch(/HttpOnly; SameSite=Strict/)
    const sent = /pvedesk_host=[^;]+/.exec(setCookie)?.[0] ?? ''
    expect(sent).toBe(cookie())
    const page = await get('/?lang=fr', { Cookie: sent })
    expect(page.status).toBe(200)
    expect(page.body).toContain(
      '<head><script src="/__pvedesk/bridge.js" data-manifest="{&quot;invoke&quot;:[',
    )
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect((await get('/__pvedesk/bridge.js', { Cookie: cookie() })).body).toBe('/* bridge */')
  })

  it('checks Host even on the request that carries the right token (DNS rebinding)', async () => {
    const reply = await get(`/?token=${token}`, { Host: 'evil.example' })
    expect(reply.status).toBe(403)
    expect(reply.headers['set-cookie']).toBeUndefined()
    const otherPort = await get(`/?token=${token}`, { Host: '127.0.0.1:1' })
    expect(otherPort.status).toBe(403)
    const otherOrigin = await get(`/?token=${token}`, { Origin: 'http://evil.example' })
    expect(otherOrigin.status).toBe(403)
  })

  it.each<[string, string, (cookie: string) => Record<string, string>]>([
    ['no token', '/', () => ({})],
    ['a wrong token', '/?token=nope', () => ({})],
    ['a wrong cookie', '/', () => ({ Cookie: 'pvedesk_host=nope' })],
    ['another origin', '/', (c) => ({ Cookie: c, Origin: 'http://evil.example' })],
    ['another Host (DNS rebinding)', '/', (c) => ({ Cookie: c, Host: 'evil.example' })],
    ['a path outside the renderer', '/..%2F..%2Fetc%2Fpasswd', (c) => ({ Cookie: c })],
  ])('refuses a request with %s', async (_what, path, headers) => {
    const reply = await get(path, headers(cookie()))
    expect([403, 404]).toContain(reply.status)
    expect(reply.body).not.toContain('<html>')
  })

  it('refuses the IPC socket without the cookie or from another origin', async () => {
    await expect(openSocket({ Origin: host.origin })).rejects.toThrow(/403/)
    await expect(openSocket({ Origin: 'http://evil.example', Cookie: cookie() })).rejects.toThrow(/403/)
    await expect(openSocket({ Cookie: cookie() })).rejects.toThrow(/403/)
  })

  it('closes the socket on a malformed message instead of guessing', async () => {
    const ws = await openSocket({ Origin: host.origin, Cookie: cookie() })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send('{"t":"invoke","id":"not-a-number"')
    expect(await closed).toBe(1003)
  })

  it('carries invokes, validation errors and subscribed events over the socket', async () => {
    const ws = await openSocket({ Origin: host.origin, Cookie: cookie() })
    const messages: unknown[] = []
    ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString())))
    ws.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'app:info', request: {} }))
    ws.send(JSON.stringify({ t: 'invoke', id: 2, channel: 'cluster:refresh', request: { clusterId: 42 } }))
    ws.send(JSON.stringify({ t: 'subscribe', event: 'fleet:delta' }))
    await vi.waitFor(() => expect(messages).toHaveLength(2))
    expect(messages).toContainEqual({
      t: 'result',
      id: 1,
      result: { ok: true, value: { version: '9', locale: 'fr-FR', host: 'browser' } },
    })
    expect(messages).toContainEqual({
      t: 'result',
      id: 2,
      result: {
        ok: false,
        error: {
          code: 'invalid_request',
          message: 'cluster:refresh: clusterId: Invalid input: expected string, received number',
        },
      },
    })
    await vi.waitFor(() => expect(router.subscriberCount('fleet:delta')).toBe(1))
    const delta: FleetDelta = { clusterId: 'c1', seq: 1, upserts: [], removed: [] }
    router.publish('fleet:delta', delta)
    await vi.waitFor(() =>
      expect(messages).toContainEqual({ t: 'event', event: 'fleet:delta', payload: delta }),
    )
    ws.close()
    await vi.waitFor(() => expect(router.senderCount).toBe(0))
  })
})

describe('browser host: a page that stops reading', () => {
  it('is disconnected once its unsent events pass the cap, instead of main buffering them without bound', async () => {
    const ws = await openSocket({ Origin: host.origin, Cookie: cookie() })
    ws.on('error', () => undefined)
    const closed = new Promise((resolve) => ws.once('close', resolve))
    ws.send(JSON.stringify({ t: 'subscribe', event: 'fleet:delta' }))
    await vi.waitFor(() => expect(router.subscriberCount('fleet:delta')).toBe(1))
    // The page's end stops reading: what main sends piles up on main's side of the socket.
    ws.pause()
    const big: FleetDelta = { clusterId: 'c1', seq: 1, upserts: [], removed: ['x'.repeat(1024 * 1024)] }
    let published = 0
    while (router.subscriberCount('fleet:delta') > 0 && published < 200) {
      router.publish('fleet:delta', big)
      published++
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(router.subscriberCount('fleet:delta')).toBe(0)
    expect(published * 1024 * 1024).toBeLessThan(MAX_BUFFERED + 64 * 1024 * 1024)
    ws.resume()
    await closed
  })
})

describe('browser host: malformed WebSocket frames', () => {
  async function closedBy(send: (ws: WebSocket) => void): Promise<number> {
    const ws = await openSocket({ Origin: host.origin, Cookie: cookie() })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    // The client may see the error of a connection the server cut; that is the point.
    ws.on('error', () => undefined)
    send(ws)
    return closed
  }

  async function stillServing(): Promise<void> {
    const ws = await openSocket({ Origin: host.origin, Cookie: cookie() })
    const reply = new Promise<unknown>((resolve) =>
      ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))),
    )
    ws.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'app:info', request: {} }))
    expect(await reply).toMatchObject({ t: 'result', id: 1, result: { ok: true } })
    ws.close()
    expect((await get('/', { Cookie: cookie() })).status).toBe(200)
  }

  it('closes a connection that sends an oversize frame, and goes on serving the others', async () => {
    const bystander = await openSocket({ Origin: host.origin, Cookie: cookie() })
    expect(await closedBy((ws) => ws.send('x'.repeat(4 * 1024 * 1024)))).toBe(1009)
    expect(bystander.readyState).toBe(WebSocket.OPEN)
    bystander.close()
    await stillServing()
  })

  it('closes a connection that sends invalid UTF-8 in a text frame, and goes on serving the others', async () => {
    expect(await closedBy((ws) => ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }))).toBe(
      1007,
    )
    await stillServing()
  })

  it('closes a connection that sends a binary frame too short to name a stream', async () => {
    expect(await closedBy((ws) => ws.send(Buffer.from([1, 2]), { binary: true }))).toBe(1003)
    await stillServing()
  })
})

/** A contract of the test's own: streams and long calls over the real socket without test channels in the app. */
const streamContract = {
  invoke: { 'test:wait': { request: z.object({}).strict(), response: z.null(), cancellable: true } },
  events: {},
  streams: {
    'test:source': {
      open: z.object({ chunks: z.number().int().min(1), size: z.number().int().min(1) }).strict(),
      up: bytes,
      down: bytes,
    },
  },
} as const satisfies Contract

describe('browser host: streams and long calls over the real WebSocket', () => {
  let streamHost: BrowserHost
  let streamRouter: IpcRouter<typeof streamContract>
  let sentBeforeFull: number[]
  let signals: AbortSignal[]
  let ports: StreamPort<Uint8Array, Uint8Array>[]

  beforeAll(async () => {
    sentBeforeFull = []
    signals = []
    ports = []
    streamRouter = new IpcRouter<typeof streamContract>(
      {
        'test:wait': (_r, { signal }) => {
          signals.push(signal)
          return new Promise<null>(() => undefined)
        },
      },
      undefined,
      {
        contract: streamContract,
        streams: {
          'test:source': ({ chunks, size }, port, { signal }) => {
            signals.push(signal)
            ports.push(port)
            let sent = 0
            let full = false
            const pump = (): void => {
              while (sent < chunks && !signal.aborted) {
                const more = port.send(new Uint8Array(size).fill(sent % 251))
                sent++
                if (!more) {
                  if (!full) sentBeforeFull.push(sent)
                  full = true
                  return
                }
              }
            }
            port.onDrain(pump)
            setImmediate(pump)
          },
        },
      },
    )
    streamHost = await startBrowserHost({ router: streamRouter, rendererDir: dir, bridgeScript: '' })
  })
  afterAll(() => {
    streamHost.dispose()
    streamRouter.dispose()
  })

  function bridge(): { api: PveDeskApiOf<typeof streamContract>; socket: WebSocket } {
    const streamToken = new URL(streamHost.url).searchParams.get('token') ?? ''
    const socket = new WebSocket(`${streamHost.origin.replace('http', 'ws')}/__pvedesk/ipc`, {
      headers: { Origin: streamHost.origin, Cookie: `pvedesk_host=${streamToken}` },
    })
    const transport = webSocketBridge(socket)
    return { api: buildPveDeskApi<typeof streamContract>(transport, manifestOf(streamContract)), socket }
  }

  it('holds main back while the page does not consume, then delivers everything in order', async () => {
    const { api, socket } = bridge()
    const chunks = 300
    const size = 32 * 1024
    const opened = await api.openTestSource({ chunks, size })
    if (!opened.ok) throw new Error(opened.error.message)
    const stream = opened.value
    // Nobody listens yet: main fills one window and stops.
    await vi.waitFor(() => expect(sentBeforeFull).toHaveLength(1))
    const port = ports.at(-1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(sentBeforeFull[0]).toBe(STREAM_WINDOW / size + 1)
    expect(port?.queuedBytes).toBeLessThanOrEqual(size)

    const got: number[] = []
    stream.onMessage((m) => got.push(m[0] ?? -1))
    await vi.waitFor(() => expect(got).toHaveLength(chunks), { timeout: 20_000 })
    expect(got).toEqual(Array.from({ length: chunks }, (_, i) => i % 251))
    socket.close()
  })

  it('ends everything the page opened when its socket closes: calls aborted, streams ended', async () => {
    const { api, socket } = bridge()
    const call = api.testWait({})
    const opened = await api.openTestSource({ chunks: 1_000_000, size: 1024 })
    if (!opened.ok) throw new Error(opened.error.message)
    const closed = new Promise((resolve) => opened.value.onClose(resolve))
    await vi.waitFor(() => expect(streamRouter.senderCount).toBe(1))
    const mine = signals.slice(-2)
    expect(mine.some((s) => s.aborted)).toBe(false)

    socket.close()
    expect(await call).toMatchObject({ ok: false, error: { code: 'unreachable' } })
    expect(await closed).toMatchObject({ code: 'unreachable' })
    await vi.waitFor(() => expect(streamRouter.senderCount).toBe(0))
    expect(mine.every((s) => s.aborted)).toBe(true)
  })

  it('cancels a long call the page gives up on', async () => {
    const { api, socket } = bridge()
    const controller = new AbortController()
    const call = api.testWait(
      {},
      {
        cancellation: (cancel) => {
          controller.signal.addEventListener('abort', cancel)
          return undefined
        },
      },
    )
    await vi.waitFor(() => expect(signals.length).toBeGreaterThan(0))
    const signal = signals.at(-1) as AbortSignal
    controller.abort()
    expect(await call).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(signal.aborted).toBe(true)
    socket.close()
  })
})
