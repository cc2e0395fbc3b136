import { AppError } from '../../shared/ipc/errors'
import type { ConsoleEndpoint } from '../consoles/console-endpoint'
import { consoleEndpointOf, preferNode, reachable } from '../consoles/console-endpoint'
import { Disposable, Emitter, toDisposable } from '../../shared/lifecycle'
import type { EndpointHealth } from '../../shared/model/fleet'
import { checkEndpoint } from './endpoint-check'
import type { HttpMethod, Params, PveCallArgs, PveEnvelope, PveMeta, PveRequest } from './http-client'
import { PveHttpClient } from './http-client'
import type { Credential, CredentialSource, TfaChallenge, Ticket } from './session'
import { authHeaders, requestTicket, tfaRequired } from './session'

export type { Credential, CredentialSource } from './session'
export type { ConsoleEndpoint } from '../consoles/console-endpoint'

export interface ClusterEndpoint {
  /** `https://host:8006` */
  url: string
  /** The pinned SHA-256 fingerprint; absent means "verify against the system CAs". */
  fingerprint?: string
  /** The node behind this endpoint, when known (shown as "served by"). */
  node?: string
}

export interface PveClientOptions {
  /** Overall deadline of each request (and of each certificate check). */
  timeoutMs: number
  /** Largest answer read (default `MAX_RESPONSE_BYTES`). */
  maxResponseBytes?: number
  /** Renew the ticket once it is this old (PVE's GUI: 15 minutes; tickets live 2 hours). */
  renewAfterMs?: number
  now?: () => number
}

const RENEW_AFTER_MS = 15 * 60_000

/** Errors after which the next endpoint of the same cluster may still answer. */
const FAILOVER_CODES = new Set(['unreachable', 'timeout', 'tls_untrusted'])

/** One endpoint: its pinned HTTP client and how it fares. */
interface Slot {
  endpoint: ClusterEndpoint
  client: PveHttpClient
  health: EndpointHealth
  /** What saw the last failure: a handshake check cannot vouch for an API that timed out or sent garbage. */
  failedBy?: 'request' | 'check'
}

/** The endpoint presents a certificate other than the pinned one: nothing goes to it until it is re-pinned. */
const certificateChanged = (health: EndpointHealth): boolean =>
  health.state === 'tls_untrusted' && health.expected !== undefined && health.presented !== undefined

/**
 * The Proxmox VE API of one cluster: endpoint fail-over, ticket session (login, two-factor, renewal, re-login
 * on expiry), CSRF, or API token. Any node of a PVE cluster answers cluster-wide calls and accepts its tickets,
 * so requests go to the first endpoint that answers, starting with the one that answered last.
 *
 * Trust and health are kept per endpoint, so that fail-over does not swallow them: an endpoint whose certificate
 * changed is set aside (no request, so no password, reaches it) and reported, while the others carry on.
 */
export class PveClient extends Disposable {
  private readonly slots: Slot[]
  private readonly healthEmitter = this._register(new Emitter<EndpointHealth[]>())
  private readonly sessionEmitter = this._register(
    new Emitter<Ticket | Extract<Credential, { kind: 'token' }>>(),
  )
  private current = 0
  private ticket: Ticket | undefined
  private challenge: TfaChallenge | undefined
  /** The login under way, shared by every caller; `waiting` counts the callers that still wait for it. */
  private loggingIn: Login | undefined
  private tokenAnnounced = false

  /** Fires after each login or renewal (and on the first call with a token): time to refresh permissions. */
  readonly onSession = this.sessionEmitter.event
  /** Fires when an endpoint's state, fingerprints or error changed (not for a mere newer `lastOkAt`). */
  readonly onEndpointHealth = this.healthEmitter.event

