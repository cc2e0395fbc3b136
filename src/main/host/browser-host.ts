import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

import { channelManifest } from '../../shared/ipc/contract'
import type { IDisposable } from '../../shared/lifecycle'
import { DisposableStore, toDisposable } from '../../shared/lifecycle'
import { contentSecurityPolicy } from '../app/security'
import type { TransportRouter } from '../ipc/router'
import { WebSocketTransport } from '../ipc/ws-transport'

const COOKIE = 'pvedesk_host'
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

const BRIDGE_TAG = `<script src="/__pvedesk/bridge.js" data-manifest="${JSON.stringify(channelManifest)
  .replaceAll('&', '&amp;')
  .replaceAll('"', '&quot;')}"></script>`

export interface BrowserHostOptions {
  router: TransportRouter
  /** The built renderer (`out/renderer`). */
  rendererDir: string
  /** The bundled browser bridge script (`window.pveDesk` over the WebSocket). */
  bridgeScript: string
  port?: number
}

export interface BrowserHost extends IDisposable {
  /** The URL to open, carrying the per-run token. */
  readonly url: string
  readonly origin: string
}

/**
 * Serves the real renderer to an ordinary browser on 127.0.0.1, with the real main services behind a loopback
 * WebSocket: how the demo runs without an Electron binary and how end-to-end tests drive the UI in Chromium.
 * A random per-run token (in the URL once, then an HttpOnly SameSite=Strict cookie) and strict Host/Origin
 * checks keep other local pages and processes out.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url')
  const store = new DisposableStore()
  const transport = store.add(new WebSocketTransport(options.router))
  let origin = ''
  const server: Server = createServer((req, res) => {
    void serve(req, res, { ...options, token, origin }).catch(() => {
      send(res, 500, 'text/plain', 'internal error')
    })
  })
  server.on('upgrade', (req, socket, head) => {
    const url = parseRequestUrl(req, origin)
    if (url?.pathname !== '/__pvedesk/ipc' || !fromUs(req, origin, true) || !hasCookie(req, token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    transport.handleUpgrade(req, socket, head)
  })
  store.add(
    toDisposable(() => {
      server.closeAllConnections()
      server.close()
    }),
  )
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    url: `${origin}/?token=${token}`,
    dispose: () => store.dispose(),
  }
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: BrowserHostOptions & { token: string; origin: string },
): Promise<void> {
  const url = parseRequestUrl(req, ctx.origin)
  // Host and Origin first, for every request: the token in a URL is no pass for a rebound DNS name.
  if (url === undefined || req.method !== 'GET' || !fromUs(req, ctx.origin, false)) {
    send(res, 403, 'text/plain', 'forbidden')
    return
  }
  const withToken = url.searchParams.get('token')
  if (withToken !== null && sameSecret(withToken, ctx.token)) {
    // The token leaves the URL (history, screenshots, the Referer of anything the page loads) as soon as the
    // cookie carries it: the same path, without `token`.
    url.searchParams.delete('token')
    res.writeHead(303, {
      'Set-Cookie': `${COOKIE}=${ctx.token}; HttpOnly; SameSite=Strict; Path=/`,
      Location: `${url.pathname}${url.search}${url.hash}`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    })
    res.end()
    return
  }
  if (!hasCookie(req, ctx.token)) {
    send(res, 403, 'text/plain', 'forbidden')
    return
  }
  if (url.pathname === '/__pvedesk/bridge.js') {
    send(res, 200, TYPES['.js'] ?? '', ctx.bridgeScript)
    return
  }
  let path: string
  try {
    path = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname)
  } catch {
    send(res, 404, 'text/plain', 'not found')
    return
  }
  const file = normalize(join(ctx.rendererDir, path))
  if (!file.startsWith(ctx.rendererDir + sep)) {
    send(res, 404, 'text/plain', 'not found')
    return
  }
  let body: Buffer | string
  try {
    body = await readFile(file)
  } catch {
    send(res, 404, 'text/plain', 'not found')
    return
  }
  if (extname(file) === '.html') {
    // The bridge must define window.pveDesk before the renderer's module script runs; it reads the channel names
    // from its own tag, so that it carries no schema (as the Electron preload gets them from main).
    body = body.toString('utf8').replace('<head>', `<head>${BRIDGE_TAG}`)
    res.setHeader('Content-Security-Policy', contentSecurityPolicy([ctx.origin.replace('http:', 'ws:')]))
  }
  send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body)
}

/** Host must be ours (no DNS rebinding), and Origin ours when sent (always, for the WebSocket). */
function fromUs(req: IncomingMessage, origin: string, requireOrigin: boolean): boolean {
  if (`http://${req.headers.host ?? ''}` !== origin) return false
  const from = req.headers.origin
  return from !== undefined ? from === origin : !requireOrigin
}

/** The request's URL, or undefined when it is not one (answered 403, never thrown at the server). */
function parseRequestUrl(req: IncomingMessage, origin: string): URL | undefined {
  try {
    return new URL(req.url ?? '/', origin)
  } catch {
    return undefined
  }
}

function hasCookie(req: IncomingMessage, token: string): boolean {
  const cookie = (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${COOKIE}=`))
  return cookie !== undefined && sameSecret(cookie.slice(COOKIE.length + 1), token)
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function send(res: ServerResponse, status: number, type: string, body: Buffer | string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(body)
}
