// Tickets and CSRF tokens exactly as pve-common's Ticket.pm builds them: an RSA-signed
// `PVE:<userid>:<HEX8 timestamp>::<base64 signature>` and an HMAC-SHA256 `<HEX8>:<43 base64 chars>` token.

import type { KeyObject } from 'node:crypto'
import { createHmac, generateKeyPair, randomBytes, sign, timingSafeEqual, verify } from 'node:crypto'

/** Ticket and CSRF token lifetime (Ticket.pm `$ticket_lifetime`). */
export const TICKET_LIFETIME_S = 7200
/** Clock skew accepted for tickets from the future (`$auth_graceperiod`). */
const GRACE_S = 300

export interface ClusterAuth {
  issueTicket(userid: string, now: number): string
  /** The userid the ticket was minted for, or undefined when it is forged, malformed or expired. */
  verifyTicket(ticket: string, now: number): string | undefined
  csrfToken(userid: string, now: number): string
  verifyCsrf(userid: string, token: string, now: number): boolean
}

const hex8 = (now: number): string =>
  Math.floor(now / 1000)
    .toString(16)
    .toUpperCase()
    .padStart(8, '0')

const ageOk = (timestamp: string, now: number): boolean => {
  const age = Math.floor(now / 1000) - parseInt(timestamp, 16)
  return age > -GRACE_S && age < TICKET_LIFETIME_S
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

  return {
    issueTicket(userid, now) {
      const plain = `PVE:${userid.replaceAll(':', '%3A')}:${hex8(now)}`
      const signature = sign('sha256', Buffer.from(plain), privateKey).toString('base64')
      return `${plain}::${signature}`
    },
    verifyTicket(ticket, now) {
      const outer = /^(PVE:\S+)::([^:\s]+)$/.exec(ticket)
      if (outer?.[1] === undefined || outer[2] === undefined) return undefined
      const plain = outer[1]
      if (!verify('sha256', Buffer.from(plain), publicKey, Buffer.from(outer[2], 'base64'))) return undefined
      const inner = /^PVE:(\S+):([A-Z0-9]{8})$/.exec(plain)
      if (inner?.[1] === undefined || inner[2] === undefined || !ageOk(inner[2], now)) return undefined
      // Half-authenticated TFA tickets are good for nothing but the second login step.
      if (inner[1].startsWith('!tfa!')) return undefined
      return inner[1].replaceAll('%3A', ':')
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
  }
}
