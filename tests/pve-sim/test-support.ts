// Helpers for the simulator's own tests: HTTPS requests pinned to a node's fingerprint (the way PVE Desk
// will talk to real nodes), the shared real-PVE fixtures, and a poll for asynchronous teardown.

import { existsSync, readFileSync } from 'node:fs'
import type { IncomingHttpHeaders } from 'node:http'
import { request } from 'node:https'
import { dirname, resolve } from 'node:path'
import { TLSSocket } from 'node:tls'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'

import type { SimEndpoint } from './types'

export type Entry = Record<string, unknown>

export interface PveResponse {
  status: number
  reason: string
  headers: IncomingHttpHeaders
  text: string
  /** SHA-256 fingerprint of the certificate the server presented. */
  peerFingerprint: string
}

export interface PveRequest {
  method?: string
  /** Path under /api2/json, or a full path when it starts with /api2 or is absolute with `raw`. */
  path: string
  ticket?: string
  /** Send the ticket in `Authorization: PVEAuthCookie=…` instead of the cookie. */
  ticketInAuthorization?: boolean
  csrf?: string
  headers?: Record<string, string>
  form?: Record<string, string>
  json?: unknown
  /** Pin to this fingerprint instead of the endpoint's. */
  fingerprint?: string
  /** Aborts the request (for calls a faulty node never answers). */
  signal?: AbortSignal
}

function encodeBody(req: PveRequest): { body?: string; contentType?: string } {
  if (req.form !== undefined) {
    return {
      body: new URLSearchParams(req.form).toString(),
      contentType: 'application/x-www-form-urlencoded',
    }
  }
  if (req.json !== undefined) return { body: JSON.stringify(req.json), contentType: 'application/json' }
  return {}
}

function fingerprintOf(socket: unknown): string {
  if (!(socket instanceof TLSSocket)) throw new Error('not a TLS socket')
  return socket.getPeerCertificate().fingerprint256
}

/** One request on a fresh connection; the TLS session is cut before sending if the certificate does not match. */
export async function pveRequest(endpoint: SimEndpoint, req: PveRequest): Promise<PveResponse> {
  const url = new URL(endpoint.url)
  const { body, contentType } = encodeBody(req)
  const headers: Record<string, string> = { ...req.headers }
  if (contentType !== undefined) headers['Content-Type'] = contentType
  if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body))
  if (req.ticket !== undefined) {
    if (req.ticketInAuthorization === true) headers.Authorization = `PVEAuthCookie=${req.ticket}`
    else headers.Cookie = `PVEAuthCookie=${encodeURIComponent(req.ticket)}`
  }
  if (req.csrf !== undefined) headers.CSRFPreventionToken = req.csrf
  const expected = req.fingerprint ?? endpoint.fingerprint
  const path = req.path.startsWith('/api2') ? req.path : `/api2/json${req.path}`
  return new Promise<PveResponse>((resolvePromise, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method ?? 'GET',
        path,
        headers,
        agent: false,
        rejectUnauthorized: false,
        ...(req.signal === undefined ? {} : { signal: req.signal }),
      },
      (res) => {
        const peerFingerprint = fingerprintOf(res.socket)
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const raw = Buffer.concat(chunks)
          const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')
          resolvePromise({
            status: res.statusCode ?? 0,
            reason: res.statusMessage ?? '',
            headers: res.headers,
            text,
            peerFingerprint,
          })
        })
      },
    )
    outgoing.on('socket', (socket) => {
      socket.once('secureConnect', () => {
        const actual = fingerprintOf(socket)
        if (actual !== expected) outgoing.destroy(new Error(`fingerprint mismatch: ${actual} != ${expected}`))
      })
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

export function json(res: PveResponse): { data: unknown; errors?: Record<string, string>; message?: string } {
  return JSON.parse(res.text) as { data: unknown; errors?: Record<string, string>; message?: string }
}

export const dataList = (res: PveResponse): Entry[] => json(res).data as Entry[]

export interface Session {
  ticket: string
  csrf: string
  data: Entry
}

export async function login(endpoint: SimEndpoint, username: string, password: string): Promise<Session> {
  const res = await pveRequest(endpoint, {
    method: 'POST',
    path: '/access/ticket',
    form: { username, password, 'new-format': '1' },
  })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.reason}`)
  const data = json(res).data as Entry
  return { ticket: String(data.ticket), csrf: String(data.CSRFPreventionToken), data }
}

/** GET with a session, returning `data` as a list. */
export async function getList(endpoint: SimEndpoint, session: Session, path: string): Promise<Entry[]> {
  const res = await pveRequest(endpoint, { path, ticket: session.ticket })
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.reason}`)
  return dataList(res)
}

export interface Answer {
  status: number
  reason: string
  data: unknown
  body: Record<string, unknown>
}

/** Any API call with a session (CSRF token included on writes); the parsed envelope, or {} for an empty body. */
export async function call(
  endpoint: SimEndpoint,
  session: Session,
  method: string,
  path: string,
  form?: Record<string, string>,
): Promise<Answer> {
  const req: PveRequest = { method, path, ticket: session.ticket }
  if (method !== 'GET') req.csrf = session.csrf
  if (form !== undefined) req.form = form
  const res = await pveRequest(endpoint, req)
  const body = (res.text === '' ? {} : JSON.parse(res.text)) as Record<string, unknown>
  return { status: res.status, reason: res.reason, data: body.data, body }
}

/** The shared folder with the real PVE fixtures: $PVE_SHARED_DIR, or ../shared next to the repository. */
export function sharedDir(): string {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
  const dir = process.env.PVE_SHARED_DIR ?? resolve(repoRoot, '../shared')
  if (!existsSync(resolve(dir, 'pve-api/fixtures'))) {
    throw new Error(
      `PVE fixtures not found in ${dir}/pve-api/fixtures: set PVE_SHARED_DIR to the shared folder`,
    )
  }
  return dir
}

export function loadFixtureBody(name: string): unknown {
  const file = resolve(sharedDir(), 'pve-api/fixtures', name)
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as { response: { body: unknown } }
  return fixture.response.body
}

export function loadApidoc(): unknown {
  return JSON.parse(readFileSync(resolve(sharedDir(), 'pve-api/apidoc.json'), 'utf8'))
}

/** Polls until the predicate holds; for teardown that completes on later event-loop turns. */
export async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** Connecting must fail at TCP level (ECONNREFUSED) for a stopped node. */
export async function connectError(endpoint: SimEndpoint): Promise<string> {
  try {
    await pveRequest(endpoint, { path: '/version' })
    return 'connected'
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err)
  }
}
