import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'

import type { BrowserHost } from '../../src/main/host/browser-host'
import { startBrowserHost } from '../../src/main/host/browser-host'
import { IpcRouter } from '../../src/main/ipc/router'
import type { FleetDelta } from '../../src/shared/model/fleet'
import { stubHandlers } from '../support/handlers'

let host: BrowserHost
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
  const dir = mkdtempSync(join(tmpdir(), 'pvedesk-renderer-'))
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
  it('serves the renderer with the token, injecting the bridge, a CSP and an HttpOnly cookie', async () => {
    const reply = await get(`/?token=${token}`)
    expect(reply.status).toBe(200)
    expect(reply.body).toContain(
      '<head><script src="/__pvedesk/bridge.js" data-manifest="{&quot;invoke&quot;:[',
    )
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'")
    expect(String(reply.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/)
    expect((await get('/__pvedesk/bridge.js', { Cookie: cookie() })).body).toBe('/* bridge */')
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
