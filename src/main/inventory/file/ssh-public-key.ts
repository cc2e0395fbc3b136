import { createHash, createPublicKey, type KeyObject } from 'node:crypto'

import { SshReader, SshWireError, sshString } from './ssh-wire'

export const ED25519 = 'ssh-ed25519'

/** An Ed25519 public key as OpenSSH writes and reads it. */
export interface SshPublicKey {
  /** The key in SSH wire form: string "ssh-ed25519", string 32-byte key. What fingerprints are made of. */
  readonly wire: Buffer
  /** The 32 raw bytes. */
  readonly raw: Buffer
}

export function ed25519PublicKey(raw: Buffer): SshPublicKey {
  if (raw.length !== 32) throw new SshWireError(`an Ed25519 public key has 32 bytes, not ${raw.length}`)
  return { raw, wire: Buffer.concat([sshString(ED25519), sshString(raw)]) }
}

export function publicKeyOf(key: KeyObject): SshPublicKey {
  const jwk = key.export({ format: 'jwk' })
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new SshWireError('not an Ed25519 key')
  return ed25519PublicKey(Buffer.from(jwk.x, 'base64url'))
}

export function keyObjectOf(key: SshPublicKey): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: key.raw.toString('base64url') },
    format: 'jwk',
  })
}

/** Parses the wire form, strictly: type ssh-ed25519, 32 bytes, nothing after. */
export function parseWirePublicKey(wire: Buffer): SshPublicKey {
  const reader = new SshReader(wire)
  const type = reader.name('public key type')
  if (type !== ED25519) throw new SshWireError(`a ${type} key, not ${ED25519}`)
  const raw = reader.string('public key', 32)
  reader.end('public key')
  return ed25519PublicKey(Buffer.from(raw))
}

/** `SHA256:` and the unpadded base64 of the SHA-256 of the wire form, as `ssh-keygen -l` prints it. */
export function fingerprintOf(key: SshPublicKey): string {
  return `SHA256:${createHash('sha256').update(key.wire).digest('base64').replace(/=+$/, '')}`
}

/** One `authorized_keys`/`allowed_signers` style line: `ssh-ed25519 AAAA… comment`. */
export function publicKeyLine(key: SshPublicKey, comment: string): string {
  const line = `${ED25519} ${key.wire.toString('base64')}`
  return comment === '' ? line : `${line} ${comment}`
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** Parses `ssh-ed25519 AAAA… [comment]` (what `.pub` files hold); the comment is returned, not trusted. */
export function parsePublicKeyLine(line: string): { key: SshPublicKey; comment: string } {
  const match = /^\s*(\S+)\s+(\S+)(?:\s+(.*?))?\s*$/.exec(line)
  if (match === null) throw new SshWireError('not a public key line (ssh-ed25519 AAAA… comment)')
  const [, type, data, comment] = match as unknown as [string, string, string, string | undefined]
  if (type !== ED25519) throw new SshWireError(`a ${type} key, not ${ED25519}`)
  if (data.length > 200 || data.length % 4 !== 0 || !BASE64.test(data))
    throw new SshWireError('the key is not base64')
  const key = parseWirePublicKey(Buffer.from(data, 'base64'))
  return { key, comment: comment ?? '' }
}

export const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/
