import type https from 'node:https'
import { request as httpsRequest } from 'node:https'

import { AppError } from '../../shared/ipc/errors'
import type { IDisposable } from '../../shared/lifecycle'
import { agentFor } from './pinning'
import { httpError, transportError } from './pve-error'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'
export type Params = Record<string, string | number | boolean | undefined>

export interface PveRequest {
  method: HttpMethod
  /** API path below `/api2/json`, e.g. `/cluster/resources`. */
  path: string
  params?: Params
  /** Session headers (ticket cookie, CSRF token or API token), added by the session layer. */
  headers?: Record<string, string>
  /** True for the login call: a 401 then means wrong credentials, not an expired session. */
  login?: boolean
  signal?: AbortSignal
}

/**
 * The largest answer read from an endpoint: 32 MiB. `/cluster/resources` costs about 340 bytes per guest, node
 * or storage (the large scenario: 10,175 entries in 3.3 MiB), so this holds some 95,000 entries in one cluster,
 * nine times a 10,000-guest cluster; a bigger answer is not Proxmox VE's and must not take main's memory.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024

export interface RequestLimits {
  /** Overall deadline of one request: connecting, the headers and the whole body. */
  deadlineMs: number
  /** Largest answer read; a larger one ends in `bad_response` as soon as it is known to be larger. */
  maxResponseBytes: number
}

/** PVE's answer: its `data`, and its `total` when it gives one (a task log's line count). */
export interface PveEnvelope {
  data: unknown
  total?: number
}

/** What a call learns beside `data`: PVE's `total`, set when the answer has one. */
export interface PveMeta {
  total?: number
}

/** A PveClient call's arguments; `meta` is filled with what the answer says beside its `data`. */
export type PveCallArgs = [
  method: HttpMethod,
  path: string,
  params?: Params,
  signal?: AbortSignal,
  meta?: PveMeta,
]

/** One Proxmox VE API endpoint (`https://host:8006`) reached through one pinned agent. */
export class PveHttpClient implements IDisposable {
  private readonly agent: https.Agent
  private readonly origin: string
  private readonly limits: RequestLimits
  private disposed = false

  /** `timeoutMs` is the overall deadline of each request. */
  constructor(
    readonly clusterId: string,
    url: string,
    fingerprint: string | undefined,
    timeoutMs: number,
    maxResponseBytes = MAX_RESPONSE_BYTES,
  ) {
    this.origin = new URL(url).origin
    this.limits = { deadlineMs: timeoutMs, maxResponseBytes }
    this.agent = agentFor(fingerprint, { maxSockets: 4, timeout: timeoutMs })
  }

  get url(): string {
    return this.origin
  }

  /**
   * Sends one request and returns the parsed `data` of PVE's `{data: …}` envelope, or throws an AppError; `meta`
   * gets the envelope's `total`, if any.
   */
  async request(req: PveRequest, meta?: PveMeta): Promise<unknown> {
    const envelope = await this.requestEnvelope(req)
    if (meta !== undefined && envelope.total !== undefined) meta.total = envelope.total
    return envelope.data
  }

