import { z } from 'zod'

import { AppError } from '../../shared/ipc/errors'
import type { ClusterAuth } from '../../shared/model/fleet'
import type { PveHttpClient } from './http-client'

/** What the session needs to authenticate. Lives in main only; never crosses IPC towards the renderer. */
export type Credential =
  | { kind: 'password'; username: string; password: string }
  | { kind: 'token'; tokenId: string; secret: string }

/** A cluster's login (from the settings) joined with its secret (from the vault). */
export function credentialFrom(auth: ClusterAuth, secret: string): Credential {
  return auth.kind === 'password'
    ? { kind: 'password', username: auth.username, password: secret }
    : { kind: 'token', tokenId: auth.tokenId, secret }
}

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

/** A logged-in ticket session. `issuedAt` is our own clock's time of issue, immune to server clock skew. */
export interface Ticket {
  ticket: string
  csrf: string
  username: string
  clustername?: string
  issuedAt: number
}

/** The first half of a two-factor login: PVE's `!tfa!` half-ticket and what second factors it accepts. */
export interface TfaChallenge {
  username: string
  halfTicket: string
  totp: boolean
  recovery: boolean
}

export type LoginResult = { kind: 'ticket'; ticket: Ticket } | { kind: 'tfa'; challenge: TfaChallenge }

/** `POST /access/ticket` with a password, a still-valid ticket (renewal) or a second factor. */
export async function requestTicket(
  client: PveHttpClient,
  params: Record<string, string>,
  now: number,
  signal?: AbortSignal,
): Promise<LoginResult> {
  const data = await client.request({
    method: 'POST',
    path: '/access/ticket',
    params: { ...params, 'new-format': 1 },
    login: true,
    signal,
  })
  const parsed = TicketResponse.safeParse(data)
  if (!parsed.success) {
    throw new AppError({
      code: 'bad_response',
      clusterId: client.clusterId,
      message: 'unreadable ticket response',
    })
  }
  const { ticket, CSRFPreventionToken: csrf, username, clustername, NeedTFA } = parsed.data
  if (NeedTFA !== undefined && Number(NeedTFA) === 1) {
    return { kind: 'tfa', challenge: { username, halfTicket: ticket, ...readChallenge(ticket) } }
  }
  return {
    kind: 'ticket',
    ticket: { ticket, csrf, username, issuedAt: now, ...(clustername ? { clustername } : {}) },
  }
}

/**
 * Reads what second factors a `PVE:!tfa!<challenge-json>:…` half-ticket offers. Only `:` is percent-escaped in
 * the JSON; a challenge we cannot read still offers TOTP, the common case.
 */
export function readChallenge(halfTicket: string): { totp: boolean; recovery: boolean } {
  const data = halfTicket.split(':')[1] ?? ''
  if (!data.startsWith('!tfa!')) return { totp: true, recovery: false }
  try {
    const challenge = JSON.parse(decodeURIComponent(data.slice(5))) as { totp?: unknown; recovery?: unknown }
    return {
      totp: challenge.totp === true,
      recovery: Array.isArray(challenge.recovery) && challenge.recovery.length > 0,
    }
  } catch {
    return { totp: true, recovery: false }
  }
}

export const tfaRequired = (clusterId: string, challenge: TfaChallenge): AppError =>
  new AppError({
    code: 'tfa_required',
    clusterId,
    message: `${challenge.username} needs a second factor`,
    detail: { totp: String(challenge.totp), recovery: String(challenge.recovery) },
  })

/** Headers that authenticate one request: the ticket cookie (+ CSRF token on writes), or the API token. */
export function authHeaders(
  method: string,
  auth: { ticket: Ticket } | { credential: Extract<Credential, { kind: 'token' }> },
): Record<string, string> {
  if ('credential' in auth) {
    return { Authorization: `PVEAPIToken=${auth.credential.tokenId}=${auth.credential.secret}` }
  }
  const headers: Record<string, string> = {
    Cookie: `PVEAuthCookie=${encodeURIComponent(auth.ticket.ticket)}`,
  }
  if (method !== 'GET') headers.CSRFPreventionToken = auth.ticket.csrf
  return headers
}
