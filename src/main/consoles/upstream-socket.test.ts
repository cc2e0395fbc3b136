import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

import { afterEach, describe, expect, it, vi } from 'vitest'

import type { FakeConsoleBehaviour, FakeConsoleServer } from '../../../tests/support/fake-console-server'
import { fakeEndpoint, startFakeConsoleServer } from '../../../tests/support/fake-console-server'
import { startImpostor } from '../../../tests/support/impostor-node'
import { AppError } from '../../shared/ipc/errors'
import type { SocketEnd, UpstreamSocket } from './upstream-socket'
import { openUpstreamSocket, vncWebsocketUrl } from './upstream-socket'

const servers: FakeConsoleServer[] = []
const opened: UpstreamSocket[] = []

afterEach(async () => {
  for (const socket of opened.splice(0)) socket.dispose()
  for (const server of servers.splice(0)) await server.close()
})

async function serve(behaviour: FakeConsoleBehaviour = {}): Promise<FakeConsoleServer> {
  const server = await startFakeConsoleServer(behaviour)
  servers.push(server)
  return server
}

const TICKET = 'PVEVNC:6650A1F3::sig+/=='

async function open(
  server: { url: string; fingerprint?: string },
  options: { timeoutMs?: number; signal?: AbortSignal; token?: boolean } = {},
): Promise<UpstreamSocket> {
  const endpoint = fakeEndpoint(server, {}, options.token === true ? { credentialKind: 'token' } : {})
  const socket = await openUpstreamSocket(
    endpoint,
    vncWebsocketUrl(endpoint, '/nodes/pve1', '5900', TICKET),
    {
      timeoutMs: options.timeoutMs ?? 2000,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    },
  )
  opened.push(socket)
  return socket
}

const refusal = (status: number, reason: string): FakeConsoleBehaviour => ({
  upgrade: (_req, socket) => {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    return true
  },
})

