import { createHash } from 'node:crypto'

import { REDACTED } from '../../../shared/model/inventory-snapshot'

/**
 * A guest's `sshkeys` (cloud-init's authorized keys) as an auditor needs them: which keys, not the keys. PVE
 * stores them URI-escaped, one OpenSSH public key a line (qemu-server `API2/Qemu.pm`, `sshkeys` is
 * `uri_escape`d before it is written); each becomes `<type> SHA256:<fingerprint> <comment>`, the fingerprint as
 * `ssh-keygen -l` prints it (SHA-256 of the key blob, base64 without padding). A line that is not a readable
 * public key says only `(redacted)`: it might be anything pasted there, a private key included.
 */
export function sshKeysAsFingerprints(value: string): string {
  let decoded: string
  try {
    decoded = decodeURIComponent(value)
  } catch {
    // Not escaped as PVE escapes it: whatever it holds stays out.
    return REDACTED
  }
  return decoded
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map(fingerprintLine)
    .join('\n')
}

/** A line this function wrote already (so that redacting twice changes nothing). */
const FINGERPRINTED = /^[a-z0-9@.-]+ SHA256:[A-Za-z0-9+/]{43}( .*)?$/

const KEY_TYPE = /^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+)(-cert-v01@openssh\.com)?$/

function fingerprintLine(line: string): string {
  if (FINGERPRINTED.test(line)) return line
  const fields = line.split(/\s+/)
  // authorized_keys options (`from="…",command="…"`) may come first: the key starts at its type.
  const at = fields.findIndex((f) => KEY_TYPE.test(f))
  const type = fields[at]
  const base64 = fields[at + 1]
  if (at < 0 || type === undefined || base64 === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64))
    return REDACTED
  const blob = Buffer.from(base64, 'base64')
  if (blobType(blob) !== type) return REDACTED
  const fingerprint = createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')
  const comment = fields.slice(at + 2).join(' ')
  return comment === '' ? `${type} SHA256:${fingerprint}` : `${type} SHA256:${fingerprint} ${comment}`
}

/** The key type a public key blob names first (RFC 4253 `string`), or undefined. */
function blobType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined
  const length = blob.readUInt32BE(0)
  if (length === 0 || length > 64 || blob.length < 4 + length) return undefined
  return blob.subarray(4, 4 + length).toString('latin1')
}
