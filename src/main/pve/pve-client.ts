import { AppError } from '../../shared/ipc/errors'
import type { IDisposable } from '../../shared/lifecycle'
import { Emitter } from '../../shared/lifecycle'
import type { HttpMethod, Params } from './http-client'
import { PveHttpClient } from './http-client'
import type { Credential, CredentialSource, TfaChallenge, Ticket } from './session'
import { authHeaders, requestTicket, tfaRequired } from './session'

export type { Credential, CredentialSource } from './session'

export interface ClusterEndpoint {
  /** `https://host:8006` */
  url: string
  /** The pinned SHA-256 fingerprint; absent means "verify against the system CAs". */
  fingerprint?: string
  /** The node behind this endpoint, when known (shown as "served by"). */
  node?: string
}

export interface PveClientOptions {
  timeoutMs: number
  /** Renew the ticket once it is this old (PVE's GUI: 15 minutes; tickets live 2 hours). */
  renewAfterMs?: number
  now?: () => number
}

const RENEW_AFTER_MS = 15 * 60_000

/** Errors after which the next endpoint of the same cluster may still answer. */
const FAILOVER_CODES = new Set(['unreachable', 'timeout', 'tls_untrusted'])

/**
 * The Proxmox VE API of one cluster: endpoint fail-over, ticket session (login, two-factor, renewal, re-login
 * on expiry), CSRF, or API token. Any node of a PVE cluster answers cluster-wide calls and accepts its tickets,
 * so requests go to the first endpoint that answers, starting with the one that answered last.
 */
export class PveClient implements IDisposable {
  private readonly clients: PveHttpClient[]
  private readonly sessionEmitter = new Emitter<Ticket | Extract<Credential, { kind: 'token' }>>()
  private current = 0
  private ticket: Ticket | undefined
  private challenge: TfaChallenge | undefined
  private loggingIn: Promise<Ticket> | undefined
  private tokenAnnounced = false

  /** Fires after each login or renewal (and on the first call with a token): time to refresh permissions. */
  readonly onSession = this.sessionEmitter.event

  constructor(
    readonly clusterId: string,
    private readonly endpoints: readonly ClusterEndpoint[],
    private readonly credentials: CredentialSource,
    private readonly options: PveClientOptions,
  ) {
    if (endpoints.length === 0)
      throw new AppError({ code: 'invalid_request', clusterId, message: 'no endpoint' })
    this.clients = endpoints.map((e) => new PveHttpClient(clusterId, e.url, e.fingerprint, options.timeoutMs))
  }

  /** The endpoint that answered last: its node name when known, else its URL. */
  get servedBy(): string {
    const endpoint = this.endpoints[this.current]
    return endpoint?.node ?? endpoint?.url ?? ''
  }

  get clusterName(): string | undefined {
    return this.ticket?.clustername
  }

  /** The second factor PVE waits for, if a login is half done. */
  get pendingChallenge(): TfaChallenge | undefined {
    return this.challenge
  }

  /** Calls the API on the first endpoint that answers; throws the most telling error if none does. */
  call(method: HttpMethod, path: string, params?: Params, signal?: AbortSignal): Promise<unknown> {
    return this.withEndpoint(signal, (client) => this.callOn(client, method, path, params, signal))
  }

  /** Finishes a two-factor login with a TOTP code or a recovery key. */
  async completeTfa(kind: 'totp' | 'recovery', code: string, signal?: AbortSignal): Promise<void> {
    const challenge = this.challenge
    if (challenge === undefined) {
      throw new AppError({
        code: 'conflict',
        clusterId: this.clusterId,
        message: 'no second factor is pending',
      })
    }
    const params = {
      username: challenge.username,
      'tfa-challenge': challenge.halfTicket,
      password: `${kind}:${code}`,
    }
    const result = await this.withEndpoint(signal, (client) =>
      requestTicket(client, params, this.now(), signal),
    )
    if (result.kind !== 'ticket')
      throw new AppError({ code: 'auth_failed', clusterId: this.clusterId, message: 'second factor refused' })
    this.challenge = undefined
    this.setTicket(result.ticket)
  }

