import type { IncomingMessage } from 'node:http'
import { createServer } from 'node:https'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'

import type { WebSocket } from 'ws'
import { WebSocketServer } from 'ws'

import type { ConsoleEndpoint } from '../../src/main/consoles/console-endpoint'
import { AppError } from '../../src/shared/ipc/errors'
import { createNodeCertificate } from '../pve-sim/tls'

/**
 * A console websocket server of our own over real TLS, to play what the simulator will not: a hostile or broken
 * PVE (huge frames, no answer, garbage, a flood) or a termproxy whose every byte a test reads.
 */
export interface FakeConsoleServer {
  readonly url: string
  readonly fingerprint: string
  /** The upgrade requests that reached the server (their headers: where a cookie would arrive). */
  readonly upgrades: IncomingMessage[]
  /** Server-side sockets of the websockets accepted so far. */
  readonly sockets: WebSocket[]
  close(): Promise<void>
}

export interface FakeConsoleBehaviour {
  /**
   * Takes the upgrade itself (answer garbage, a refusal, or nothing at all); return false to let the websocket
   * be accepted (with the `binary` subprotocol echoed, as pveproxy does).
   */
  upgrade?(req: IncomingMessage, socket: Duplex): boolean
  /** A websocket was accepted. */
  connection?(ws: WebSocket, req: IncomingMessage): void
}

export async function startFakeConsoleServer(
  behaviour: FakeConsoleBehaviour = {},
): Promise<FakeConsoleServer> {
  const certificate = await createNodeCertificate('fake-console', Date.now())
  const upgrades: IncomingMessage[] = []
  const sockets: WebSocket[] = []
  const raw = new Set<Socket>()
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  })
  const server = createServer({ key: certificate.key, cert: certificate.cert })
  server.on('connection', (socket: Socket) => {
    raw.add(socket)
    socket.on('close', () => raw.delete(socket))
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrades.push(req)
    socket.on('error', () => undefined)
    if (behaviour.upgrade?.(req, socket) === true) return
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.push(ws)
      ws.on('error', () => undefined)
      behaviour.connection?.(ws, req)
    })
  })
  server.on('tlsClientError', () => undefined)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    url: `https://127.0.0.1:${address.port}`,
    fingerprint: certificate.fingerprint,
    upgrades,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate()
        for (const socket of raw) socket.destroy()
        wss.close()
        server.close(() => resolve())
      }),
  }
}

/**
 * A console endpoint pointed at `url` (a fake server, an impostor), its calls answered from `answers`
 * (`"POST /nodes/pve1/termproxy"` → data; a function may throw), or handed to `real` when given.
 */
export function fakeEndpoint(
  target: { url: string; fingerprint?: string },
  /** A value, or a function of the call's params that returns or throws one. */
  answers: Record<string, unknown>,
  overrides: Partial<ConsoleEndpoint> = {},
): ConsoleEndpoint & { calls: string[] } {
  const calls: string[] = []
  return {
    url: target.url,
    ...(target.fingerprint === undefined ? {} : { fingerprint: target.fingerprint }),
    node: 'pve1',
    authid: 'root@pam',
    credentialKind: 'ticket',
    calls,
    request: (method, path, params) => {
      const key = `${method} ${path}`
      calls.push(key)
      if (!(key in answers))
        return Promise.reject(new AppError({ code: 'not_found', message: `no answer for ${key}` }))
      const answer = answers[key]
      try {
        return Promise.resolve(
          typeof answer === 'function' ? (answer as (p: unknown) => unknown)(params) : answer,
        )
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)))
      }
    },
    upgradeHeaders: () => Promise.resolve({ Cookie: 'PVEAuthCookie=PVE%3Aroot%40pam%3Asecret-session' }),
    ...overrides,
  }
}

export const termproxyAnswer = {
  user: 'root@pam',
  ticket: 'PVEVNC:6650A1F3::secret-vnc-ticket==',
  port: '5900',
  upid: 'UPID:pve1:00001234:00005678:6650A1F3:vncshell::root@pam:',
}