  /**
   * As {@link request}, with PVE's `total` beside `data` when the envelope has one (a task log's line count,
   * pve-common PVE::RESTHandler's `$res->{total}`); a `total` that is no non-negative safe integer is left out.
   */
  async requestEnvelope(req: PveRequest): Promise<PveEnvelope> {
    // A disposed agent would still open sockets, which then nobody closes.
    if (this.disposed)
      throw new AppError({ code: 'internal', clusterId: this.clusterId, message: 'client disposed' })
    const { body, path } = encode(req)
    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
      headers['Content-Length'] = String(Buffer.byteLength(body))
    }
    const response = await this.send(req.method, `/api2/json${path}`, headers, body, req.signal)
    const parsed = parseBody(response.text)
    if (response.status >= 400) {
      throw httpError(response.status, response.reason, parsed, {
        clusterId: this.clusterId,
        url: this.origin,
        login: req.login === true,
      })
    }
    if (parsed === undefined || parsed === null || typeof parsed !== 'object' || !('data' in parsed)) {
      throw new AppError({
        code: 'bad_response',
        clusterId: this.clusterId,
        message: `${this.origin}${path}: the answer is not a Proxmox VE JSON envelope`,
      })
    }
    const total = totalOf(parsed)
    return total === undefined ? { data: parsed.data } : { data: parsed.data, total }
  }

  private send(
    method: HttpMethod,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; reason: string; text: string }> {
    return new Promise((resolve, reject) => {
      const { deadlineMs, maxResponseBytes } = this.limits
      let settled = false
      // One end for every path (answer, error, deadline, cap): the first one wins and tears the request down.
      const finish = (outcome: { text: string; status: number; reason: string } | AppError): void => {
        if (settled) return
        settled = true
        clearTimeout(deadline)
        if (outcome instanceof AppError) {
          req.destroy()
          reject(outcome)
        } else resolve(outcome)
      }
      const fail = (error: unknown): void => {
        finish(transportError(error, this.clusterId, this.origin))
      }
      const tooLarge = (size: string): AppError =>
        new AppError({
          code: 'bad_response',
          clusterId: this.clusterId,
          message: `${this.origin}: the answer is larger than ${maxResponseBytes} bytes (${size})`,
          detail: { url: this.origin, limit: String(maxResponseBytes) },
        })
      const req = httpsRequest(
        `${this.origin}${path}`,
        { method, headers, agent: this.agent, timeout: deadlineMs, signal },
        (res) => {
          const declared = Number(res.headers['content-length'])
          if (Number.isFinite(declared) && declared > maxResponseBytes) {
            finish(tooLarge(`Content-Length ${declared}`))
            return
          }
          const chunks: Buffer[] = []
          let received = 0
          res.on('data', (chunk: Buffer) => {
            received += chunk.length
            // Counted while reading too: a chunked answer declares no length, and a length can lie.
            if (received > maxResponseBytes) finish(tooLarge(`${received} bytes read so far`))
            else chunks.push(chunk)
          })
          res.on('end', () => {
            finish({
              status: res.statusCode ?? 0,
              reason: res.statusMessage ?? '',
              text: Buffer.concat(chunks).toString('utf8'),
            })
          })
          res.on('error', fail)
          res.on('close', () => {
            if (!res.complete)
              fail(Object.assign(new Error('the answer was cut short'), { code: 'ECONNRESET' }))
          })
        },
      )
      // An inactivity timeout alone lets a node that drips one byte a second hold a request for ever: the
      // deadline covers connecting, the headers and the whole body together.
      const deadline = setTimeout(() => {
        finish(
          new AppError({
            code: 'timeout',
            clusterId: this.clusterId,
            message: `${this.origin} did not answer within ${deadlineMs} ms`,
            detail: { url: this.origin },
          }),
        )
      }, deadlineMs)
      req.on('timeout', () => {
        finish(
          new AppError({
            code: 'timeout',
            clusterId: this.clusterId,
            message: `${this.origin} sent nothing for ${deadlineMs} ms`,
            detail: { url: this.origin },
          }),
        )
      })
      req.on('error', fail)
      req.end(body)
    })
  }

  /** Closes pooled keep-alive sockets: after this no socket of this endpoint stays open. */
  dispose(): void {
    this.disposed = true
    this.agent.destroy()
  }
}

/**
 * PVE's `total` of an envelope, if it is a count: a number, or digits (Perl's JSON writes a scalar last used as
 * text as a string); a hostile server's `"lots"`, `-1` or `1e300` is none.
 */
export function totalOf(envelope: object): number | undefined {
  const raw = 'total' in envelope ? envelope.total : undefined
  const total = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : raw
  return typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : undefined
}

function encode(req: PveRequest): { body: string | undefined; path: string } {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(req.params ?? {})) {
    // PVE's schema takes booleans as 0/1 only ("type check ('boolean') failed - got 'true'").
    if (value !== undefined) search.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value))
  }
  const encoded = search.toString()
  if (req.method === 'GET' || req.method === 'DELETE') {
    return { body: undefined, path: encoded ? `${req.path}?${encoded}` : req.path }
  }
  return { body: encoded, path: req.path }
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
