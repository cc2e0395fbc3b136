// Tickets and CSRF tokens exactly as pve-common's Ticket.pm builds them: an RSA-signed
// `<PREFIX>:<data>:<HEX8 timestamp>::<base64 signature>` (the data with `:` escaped as %3A, the signature over
// the plain part plus `:<secret data>` when there is any) and an HMAC-SHA256 `<HEX8>:<43 base64 chars>` token.
// The TFA half-ticket carries the challenge JSON behind `!tfa!` and signs the username as secret data; console
// tickets (`PVEVNC`) carry no data and sign `<authid>:<path>:<port>` (pve-protocol.md §5.0).

import type { KeyObject } from 'node:crypto'
import { createHmac, generateKeyPair, randomBytes, sign, timingSafeEqual, verify } from 'node:crypto'

/** Ticket and CSRF token lifetime (Ticket.pm `$ticket_lifetime`). */
export const TICKET_LIFETIME_S = 7200
/** Clock skew accepted for tickets from the future (`$auth_graceperiod`). */
const GRACE_S = 300
/** Console tickets are short-lived: −20 s … +40 s (AccessControl.pm `verify_short_lived_ticket`). */
const VNC_MIN_AGE_S = -20
const VNC_MAX_AGE_S = 40

const TFA_MARK = '!tfa!'

export interface ClusterAuth {
  issueTicket(userid: string, now: number): string
  /** The userid of a full ticket, or undefined when it is forged, malformed, expired or only half-authenticated. */
  verifyTicket(ticket: string, now: number): string | undefined
  /** The TFA half-ticket: `PVE:!tfa!<challenge JSON>:<HEX8>::<sig>`, bound to the username. */
  issueTfaTicket(challenge: string, userid: string, now: number): string
  /** The challenge JSON of a half-ticket minted for userid, or undefined. */
  verifyTfaTicket(ticket: string, userid: string, now: number): string | undefined
  csrfToken(userid: string, now: number): string
  verifyCsrf(userid: string, token: string, now: number): boolean
  /** `PVEVNC:<HEX8>::<sig>` bound to the authenticated id, the resource path and the console port. */
  issueVncTicket(authid: string, path: string, port: number, now: number): string
  verifyVncTicket(ticket: string, authid: string, path: string, port: number, now: number): boolean
}

const hex8 = (now: number): string =>
  Math.floor(now / 1000)
    .toString(16)
    .toUpperCase()
    .padStart(8, '0')

const ageOk = (timestamp: string, now: number, min = -GRACE_S, max = TICKET_LIFETIME_S): boolean => {
  const age = Math.floor(now / 1000) - parseInt(timestamp, 16)
  return age > min && age < max
}

const escapeColons = (data: string): string => data.replaceAll(':', '%3A')
const unescapeColons = (data: string): string => data.replaceAll('%3A', ':')

interface Parsed {
  data: string | undefined
  timestamp: string
  plain: string
  signature: string
}

function parse(prefix: string, ticket: string): Parsed | undefined {
  const outer = /^(\S+)::([^:\s]+)$/.exec(ticket)
  if (outer?.[1] === undefined || outer[2] === undefined) return undefined
  const plain = outer[1]
  const inner = new RegExp(`^${prefix}:(?:(\\S+):)?([A-Z0-9]{8})$`).exec(plain)
  if (inner?.[2] === undefined) return undefined
  return { data: inner[1], timestamp: inner[2], plain, signature: outer[2] }
}

/** One auth key per cluster: every node of a cluster accepts the tickets of the others (the key lives in /etc/pve). */
export async function createClusterAuth(): Promise<ClusterAuth> {
  const { privateKey, publicKey } = await new Promise<{ privateKey: KeyObject; publicKey: KeyObject }>(
    (resolve, reject) => {
      generateKeyPair('rsa', { modulusLength: 2048 }, (err, pub, priv) => {
        if (err) reject(err)
        else resolve({ privateKey: priv, publicKey: pub })
      })
    },
  )
  const csrfSecret = randomBytes(32)

  const csrfDigest = (timestamp: string, userid: string): string =>
    createHmac('sha256', csrfSecret).update(`${timestamp}:${userid}`).digest('base64').replace(/=+$/, '')

  const assemble = (prefix: string, data: string | undefined, now: number, secret?: string): string => {
    const plain = `${prefix}:${data === undefined ? '' : `${escapeColons(data)}:`}${hex8(now)}`
    const full = secret === undefined ? plain : `${plain}:${secret}`
    return `${plain}::${sign('sha256', Buffer.from(full), privateKey).toString('base64')}`
  }

  const check = (parsed: Parsed, secret?: string): boolean => {
    const full = secret === undefined ? parsed.plain : `${parsed.plain}:${secret}`
    return verify('sha256', Buffer.from(full), publicKey, Buffer.from(parsed.signature, 'base64'))
  }

  return {
    issueTicket: (userid, now) => assemble('PVE', userid, now),
    verifyTicket(ticket, now) {
      const parsed = parse('PVE', ticket)
      if (parsed?.data === undefined || !ageOk(parsed.timestamp, now) || !check(parsed)) return undefined
      const data = unescapeColons(parsed.data)
      return data.startsWith(TFA_MARK) ? undefined : data
    },
    issueTfaTicket: (challenge, userid, now) => assemble('PVE', `${TFA_MARK}${challenge}`, now, userid),
    verifyTfaTicket(ticket, userid, now) {
      const parsed = parse('PVE', ticket)
      if (parsed?.data === undefined || !ageOk(parsed.timestamp, now) || !check(parsed, userid))
        return undefined
      const data = unescapeColons(parsed.data)
      return data.startsWith(TFA_MARK) ? data.slice(TFA_MARK.length) : undefined
    },
    csrfToken(userid, now) {
      const timestamp = hex8(now)
      return `${timestamp}:${csrfDigest(timestamp, userid)}`
    },
    verifyCsrf(userid, token, now) {
      const match = /^([A-Z0-9]{8}):(\S+)$/.exec(token)
      if (match?.[1] === undefined || match[2] === undefined || !ageOk(match[1], now)) return false
      const expected = Buffer.from(csrfDigest(match[1], userid))
      const given = Buffer.from(match[2])
      return expected.length === given.length && timingSafeEqual(expected, given)
    },
    issueVncTicket: (authid, path, port, now) =>
      assemble('PVEVNC', undefined, now, `${authid}:${path}:${port}`),
    verifyVncTicket(ticket, authid, path, port, now) {
      // The noVNC paths hand out `<8-char password>:PVEVNC:…`; the verifier strips that prefix.
      const bare = /^.{8}:(PVEVNC:.*)$/s.exec(ticket)?.[1] ?? ticket
      const parsed = parse('PVEVNC', bare)
      if (parsed === undefined || parsed.data !== undefined) return false
      return (
        ageOk(parsed.timestamp, now, VNC_MIN_AGE_S, VNC_MAX_AGE_S) &&
        check(parsed, `${authid}:${path}:${port}`)
      )
    },
  }
}