  constructor(
    readonly clusterId: string,
    endpoints: readonly ClusterEndpoint[],
    private readonly credentials: CredentialSource,
    private readonly options: PveClientOptions,
  ) {
    super()
    if (endpoints.length === 0)
      throw new AppError({ code: 'invalid_request', clusterId, message: 'no endpoint' })
    this.slots = endpoints.map((endpoint) => ({
      endpoint,
      client: this._register(
        new PveHttpClient(
          clusterId,
          endpoint.url,
          endpoint.fingerprint,
          options.timeoutMs,
          options.maxResponseBytes,
        ),
      ),
      health: {
        url: endpoint.url,
        ...(endpoint.node === undefined ? {} : { node: endpoint.node }),
        state: 'unknown',
        ...(endpoint.fingerprint === undefined ? {} : { expected: endpoint.fingerprint }),
        lastOkAt: null,
      },
    }))
    // Registered last, so the session is forgotten first, then the endpoints' sockets go, then the emitters.
    this._register(toDisposable(() => this.resetSession()))
  }

  /** Each endpoint's trust and health, in the configured order. */
  get endpointHealth(): EndpointHealth[] {
    return this.slots.map((s) => ({ ...s.health }))
  }

  /** The endpoint that answered last: its node name when known, else its URL. */
  get servedBy(): string {
    const endpoint = this.slots[this.current]?.endpoint
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
  call(...[method, path, params, signal, meta]: PveCallArgs): Promise<unknown> {
    return this.withEndpoint(signal, (client) => this.callOn(client, method, path, params, signal, meta))
  }

  /**
   * As {@link call}, with PVE's `total` beside `data` when its answer has one (a task log: lines in the log so
   * far, whatever page was asked for).
   */
  async callWithMeta(...[method, path, params, signal]: PveCallArgs): Promise<PveEnvelope> {
    const meta: PveMeta = {}
    const data = await this.call(method, path, params, signal, meta)
    return meta.total === undefined ? { data } : { data, total: meta.total }
  }

  /**
   * The endpoint a console opens on, with the session ready: termproxy/vncproxy listen on the node that answered
   * the POST, so the POST and the websocket must both go to it. Prefers the healthy endpoint of `preferredNode`
   * (PVE then needs no SSH hop to the guest's node), else the others in fail-over order; never one whose
   * certificate changed. With a password the login (or renewal) is the session's own, shared with call().
   */
  async consoleEndpoint(preferredNode: string | undefined, signal?: AbortSignal): Promise<ConsoleEndpoint> {
    const order = preferNode(this.failoverOrder(), preferredNode)
    return this.withEndpoint(signal, (_, slot) => this.consoleEndpointOn(slot, signal), {
      order,
      proven: false,
    })
  }

  /** Each use goes to this slot only, and finds it set aside if its certificate was found changed meanwhile. */
  private async consoleEndpointOn(slot: Slot, signal: AbortSignal | undefined): Promise<ConsoleEndpoint> {
    // A cached ticket proves nothing of an endpoint not seen answering: a handshake (no secret) looks first.
    if (slot.health.state !== 'ok')
      await reachable(slot.endpoint, this.options.timeoutMs, this.clusterId, signal)
    const credential = await this.credential()
    // The websocket upgrade is a GET: the token, or the ticket's cookie (no CSRF).
    const headers = async (client: PveHttpClient, s?: AbortSignal): Promise<Record<string, string>> =>
      credential.kind === 'token'
        ? authHeaders('GET', { credential })
        : authHeaders('GET', { ticket: await this.validTicket(client, credential, s) })
    const authid =
      credential.kind === 'token'
        ? credential.tokenId
        : (await this.validTicket(slot.client, credential, signal)).username
    const only = (proven: boolean): { order: Slot[]; proven: boolean } => ({ order: [slot], proven })
    return consoleEndpointOf(slot.endpoint, slot.client.url, authid, credential.kind, {
      request: (method, path, params, s) =>
        this.withEndpoint(s, (client) => this.callOn(client, method, path, params, s, undefined), only(true)),
      upgradeHeaders: (s) => this.withEndpoint(s, (client) => headers(client, s), only(false)),
    })
  }

  private async credential(): Promise<Credential> {
    const credential = await this.credentials.get(this.clusterId)
    if (credential === undefined) {
      throw new AppError({
        code: 'auth_failed',
        clusterId: this.clusterId,
        message: 'no credential is stored for this cluster',
      })
    }
    return credential
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

  /**
   * `pick`: a console's endpoints, which the cluster's calls do not follow (`current` stays); `proven` when
   * `run` made a request (a cached ticket proves nothing of an endpoint).
   */
  private async withEndpoint<T>(
    signal: AbortSignal | undefined,
    run: (client: PveHttpClient, slot: Slot) => Promise<T>,
    pick?: { order: Slot[]; proven: boolean },
  ): Promise<T> {
    let lastError: AppError | undefined
    for (const slot of pick?.order ?? this.failoverOrder()) {
      if (certificateChanged(slot.health)) {
        lastError = worse(lastError, changedError(this.clusterId, slot.health))
        continue
      }
      try {
        const value = await run(slot.client, slot)
        if (pick === undefined) this.current = this.slots.indexOf(slot)
        if (pick?.proven !== false) this.mark(slot, { state: 'ok' })
        return value
      } catch (error) {
        const appError = AppError.from(error)
        if (signal?.aborted === true) throw appError
        this.markFailure(slot, appError)
        if (!FAILOVER_CODES.has(appError.code)) throw appError
        lastError = worse(lastError, appError)
      }
    }
    throw (
      lastError ??
      new AppError({ code: 'unreachable', clusterId: this.clusterId, message: 'no endpoint answered' })
    )
  }

  /** From the endpoint that answered last on. */
  private failoverOrder(): Slot[] {
    return this.slots.map((_, i) => this.slots[(this.current + i) % this.slots.length] as Slot)
  }

  /**
   * Looks at every endpoint but the one serving now with a TLS handshake only (see `probeCertificate`: no
   * request, no secret): finds a certificate that changed on a node fail-over does not touch, notices a node
   * that came back, and lets an endpoint that presents its pinned certificate again be used again.
   */
  async checkEndpoints(signal?: AbortSignal): Promise<void> {
    const serving = this.slots[this.current]
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot === serving && slot.health.state === 'ok') return
        const check = await checkEndpoint(slot.endpoint, this.options.timeoutMs, this.clusterId, signal)
        if (signal?.aborted === true) return
        if (check.state !== 'ok') {
          this.markFailure(slot, check.error, 'check')
          return
        }
        // A handshake vouches for reachability and trust, not for an API that timed out or sent garbage.
        const { state } = slot.health
        if (slot.failedBy !== 'request' || state === 'unreachable' || state === 'tls_untrusted')
          this.mark(slot, { state: 'ok' })
      }),
    )
  }

  private markFailure(slot: Slot, error: AppError, by: 'request' | 'check' = 'request'): void {
    const state =
      error.code === 'tls_untrusted' ||
      error.code === 'timeout' ||
      error.code === 'unreachable' ||
      error.code === 'bad_response'
        ? error.code
        : undefined
    // Any other error (a refused password, a missing privilege, a PVE error) came from a node that answered.
    if (state === undefined) {
      this.mark(slot, { state: 'ok' })
      return
    }
    const presented = state === 'tls_untrusted' ? error.detail?.actual : undefined
    slot.failedBy = by
    this.mark(slot, {
      state,
      error: error.toShape(),
      ...(presented === undefined ? {} : { presented }),
    })
  }

  private mark(slot: Slot, next: Pick<EndpointHealth, 'state' | 'error' | 'presented'>): void {
    const before = slot.health
    if (next.state === 'ok') slot.failedBy = undefined
    const health: EndpointHealth = {
      url: before.url,
      ...(before.node === undefined ? {} : { node: before.node }),
      state: next.state,
      ...(before.expected === undefined ? {} : { expected: before.expected }),
      ...(next.presented === undefined ? {} : { presented: next.presented }),
      ...(next.error === undefined ? {} : { error: next.error }),
      lastOkAt: next.state === 'ok' ? this.now() : before.lastOkAt,
    }
    slot.health = health
    const sameBut = (h: EndpointHealth): string => JSON.stringify({ ...h, lastOkAt: 0 })
    if (sameBut(before) !== sameBut(health)) this.healthEmitter.fire(this.endpointHealth)
  }

  private async callOn(
    client: PveHttpClient,
    method: HttpMethod,
    path: string,
    params: Params | undefined,
    signal: AbortSignal | undefined,
    meta: PveMeta | undefined,
  ): Promise<unknown> {
    const send = (req: PveRequest): Promise<unknown> => client.request(req, meta)
    const credential = await this.credential()
    if (credential.kind === 'token') {
      const data = await send({ method, path, params, headers: authHeaders(method, { credential }), signal })
      if (!this.tokenAnnounced) {
        this.tokenAnnounced = true
        this.sessionEmitter.fire(credential)
      }
      return data
    }
    const ticket = await this.validTicket(client, credential, signal)
    try {
      return await send({ method, path, params, headers: authHeaders(method, { ticket }), signal })
    } catch (error) {
      // The ticket expired or was revoked behind our back: log in again once, then retry the call.
      if (!(error instanceof AppError) || error.code !== 'auth_expired') throw error
      this.ticket = undefined
      const fresh = await this.validTicket(client, credential, signal)
      return send({ method, path, params, headers: authHeaders(method, { ticket: fresh }), signal })
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
    // The login belongs to the session, not to the caller that started it: a caller that gives up (Retry now
    // aborts its poll) leaves it running for the next caller to join, so retrying does not send the password
    // again while a login is under way. Only one that every caller gave up on and that has waited a while (it
    // may hang on a node that stopped answering) is dropped for a new one: at most one login per LOGIN_REJOIN_MS.
    const under = this.loggingIn
    if (under !== undefined && under.waiting === 0 && this.now() - under.startedAt >= LOGIN_REJOIN_MS) {
      under.controller.abort()
      this.loggingIn = undefined
    }
    if (this.loggingIn === undefined) {
      const controller = new AbortController()
      const login: Login = {
        controller,
        startedAt: this.now(),
        waiting: 0,
        promise: this.obtainTicket(client, credential, controller.signal).finally(() => {
          if (this.loggingIn === login) this.loggingIn = undefined
        }),
      }
      // Every caller may have given up by the time it fails (or the client was disposed): its failure then
      // belongs to nobody, and must not surface as an unhandled rejection. Joiners still receive it.
      login.promise.catch(() => undefined)
      this.loggingIn = login
    }
    return joinUntilAborted(this.loggingIn, signal, this.clusterId)
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
    this.loggingIn?.controller.abort()
    this.loggingIn = undefined
    this.ticket = undefined
    this.challenge = undefined
    this.tokenAnnounced = false
  }
}

