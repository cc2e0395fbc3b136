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

/** One Proxmox VE API endpoint (`https://host:8006`) reached through one pinned agent. */
export class PveHttpClient implements IDisposable {
  private readonly agent: https.Agent
  private readonly origin: string
  private disposed = false

  constructor(
    readonly clusterId: string,
    url: string,
    fingerprint: string | undefined,
    private readonly timeoutMs: number,
  ) {
    this.origin = new URL(url).origin
    this.agent = agentFor(fingerprint, { maxSockets: 4, timeout: timeoutMs })
  }

  get url(): string {
    return this.origin
  }

  /** Sends one request and returns the parsed `data` of PVE's `{data: …}` envelope, or throws an AppError. */
  async request(req: PveRequest): Promise<unknown> {
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
    return parsed.data
  }

  private send(
    method: HttpMethod,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; reason: string; text: string }> {
    return new Promise((resolve, reject) => {
      const fail = (error: unknown): void => {
        reject(transportError(error, this.clusterId, this.origin))
      }
      const req = httpsRequest(
        `${this.origin}${path}`,
        { method, headers, agent: this.agent, timeout: this.timeoutMs, signal },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => {
            resolve({
              status: res.statusCode ?? 0,
              reason: res.statusMessage ?? '',
              text: Buffer.concat(chunks).toString('utf8'),
            })
          })
          res.on('error', fail)
        },
      )
      req.on('timeout', () => {
        req.destroy(
          new AppError({
            code: 'timeout',
            clusterId: this.clusterId,
            message: `${this.origin} did not answer within ${this.timeoutMs} ms`,
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
