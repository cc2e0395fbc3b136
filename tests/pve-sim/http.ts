// The wire format of pveproxy: its headers, its JSON envelope, error text in the reason phrase,
// `Connection: close` on every error, and gzip for bodies over 1 KiB when the client accepts it.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'

/** pveproxy refuses request bodies above 512 KiB. */
const MAX_BODY_BYTES = 512 * 1024
const GZIP_THRESHOLD = 1024

export interface Reply {
  status: number
  /** HTTP reason phrase; PVE puts the first line of its error message here. */
  reason: string
  /** The JSON envelope; absent for the authentication 401s, which PVE sends with an empty body. */
  body?: Record<string, unknown>
}

/** Success; `extra` holds the envelope's siblings of `data` (`total`, `changes`). */
export const ok = (data: unknown, extra: Record<string, unknown> = {}): Reply => ({
  status: 200,
  reason: 'OK',
  body: { data, ...extra },
})

/** An API error: `{"data":null,"message":"…"}` with the message's first line as reason phrase. */
export function apiError(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, reason: message.split('\n')[0] ?? message, body: { data: null, ...extra, message } }
}

/** An error raised before any handler ran (no ticket, bad CSRF token): reason phrase only, empty body. */
export const bareError = (status: number, reason: string): Reply => ({ status, reason })

export const notImplemented = (method: string, path: string): Reply =>
  apiError(501, `Method '${method} ${path}' not implemented`)

export const paramError = (errors: Record<string, string>): Reply =>
  apiError(400, 'Parameter verification failed.\n', { errors })

/** `now` is the node's clock, which the Date header follows. */
export function writeReply(req: IncomingMessage, res: ServerResponse, reply: Reply, now = Date.now()): void {
  const date = new Date(now).toUTCString()
  // Errors always end the connection; otherwise keep it if the client wants to.
  const keepAlive = reply.status < 400 && res.shouldKeepAlive
  const headers: Record<string, string | number> = {
    'Cache-Control': 'max-age=0',
    Connection: keepAlive ? 'Keep-Alive' : 'close',
    Date: date,
    Pragma: 'no-cache',
    Server: 'pve-api-daemon/3.0',
    Expires: date,
  }
  let payload = Buffer.alloc(0)
  if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body))
    headers['Content-Type'] = 'application/json;charset=UTF-8'
    if (payload.length > GZIP_THRESHOLD && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      payload = gzipSync(payload)
      headers['Content-Encoding'] = 'gzip'
    }
  }
  headers['Content-Length'] = payload.length
  res.shouldKeepAlive = keepAlive
  res.writeHead(reply.status, reply.reason, headers)
  res.end(payload)
}

export class BodyTooLarge extends Error {}

/** Reads the whole request body; pveproxy has no streaming uploads on these endpoints. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge('for data too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export type Params = Record<string, unknown>

/** Merges body (form or JSON) and query parameters; the query wins, as in pveproxy. `_dc` is ExtJS noise. */
export function mergeParams(query: URLSearchParams, body: string, contentType: string | undefined): Params {
  const params: Params = {}
  if (body.length > 0) {
    if ((contentType ?? '').includes('application/json')) {
      const parsed: unknown = JSON.parse(body)
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        Object.assign(params, parsed)
    } else {
      for (const [key, value] of new URLSearchParams(body)) params[key] = value
    }
  }
  for (const [key, value] of query) params[key] = value
  delete params._dc
  return params
}

/** The value of a `key=value` pair in a `;`-separated header (Cookie), URI-unescaped like pveproxy does. */
export function headerPair(header: string | undefined, key: string): string | undefined {
  if (header === undefined) return undefined
  const match = new RegExp(`(?:^|[;,\\s])${key}[= ]([^;]*)`).exec(header)
  if (match?.[1] === undefined) return undefined
  try {
    return decodeURIComponent(match[1].trim())
  } catch {
    return match[1].trim()
  }
}
