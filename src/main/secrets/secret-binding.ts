import { createHash } from 'node:crypto'

import type { ClusterAuth } from '../../shared/model/fleet'

/**
 * What a stored secret may be sent to: the user (or token) it logs in as, and every endpoint with the pin it was
 * trusted with. A secret is released only to a cluster whose settings give exactly this binding, so a settings
 * file edited to point a cluster elsewhere (or a second PVEDESK_HOME reusing the id) gets nothing.
 */
export interface SecretOwner {
  id: string
  auth: ClusterAuth
  endpoints: readonly { url: string; fingerprint?: string | undefined }[]
  /**
   * Read-only in PVE Desk. Part of the binding, so that a settings file edited by hand to lift read-only finds
   * the secret withheld and the user is asked for it again (turning read-only on needs nothing: see `vault.read`).
   */
  readOnly?: boolean
}

/**
 * SHA-256 of a canonical form of the binding: versioned, endpoints sorted by URL (their order only decides which
 * node is tried first, not where the secret may go), a CA-verified endpoint as `null`, a read-only mark.
 */
export function bindingOf(owner: SecretOwner): string {
  const who = owner.auth.kind === 'password' ? owner.auth.username : owner.auth.tokenId
  const endpoints = owner.endpoints
    .map((e) => [e.url, e.fingerprint ?? null] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  // A writable cluster keeps the form bindings had before read-only was part of them: its stored secrets still match.
  const canonical = JSON.stringify([
    'pvedesk-secret-binding',
    1,
    owner.auth.kind,
    who,
    endpoints,
    ...(owner.readOnly === true ? ['read-only'] : []),
  ])
  return createHash('sha256').update(canonical, 'utf8').digest('hex')
}

/** One keychain entry: the secret and what it is bound to, together, so that neither goes without the other. */
interface BoundEntry {
  v: 1
  secret: string
  binding: string
}

export function encodeEntry(secret: string, binding: string): string {
  const entry: BoundEntry = { v: 1, secret, binding }
  return JSON.stringify(entry)
}

/**
 * Reads a keychain entry. An entry written before secrets were bound (a bare secret) or that is not ours to read
 * comes back without a binding: it matches nothing, and the user is asked for the secret again.
 */
export function decodeEntry(raw: string): { secret: string; binding?: string } {
  try {
    const parsed = JSON.parse(raw) as Partial<BoundEntry> | null
    if (
      parsed !== null &&
      typeof parsed === 'object' &&
      parsed.v === 1 &&
      typeof parsed.secret === 'string' &&
      typeof parsed.binding === 'string'
    ) {
      return { secret: parsed.secret, binding: parsed.binding }
    }
  } catch {
    // Not JSON: a bare secret from before bindings existed.
  }
  return { secret: raw }
}
