import { createHash, type KeyObject, sign, verify } from 'node:crypto'

import {
  ED25519,
  fingerprintOf,
  keyObjectOf,
  parseWirePublicKey,
  publicKeyOf,
  type SshPublicKey,
} from './ssh-public-key'
import { SshReader, SshWireError, sshString, sshUint32 } from './ssh-wire'

/**
 * OpenSSH's detached signature format, SSHSIG (openssh-portable PROTOCOL.sshsig, sshsig.c), with Ed25519 keys:
 * what `ssh-keygen -Y sign` writes and `ssh-keygen -Y verify` checks, so that an auditor needs OpenSSH alone.
 *
 *   blob        = "SSHSIG" uint32(1) string(publickey) string(namespace) string(reserved "") string(hash_algorithm)
 *                 string(signature: string "ssh-ed25519", string 64-byte Ed25519 signature)
 *   signed data = "SSHSIG" string(namespace) string(reserved "") string(hash_algorithm) string(H(message))
 *
 * The armor is `-----BEGIN SSH SIGNATURE-----`, the blob in base64 wrapped at 70 columns (sshbuf_dtob64 as
 * ssh-keygen writes it), `-----END SSH SIGNATURE-----`.
 */
const MAGIC = Buffer.from('SSHSIG', 'latin1')
const VERSION = 1
const BEGIN = '-----BEGIN SSH SIGNATURE-----'
const END = '-----END SSH SIGNATURE-----'
const WRAP = 70
/** An armored Ed25519 SSHSIG is ~300 bytes; anything far bigger is not one (and is not decoded). */
export const MAX_ARMORED_SIGNATURE = 64 * 1024

export type SshsigHash = 'sha512' | 'sha256'
const HASHES: readonly string[] = ['sha512', 'sha256'] satisfies SshsigHash[]

export interface ParsedSshSignature {
  readonly publicKey: SshPublicKey
  readonly namespace: string
  readonly hashAlgorithm: SshsigHash
  /** The 64-byte Ed25519 signature over the signed data. */
  readonly signature: Buffer
}

export function signedData(namespace: string, hashAlgorithm: SshsigHash, messageHash: Buffer): Buffer {
  return Buffer.concat([
    MAGIC,
    sshString(namespace),
    sshString(''),
    sshString(hashAlgorithm),
    sshString(messageHash),
  ])
}

/** Signs `message` with an Ed25519 private key: the armored SSHSIG, hash sha512 as ssh-keygen's default. */
export function sshsigSign(privateKey: KeyObject, message: Uint8Array, namespace: string): string {
  const publicKey = publicKeyOf(privateKey)
  const hash = createHash('sha512').update(message).digest()
  const signature = sign(null, signedData(namespace, 'sha512', hash), privateKey)
  const blob = Buffer.concat([
    MAGIC,
    sshUint32(VERSION),
    sshString(publicKey.wire),
    sshString(namespace),
    sshString(''),
    sshString('sha512'),
    sshString(Buffer.concat([sshString(ED25519), sshString(signature)])),
  ])
  return armor(blob)
}

function armor(blob: Buffer): string {
  const text = blob.toString('base64')
  const lines = [BEGIN]
  for (let i = 0; i < text.length; i += WRAP) lines.push(text.slice(i, i + WRAP))
  lines.push(END)
  return lines.join('\n') + '\n'
}

/**
 * Reads an armored SSHSIG, strictly and bounded: the armor lines, base64 only, the magic and version, an
 * Ed25519 key, an empty reserved field, a known hash, an Ed25519 signature of 64 bytes, nothing after.
 * Throws {@link SshWireError} saying what is wrong. Checks no signature (see {@link sshsigVerify}).
 */
export function parseSshSignature(armored: string): ParsedSshSignature {
  if (armored.length > MAX_ARMORED_SIGNATURE) throw new SshWireError('the signature is too large')
  const lines = armored.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n')
  if (lines[0] !== BEGIN || lines.at(-1) !== END || lines.length < 3)
    throw new SshWireError(`not an armored SSH signature (${BEGIN} … ${END})`)
  const text = lines.slice(1, -1).join('')
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text))
    throw new SshWireError('the signature is not base64')
  const reader = new SshReader(Buffer.from(text, 'base64'))
  if (!reader.raw(MAGIC.length, 'magic').equals(MAGIC)) throw new SshWireError('not an SSHSIG (magic)')
  const version = reader.uint32('version')
  if (version !== VERSION) throw new SshWireError(`SSHSIG version ${version}, not ${VERSION}`)
  const publicKey = parseWirePublicKey(Buffer.from(reader.string('public key', 1024)))
  const namespace = reader.name('namespace', 256)
  if (reader.string('reserved', 1024).length !== 0) throw new SshWireError('the reserved field is not empty')
  const hashAlgorithm = reader.name('hash algorithm')
  if (!HASHES.includes(hashAlgorithm)) throw new SshWireError(`unknown hash algorithm ${hashAlgorithm}`)
  const sig = new SshReader(Buffer.from(reader.string('signature', 1024)))
  reader.end('SSHSIG')
  const sigType = sig.name('signature type')
  if (sigType !== ED25519) throw new SshWireError(`a ${sigType} signature, not ${ED25519}`)
  const signature = Buffer.from(sig.string('Ed25519 signature', 64))
  if (signature.length !== 64) throw new SshWireError('an Ed25519 signature has 64 bytes')
  sig.end('signature')
  return { publicKey, namespace, hashAlgorithm: hashAlgorithm as SshsigHash, signature }
}

/**
 * Whether `parsed` is a valid signature, in `namespace`, of the message whose `hashAlgorithm` digest is
 * `messageHash` (hashed by the caller, so that a large message is hashed once, while it is read).
 */
export function sshsigVerify(parsed: ParsedSshSignature, namespace: string, messageHash: Buffer): boolean {
  if (parsed.namespace !== namespace) return false
  return verify(
    null,
    signedData(namespace, parsed.hashAlgorithm, messageHash),
    keyObjectOf(parsed.publicKey),
    parsed.signature,
  )
}

/** Parses and verifies in one go, for a message in memory; the signer's key, or a reason it does not hold. */
export function sshsigCheck(
  armored: string,
  message: Uint8Array,
  namespace: string,
): { ok: true; publicKey: SshPublicKey; fingerprint: string } | { ok: false; reason: string } {
  let parsed: ParsedSshSignature
  try {
    parsed = parseSshSignature(armored)
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) }
  }
  if (parsed.namespace !== namespace)
    return { ok: false, reason: `signed for namespace ${parsed.namespace}, not ${namespace}` }
  const hash = createHash(parsed.hashAlgorithm).update(message).digest()
  if (!sshsigVerify(parsed, namespace, hash)) return { ok: false, reason: 'the signature does not hold' }
  return { ok: true, publicKey: parsed.publicKey, fingerprint: fingerprintOf(parsed.publicKey) }
}