  private async withEndpoint<T>(
    signal: AbortSignal | undefined,
    run: (client: PveHttpClient) => Promise<T>,
  ): Promise<T> {
    let lastError: AppError | undefined
    for (let attempt = 0; attempt < this.clients.length; attempt++) {
      const index = (this.current + attempt) % this.clients.length
      const client = this.clients[index]
      if (client === undefined) continue
      try {
        const value = await run(client)
        this.current = index
        return value
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
      throw new AppError({
        code: 'auth_failed',
        clusterId: this.clusterId,
        message: 'no credential is stored for this cluster',
      })
    }
    if (credential.kind === 'token') {
      const data = await client.request({
        method,
        path,
        params,
        headers: authHeaders(method, { credential }),
        signal,
      })
      if (!this.tokenAnnounced) {
        this.tokenAnnounced = true
        this.sessionEmitter.fire(credential)
      }
      return data
    }
    const ticket = await this.validTicket(client, credential, signal)
    try {
      return await client.request({ method, path, params, headers: authHeaders(method, { ticket }), signal })
    } catch (error) {
      // The ticket expired or was revoked behind our back: log in again once, then retry the call.
      if (!(error instanceof AppError) || error.code !== 'auth_expired') throw error
      this.ticket = undefined
      const fresh = await this.validTicket(client, credential, signal)
      return client.request({ method, path, params, headers: authHeaders(method, { ticket: fresh }), signal })
    }
  }

  /** The current ticket, renewed when old enough, or a new login; concurrent callers share one login. */
  private validTicket(
    client: PveHttpClient,
    credential: Extract<Credential, { kind: 'password' }>,
    signal: AbortSignal | undefined,
  ): Promise<Ticket> {
    const current = this.ticket
    if (this.challenge === undefined && current !== undefined && !this.isOld(current))
      return Promise.resolve(current)
    this.loggingIn ??= this.obtainTicket(client, credential, signal).finally(() => {
      this.loggingIn = undefined
    })
    return this.loggingIn
  }

  private isOld(ticket: Ticket): boolean {
    return this.now() - ticket.issuedAt >= (this.options.renewAfterMs ?? RENEW_AFTER_MS)
  }

  /** Renews an old ticket or logs in; throws `tfa_required` while a second factor is due. */
  private async obtainTicket(
    client: PveHttpClient,
    credential: Extract<Credential, { kind: 'password' }>,
    signal: AbortSignal | undefined,
  ): Promise<Ticket> {
    if (this.challenge !== undefined) throw tfaRequired(this.clusterId, this.challenge)
    const current = this.ticket
    if (current !== undefined) {
      // Renewal: the ticket itself is the password, and no second factor is asked again.
      try {
        const renewed = await requestTicket(
          client,
          { username: current.username, password: current.ticket },
          this.now(),
          signal,
        )
        if (renewed.kind === 'ticket') return this.setTicket(renewed.ticket)
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'auth_failed') throw error
      }
      this.ticket = undefined
    }
    const login = await requestTicket(
      client,
      { username: credential.username, password: credential.password },
      this.now(),
      signal,
    )
    if (login.kind === 'tfa') {
      this.challenge = login.challenge
      throw tfaRequired(this.clusterId, login.challenge)
    }
    return this.setTicket(login.ticket)
  }

  private setTicket(ticket: Ticket): Ticket {
    this.ticket = ticket
    this.sessionEmitter.fire(ticket)
    return ticket
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  /** Forgets the ticket and any half-done login (credentials changed). */
  resetSession(): void {
    this.ticket = undefined
    this.challenge = undefined
    this.tokenAnnounced = false
  }

  dispose(): void {
    this.resetSession()
    this.sessionEmitter.dispose()
    for (const client of this.clients) client.dispose()
  }
}

/** A certificate problem matters more to the user than a timeout, and a timeout more than a refusal. */
function worse(a: AppError | undefined, b: AppError): AppError {
  const rank = (e: AppError): number => ['unreachable', 'timeout', 'tls_untrusted'].indexOf(e.code)
  return a === undefined || rank(b) > rank(a) ? b : a
}
