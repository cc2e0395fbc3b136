import { z } from 'zod'

import { AppError } from '../../shared/ipc/errors'
import type { IDisposable } from '../../shared/lifecycle'
import type { HttpMethod, Params } from './http-client'
import { PveHttpClient } from './http-client'

export interface ClusterEndpoint {
  /** `https://host:8006` */
  url: string
  /** The pinned SHA-256 fingerprint; absent means "verify against the system CAs". */
  fingerprint?: string
  /** The node behind this endpoint, when known (shown as "served by"). */
  node?: string
}

/** What the session needs to authenticate. Lives in main only; never crosses IPC. */
export type Credential =
  | { kind: 'password'; username: string; password: string }
  | { kind: 'token'; tokenId: string; secret: string }

export interface CredentialSource {
  get(clusterId: string): Promise<Credential | undefined>
}

const TicketResponse = z.object({
  username: z.string(),
  ticket: z.string(),
  CSRFPreventionToken: z.string(),
  clustername: z.string().optional(),
  NeedTFA: z.union([z.number(), z.string()]).optional(),
})

interface Session {
  ticket: string
  csrf: string
  username: string
  clustername?: string
}

/** Errors after which the next endpoint of the same cluster may still answer. */
const FAILOVER_CODES = new Set(['unreachable', 'timeout', 'tls_untrusted'])

/**
 * The Proxmox VE API of one cluster: endpoint fail-over, ticket session and CSRF. Any node of a PVE cluster
 * answers cluster-wide calls (and its tickets are valid cluster-wide), so requests go to the first endpoint
 * that answers, starting with the one that answered last.
 */
export class PveClient implements IDisposable {
  private readonly clients: PveHttpClient[]
  private current = 0
  private session: Session | undefined

  constructor(
    readonly clusterId: string,
    private readonly endpoints: readonly ClusterEndpoint[],
    private readonly credentials: CredentialSource,
    timeoutMs: number,
  ) {
    if (endpoints.length === 0)
      throw new AppError({ code: 'invalid_request', clusterId, message: 'no endpoint' })
    this.clients = endpoints.map((e) => new PveHttpClient(clusterId, e.url, e.fingerprint, timeoutMs))
  }

  /** The endpoint that answered last: its node name when known, else its URL. */
  get servedBy(): string {
    const endpoint = this.endpoints[this.current]
    return endpoint?.node ?? endpoint?.url ?? ''
  }

  get clusterName(): string | undefined {
    return this.session?.clustername
  }

  /** Calls the API on the first endpoint that answers; throws the most telling error if none does. */
  async call(method: HttpMethod, path: string, params?: Params, signal?: AbortSignal): Promise<unknown> {
    let lastError: AppError | undefined
    for (let attempt = 0; attempt < this.clients.length; attempt++) {
      const index = (this.current + attempt) % this.clients.length
      const client = this.clients[index]
      if (client === undefined) continue
      try {
        const data = await this.callOn(client, method, path, params, signal)
        this.current = index
        return data
      } catch (error) {
        const appError = AppError.from(error)
        if (!FAILOVER_CODES.has(appError.code) || signal?.aborted === true) throw appError
        lastError = worse(lastError, appError)
      }
    }
    throw (
      lastError ??
      new AppError({ code: 'unreachable', clusterId: this.clusterId, message: 'no endpoint answered' })
    )
  }

  private async callOn(
    client: PveHttpClient,
    method: HttpMethod,
    path: string,
    params: Params | undefined,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const credential = await this.credentials.get(this.clusterId)
    if (credential === undefined) {
      throw new AppError({ code: 'auth_failed', clusterId: this.clusterId, message: 'no credential stored' })
    }
    if (credential.kind === 'token') {
      const headers = { Authorization: `PVEAPIToken=${credential.tokenId}=${credential.secret}` }
      return client.request({ method, path, params, headers, signal })
    }
    const hadSession = this.session !== undefined
    this.session ??= await this.login(client, credential, signal)
    try {
      return await client.request({ method, path, params, headers: this.sessionHeaders(method), signal })
    } catch (error) {
      // An expired or revoked ticket: log in again once, then retry the call.
      if (!(error instanceof AppError) || error.code !== 'auth_expired' || !hadSession) throw error
      this.session = await this.login(client, credential, signal)
      return client.request({ method, path, params, headers: this.sessionHeaders(method), signal })
    }
  }

  private sessionHeaders(method: HttpMethod): Record<string, string> {
    const session = this.session
    if (session === undefined) return {}
    const headers: Record<string, string> = { Cookie: `PVEAuthCookie=${encodeURIComponent(session.ticket)}` }
    if (method !== 'GET') headers.CSRFPreventionToken = session.csrf
    return headers
  }

  private async login(
    client: PveHttpClient,
    credential: Extract<Credential, { kind: 'password' }>,
    signal: AbortSignal | undefined,
  ): Promise<Session> {
    const data = await client.request({
      method: 'POST',
      path: '/access/ticket',
      params: { username: credential.username, password: credential.password, 'new-format': 1 },
      login: true,
      signal,
    })
    const parsed = TicketResponse.safeParse(data)
    if (!parsed.success) {
      throw new AppError({
        code: 'bad_response',
        clusterId: this.clusterId,
        message: 'unreadable ticket response',
      })
    }
    if (parsed.data.NeedTFA !== undefined && Number(parsed.data.NeedTFA) === 1) {
      throw new AppError({
        code: 'auth_failed',
        clusterId: this.clusterId,
        message: 'this account needs a second factor',
        detail: { reason: 'tfa_required' },
      })
    }
    const { ticket, CSRFPreventionToken: csrf, username, clustername } = parsed.data
    return { ticket, csrf, username, ...(clustername === undefined ? {} : { clustername }) }
  }

  /** Forgets the ticket (for example when credentials change). */
  resetSession(): void {
    this.session = undefined
  }

  dispose(): void {
    this.session = undefined
    for (const client of this.clients) client.dispose()
  }
}

/** A certificate problem matters more to the user than a timeout, and a timeout more than a refusal. */
function worse(a: AppError | undefined, b: AppError): AppError {
  const rank = (e: AppError): number => ['unreachable', 'timeout', 'tls_untrusted'].indexOf(e.code)
  return a === undefined || rank(b) > rank(a) ? b : a
}
