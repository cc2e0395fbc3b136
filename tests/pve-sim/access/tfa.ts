// Second factors as proxmox-tfa checks them: TOTP (RFC 6238, SHA-1, 6 digits, 30 s, one step of tolerance)
// and recovery keys (ten `xxxx-xxxx-xxxx-xxxx` hex keys, each usable once). The challenge is the
// `TfaChallenge` JSON that the half-ticket carries: `{"totp":true,"recovery":[<unused indices>]}`.

import { Secret, TOTP } from 'otpauth'

import type { Prng } from '../prng'
import type { RecoveryKeys, UserEntry } from './config'

export interface TfaChallenge {
  totp?: true
  /** Indices of the unused recovery keys; empty when all are used. */
  recovery?: number[]
}

/** What the user has configured, or undefined when no second factor is needed. */
export function challengeFor(user: UserEntry): TfaChallenge | undefined {
  if (user.totp === undefined && user.recovery === undefined) return undefined
  const challenge: TfaChallenge = {}
  if (user.totp !== undefined) challenge.totp = true
  if (user.recovery !== undefined) {
    challenge.recovery = user.recovery.used.flatMap((used, i) => (used ? [] : [i]))
  }
  return challenge
}

const totpOf = (secret: string): TOTP =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 })

/** The current code for a secret at a given time (tests and the demo use it to play the authenticator app). */
export const totpCode = (secret: string, nowMs: number): string =>
  totpOf(secret).generate({ timestamp: nowMs })

/**
 * Checks a `totp:<code>` or `recovery:<key>` response against what the challenge offered.
 * A recovery key that matches is spent.
 */
export function verifyTfaResponse(
  user: UserEntry,
  challenge: TfaChallenge,
  response: string,
  nowMs: number,
): boolean {
  const match = /^([a-z0-9]+):(.*)$/s.exec(response)
  if (match?.[1] === undefined || match[2] === undefined) return false
  const [, kind, value] = match
  if (kind === 'totp') {
    if (challenge.totp !== true || user.totp === undefined) return false
    return totpOf(user.totp).validate({ token: value.trim(), timestamp: nowMs, window: 1 }) !== null
  }
  if (kind === 'recovery') {
    const recovery = user.recovery
    if (recovery === undefined || challenge.recovery === undefined) return false
    const index = recovery.keys.indexOf(value.trim().toLowerCase())
    if (index < 0 || recovery.used[index] === true) return false
    recovery.used[index] = true
    return true
  }
  // webauthn, u2f and yubico are not configured for anyone here.
  return false
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** A 160-bit base32 secret like the PVE GUI generates, drawn from the seeded PRNG so that a seed replays. */
export const newTotpSecret = (prng: Prng): string =>
  Array.from({ length: 32 }, () => BASE32.charAt(prng.int(0, 31))).join('')

const hex4 = (prng: Prng): string => prng.int(0, 0xffff).toString(16).padStart(4, '0')

export function newRecoveryKeys(prng: Prng): RecoveryKeys {
  const keys = Array.from({ length: 10 }, () => [hex4(prng), hex4(prng), hex4(prng), hex4(prng)].join('-'))
  return { keys, used: keys.map(() => false) }
}

/** A token secret: a random (version 4) UUID, as `UUID::uuid()` gives. */
export function newUuid(prng: Prng): string {
  const hex = Array.from({ length: 32 }, () => prng.int(0, 15).toString(16))
  hex[12] = '4'
  hex[16] = ((prng.int(0, 3) & 0x3) | 0x8).toString(16)
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}
