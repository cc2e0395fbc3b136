// POST /access/ticket (pve-access-control API2/AccessControl.pm `create_ticket`): password login, renewal with
// a still-valid ticket, the TFA flow (NeedTFA half-ticket, then `tfa-challenge` + `totp:…`/`recovery:…`, or
// `otp` in one go), verify mode (`path` + `privs`), and the one opaque `authentication failure` for anything
// wrong.

import type { ClusterAuth } from '../auth'
import type { Params, Reply } from '../http'
import { apiError, ok } from '../http'
import type { ClusterState } from '../model'
import { str } from '../params'
import type { UserEntry } from './config'
import { findUser, realmOf, userEnabled } from './config'
import type { Permissions } from './permissions'
import { ROOT } from './permissions'
import type { TfaChallenge } from './tfa'
import { challengeFor, verifyTfaResponse } from './tfa'

export const loginFailure = (): Reply => apiError(401, 'authentication failure\n')

/** `user@realm`, or a bare `user` completed with `realm`. */
function userIdOf(params: Params): string {
  const username = str(params, 'username') ?? ''
  const realm = str(params, 'realm')
  if (username.includes('@') || realm === undefined) return username
  return `${username}@${realm}`
}

export interface TicketRequest {
  cluster: ClusterState
  auth: ClusterAuth
  perms: Permissions
  params: Params
  now: number
}

/** What authenticated, and whether a second factor is still owed. */
type Outcome = { user: UserEntry; challenge?: TfaChallenge } | undefined

/** Only the pam and pve realms can check a password here; the AD realm has no directory server to ask. */
function passwordOk(cluster: ClusterState, user: UserEntry, password: string): boolean {
  const realm = cluster.access.realms.find((r) => r.realm === realmOf(user.userid))
  if (realm === undefined || (realm.type !== 'pam' && realm.type !== 'pve')) return false
  return user.password !== undefined && user.password === password
}

function authenticateLogin(req: TicketRequest, userid: string): Outcome {
  const { cluster, auth, params, now } = req
  const user = findUser(cluster.access, userid)
  if (user === undefined || !userEnabled(user, Math.floor(now / 1000))) return undefined
  const password = str(params, 'password') ?? ''
  const tfaTicket = str(params, 'tfa-challenge')
  if (tfaTicket !== undefined) {
    // Second step: the password field carries the response to the challenge.
    const challenge = auth.verifyTfaTicket(tfaTicket, userid, now)
    if (challenge === undefined) return undefined
    return verifyTfaResponse(user, JSON.parse(challenge) as TfaChallenge, password, now)
      ? { user }
      : undefined
  }
  // Renewal: a still-valid ticket of that user (root@pam may renew for anyone) skips the second factor.
  if (password.startsWith('PVE:')) {
    const owner = auth.verifyTicket(password, now)
    if (owner !== undefined && (owner === userid || owner === ROOT)) return { user }
  }
  if (!passwordOk(cluster, user, password)) return undefined
  const challenge = challengeFor(user)
  if (challenge === undefined) return { user }
  const otp = str(params, 'otp')
  if (otp === undefined) return { user, challenge }
  return verifyTfaResponse(user, challenge, otp, now) ? { user } : undefined
}

export function createTicket(req: TicketRequest): Reply {
  const { cluster, auth, perms, params, now } = req
  const userid = userIdOf(params)
  const outcome = authenticateLogin(req, userid)
  if (outcome === undefined) return loginFailure()
  const privs = str(params, 'privs')
  const path = str(params, 'path')
  if (path !== undefined && privs !== undefined) {
    // Verify mode: the credentials and the privileges are checked, no ticket is issued.
    const wanted = privs.split(/[,;\s]+/).filter((p) => p !== '')
    if (outcome.challenge !== undefined || perms.denial(userid, path, wanted) !== undefined)
      return loginFailure()
    return ok({ username: userid, cap: perms.cap(userid) })
  }
  const data: Record<string, unknown> = { username: userid }
  if (outcome.challenge === undefined) {
    data.ticket = auth.issueTicket(userid, now)
    data.cap = perms.cap(userid)
  } else {
    data.ticket = auth.issueTfaTicket(JSON.stringify(outcome.challenge), userid, now)
    data.NeedTFA = 1
  }
  data.CSRFPreventionToken = auth.csrfToken(userid, now)
  // The cluster name is only told to those who may audit the cluster.
  if (cluster.clustered && perms.has(userid, '/', 'Sys.Audit')) data.clustername = cluster.name
  return ok(data)
}