/** Accepts the upgrade by hand (a valid 101), then writes `after` raw onto the socket: not websocket frames. */
const acceptThen = (after: Buffer): FakeConsoleBehaviour => ({
  upgrade: (req: IncomingMessage, socket: Duplex) => {
    const accept = createHash('sha1')
      .update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64')
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: binary\r\n\r\n`,
    )
    socket.write(after)
    return true
  },
})

const rejection = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`)
  return error
}

const ended = (socket: UpstreamSocket): Promise<SocketEnd> =>
  new Promise((resolve) => {
    socket.onEnd(resolve)
  })

describe('openUpstreamSocket', () => {
  it('opens vncwebsocket with the session, the subprotocol binary, no compression and the pinned certificate', async () => {
    const server = await serve()
    await open(server)
    const [upgrade] = server.upgrades
    expect(upgrade?.url).toBe(
      `/api2/json/nodes/pve1/vncwebsocket?port=5900&vncticket=${encodeURIComponent(TICKET)}`,
    )
    expect(upgrade?.headers['sec-websocket-protocol']).toBe('binary')
    expect(upgrade?.headers['sec-websocket-extensions']).toBeUndefined()
    expect(upgrade?.headers.cookie).toBe('PVEAuthCookie=PVE%3Aroot%40pam%3Asecret-session')
  })

  it('refuses a certificate other than the pinned one before any byte of the upgrade (and its cookie) leaves', async () => {
    const impostor = await startImpostor()
    try {
      const real = await serve()
      const error = await rejection(open({ url: impostor.url, fingerprint: real.fingerprint }))
      expect(error.code).toBe('tls_untrusted')
      expect(error.detail).toMatchObject({ expected: real.fingerprint, actual: impostor.fingerprint })
      expect(impostor.connections).toBe(1)
      expect(impostor.received()).toBe('')
      // Without a pin the system CAs decide, and they do not vouch for a self-signed node.
      const unpinned = await rejection(open({ url: impostor.url }))
      expect(unpinned.code).toBe('tls_untrusted')
      expect(impostor.received()).toBe('')
    } finally {
      await impostor.close()
    }
  })

  it('keeps PVE’s text when the upgrade is refused, with the code that fits', async () => {
    const cases: [number, string, boolean, string][] = [
      [401, 'permission denied - invalid PVEVNC ticket', false, 'auth_expired'],
      [401, 'No ticket', false, 'auth_expired'],
      [401, 'invalid token value!', true, 'auth_failed'],
      [403, 'Permission check failed (/nodes/pve1, Sys.Console)', false, 'forbidden'],
      [500, 'permission denied - invalid PVEVNC ticket', false, 'pve_error'],
      [500, 'failed to connect to 127.0.0.1:5900 - Connection refused', false, 'pve_error'],
      [200, 'OK', false, 'bad_response'],
    ]
    for (const [status, reason, token, code] of cases) {
      const server = await serve(refusal(status, reason))
      const error = await rejection(open(server, { token }))
      expect(error.code).toBe(code)
      if (status === 200) expect(error.message).toContain('not a websocket answer')
      else expect(error.message).toBe(reason)
    }
  })

  it('gives up on a node that takes the connection and never answers the upgrade, at the deadline', async () => {
    const server = await serve({ upgrade: () => true })
    const error = await rejection(open(server, { timeoutMs: 150 }))
    expect(error.code).toBe('timeout')
    expect(server.upgrades).toHaveLength(1)
  })

  it('calls garbage garbage: an answer that is not HTTP, a 101 without a valid accept key', async () => {
    const notHttp = await serve({
      upgrade: (_req, socket) => {
        socket.end('SSH-2.0-OpenSSH_9.2\r\n\r\n')
        return true
      },
    })
    expect((await rejection(open(notHttp))).code).toBe('bad_response')
    const badAccept = await serve({
      upgrade: (_req, socket) => {
        socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')
        return true
      },
    })
    expect((await rejection(open(badAccept))).code).toBe('bad_response')
  })

  it('cancels on the caller’s signal', async () => {
    const server = await serve({ upgrade: () => true })
    const controller = new AbortController()
    const pending = open(server, { signal: controller.signal })
    await vi.waitFor(() => expect(server.upgrades).toHaveLength(1))
    controller.abort()
    expect((await rejection(pending)).code).toBe('cancelled')
  })

  it('ends with bad_response on a frame larger than maxPayload, and on frames that are not websocket frames', async () => {
    const huge = await serve({
      connection: (ws) => {
        ws.send(Buffer.alloc(300 * 1024))
      },
    })
    const first = await open(huge)
    first.setReceiver(() => undefined)
    const end = await ended(first)
    expect(end.clean).toBe(false)
    expect(end.error?.code).toBe('bad_response')
    expect(end.error?.message).toMatch(/max payload/i)

    const garbage = await serve(acceptThen(Buffer.from([0xff, 0xff, 0xff, 0xff])))
    const second = await open(garbage)
    second.setReceiver(() => undefined)
    const garbled = await ended(second)
    expect(garbled.error?.code).toBe('bad_response')
  })

  it('stops reading while paused under a flood (the node’s send buffer fills, not main), and reads on after', async () => {
    let flooding = true
    const flood = await serve({
      connection: (ws) => {
        const chunk = Buffer.alloc(64 * 1024, 0x61)
        const pump = (): void => {
          if (!flooding || ws.readyState !== ws.OPEN) return
          if (ws.bufferedAmount < 16 * 1024 * 1024) ws.send(chunk)
          setImmediate(pump)
        }
        pump()
      },
    })
    const socket = await open(flood)
    let received = 0
    socket.setReceiver((data) => {
      received += data.length
    })
    await vi.waitFor(() => expect(received).toBeGreaterThan(0))
    socket.pause()
    const atPause = received
    const serverSide = flood.sockets[0]
    // The node holds what main does not read: megabytes wait on its side while main took at most a few chunks.
    await vi.waitFor(() => expect(serverSide?.bufferedAmount).toBeGreaterThan(4 * 1024 * 1024), {
      timeout: 10_000,
    })
    expect(received - atPause).toBeLessThan(1024 * 1024)
    socket.resume()
    await vi.waitFor(() => expect(received - atPause).toBeGreaterThan(2 * 1024 * 1024), { timeout: 10_000 })
    flooding = false
  })

  it('cuts a write larger than pveproxy takes into frames of at most 128 KiB, in order', async () => {
    const frames: Buffer[] = []
    const server = await serve({
      connection: (ws) => {
        ws.on('message', (data: Buffer) => frames.push(data))
      },
    })
    const socket = await open(server)
    const bytes = Buffer.alloc(300 * 1024)
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251
    expect(socket.send(bytes)).toBe(true)
    await vi.waitFor(() => expect(Buffer.concat(frames).length).toBe(bytes.length))
    expect(frames.map((f) => f.length)).toEqual([128 * 1024, 128 * 1024, 44 * 1024])
    expect(Buffer.concat(frames).equals(bytes)).toBe(true)
  })

  it('names only the endpoint, never the vncticket, when the websocket cannot even be created', async () => {
    // An endpoint URL the WHATWG parser refuses: ws throws at once, quoting the whole URL it was given.
    const endpoint = fakeEndpoint({ url: 'https://pve 1.example:8006' }, {})
    const url = vncWebsocketUrl(endpoint, '/nodes/pve1', '5900', TICKET)
    const error = await rejection(openUpstreamSocket(endpoint, url, { timeoutMs: 2000 }))
    expect(error.message).toContain('https://pve 1.example:8006')
    const told = JSON.stringify([error.toShape(), error.message, error.stack, error.cause])
    expect(told).not.toContain('vncticket')
    expect(told).not.toContain('6650A1F3')
    expect(told).not.toContain(encodeURIComponent(TICKET))
  })

  it('tells a listener that subscribes after the end how it ended, once, and not one that left', async () => {
    const closing = await serve({
      connection: (ws) => {
        ws.close(1000)
      },
    })
    const socket = await open(closing)
    socket.setReceiver(() => undefined)
    await ended(socket)
    const late: SocketEnd[] = []
    socket.onEnd((e) => late.push(e))
    const gone: SocketEnd[] = []
    socket.onEnd((e) => gone.push(e)).dispose()
    await vi.waitFor(() => expect(late).toMatchObject([{ clean: true, code: 1000 }]))
    await new Promise((resolve) => setImmediate(resolve))
    expect(late).toHaveLength(1)
    expect(gone).toEqual([])
  })

  it('reports a clean close by the node, a broken connection as not clean, and nothing after dispose', async () => {
    const closing = await serve({
      connection: (ws) => {
        ws.close(1000)
      },
    })
    const a = await open(closing)
    a.setReceiver(() => undefined)
    expect(await ended(a)).toMatchObject({ clean: true, code: 1000 })

    const breaking = await serve({
      connection: (ws) => {
        ws.terminate()
      },
    })
    const b = await open(breaking)
    b.setReceiver(() => undefined)
    expect(await ended(b)).toMatchObject({ clean: false, code: 1006 })

    const idle = await serve()
    const c = await open(idle)
    const ends: SocketEnd[] = []
    c.onEnd((e) => ends.push(e))
    c.dispose()
    await vi.waitFor(() => expect(idle.sockets[0]?.readyState).toBe(idle.sockets[0]?.CLOSED))
    expect(ends).toEqual([])
  })
})
