// Who is calling (pve-manager HTTPServer.pm `auth_handler`, AccessControl.pm `verify_token`): the ticket from
// the PVEAuthCookie cookie or `Authorization: PVEAuthCookie=…`, else an API token from
// `Authorization: PVEAPIToken=USER@REALM!ID=SECRET`; CSRF token required on writes with a ticket only.
// Every failure is a 401 with the reason phrase and an empty body.

import type { IncomingHttpHeaders } from 'node:http'

import type { ClusterAuth } from '../auth'
import type { Reply } from '../http'
import { bareError, headerPair } from '../http'
import type { AccessConfig } from './config'
import { findUser, splitTokenId, userEnabled } from './config'

export interface Identity {
  /** The authenticated id: a userid, or a full token id `user@realm!name`. */
  authid: string
  /** The user behind it (the token's owner for tokens). */
  userid: string
  /** The token name when authenticated by API token. */
  token?: string
}

export interface AuthOutcome {
  identity?: Identity
  failure?: Reply
}

function verifyToken(config: AccessConfig, value: string, nowSeconds: number): Identity | string {
  const match = /^(.*)=(.*)$/s.exec(value)
  if (match?.[1] === undefined || match[2] === undefined) return 'no tokenid specified'
  const [, tokenid, secret] = match
  const split = splitTokenId(tokenid)
  if (split === undefined) {
    return `'${tokenid}' is not a valid token ID - not able to split into user and token parts`
  }
  const [userid, name] = split
  const user = findUser(config, userid)
  if (user === undefined) return `no such user ('${userid}')`
  if (!userEnabled(user, nowSeconds)) return `user '${userid}' is disabled`
  const token = user.tokens.find((t) => t.name === name)
  if (token === undefined) return `no such token '${name}' for user '${userid}'`
  if (token.expire !== 0 && token.expire < nowSeconds) return `token '${name}' access expired`
  if (token.secret !== secret) return 'invalid token value!'
  return { authid: tokenid, userid, token: name }
}

/** Authenticates a request to a non-public API path. */
export function authenticate(
  auth: ClusterAuth,
  config: AccessConfig,
  headers: IncomingHttpHeaders,
  method: string,
  now: number,
): AuthOutcome {
  const ticket =
    headerPair(headers.cookie, 'PVEAuthCookie') ?? headerPair(headers.authorization, 'PVEAuthCookie')
  if (ticket === undefined) {
    const apiToken = headerPair(headers.authorization, 'PVEAPIToken')
    if (apiToken === undefined) return { failure: bareError(401, 'No ticket') }
    const result = verifyToken(config, apiToken, Math.floor(now / 1000))
    return typeof result === 'string' ? { failure: bareError(401, result) } : { identity: result }
  }
  const userid = auth.verifyTicket(ticket, now)
  if (userid === undefined) return { failure: bareError(401, 'permission denied - invalid PVE ticket') }
  const user = findUser(config, userid)
  if (user === undefined || !userEnabled(user, Math.floor(now / 1000))) {
    return { failure: bareError(401, `user '${userid}' is disabled`) }
  }
  const csrf = headers.csrfpreventiontoken
  if (method !== 'GET' && (typeof csrf !== 'string' || !auth.verifyCsrf(userid, csrf, now))) {
    return { failure: bareError(401, 'Permission denied - invalid csrf token') }
  }
  return { identity: { authid: userid, userid } }
}

/** Whether the request carried credentials that check out, without enforcing anything (for public paths). */
export function peekAuthenticated(
  auth: ClusterAuth,
  config: AccessConfig,
  headers: IncomingHttpHeaders,
  now: number,
): boolean {
  return authenticate(auth, config, headers, 'GET', now).identity !== undefined
}