/** A login shared by its callers (see `validTicket`). */
interface Login {
  promise: Promise<Ticket>
  controller: AbortController
  startedAt: number
  waiting: number
}

/** A login given up on by all its callers is dropped for a new one only after this long (see `validTicket`). */
export const LOGIN_REJOIN_MS = 1000

/** A shared login as one caller waits for it: the caller stops waiting when its signal aborts, the login goes on. */
function joinUntilAborted(login: Login, signal: AbortSignal | undefined, clusterId: string): Promise<Ticket> {
  const cancelled = (): AppError =>
    new AppError({ code: 'cancelled', clusterId, message: 'login no longer awaited' })
  if (signal?.aborted === true) return Promise.reject(cancelled())
  login.waiting++
  return new Promise<Ticket>((resolve, reject) => {
    const done = (): void => {
      login.waiting--
      signal?.removeEventListener('abort', onAbort)
    }
    const onAbort = (): void => {
      done()
      reject(cancelled())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    login.promise.then(
      (ticket) => {
        if (signal?.aborted === true) return
        done()
        resolve(ticket)
      },
      (error: unknown) => {
        if (signal?.aborted === true) return
        done()
        reject(error instanceof Error ? error : AppError.from(error))
      },
    )
  })
}

/** What a call meets at an endpoint set aside for its changed certificate, without touching it. */
function changedError(clusterId: string, health: EndpointHealth): AppError {
  return health.error === undefined
    ? new AppError({
        code: 'tls_untrusted',
        clusterId,
        message: `The certificate of ${health.url} changed: it is not the one you trusted.`,
        detail: { url: health.url, expected: health.expected ?? '', actual: health.presented ?? '' },
      })
    : new AppError(health.error)
}

/** A certificate problem matters more to the user than a timeout, and a timeout more than a refusal. */
function worse(a: AppError | undefined, b: AppError): AppError {
  const rank = (e: AppError): number => ['unreachable', 'timeout', 'tls_untrusted'].indexOf(e.code)
  return a === undefined || rank(b) > rank(a) ? b : a
}
