import { z } from 'zod'

import { ClusterAuth } from './fleet'

/**
 * A cluster as the user configures it (the add/edit dialog, the CLI) and as the settings file stores it. No
 * secret: the password or token secret travels once, beside it, to the keychain.
 */
export const EndpointInput = z.object({
  /** `https://host:port` (port 8006 by default). */
  url: z.url({ protocol: /^https$/ }),
  /** The node behind this endpoint, when known. */
  node: z.string().min(1).max(63).optional(),
  /** The SHA-256 fingerprint the user trusted for this endpoint; absent = verified against the system CAs. */
  fingerprint: z
    .string()
    .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'a SHA-256 fingerprint AA:BB:…')
    .optional(),
})
export type EndpointInput = z.infer<typeof EndpointInput>

export const ClusterInput = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a short slug: lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(120),
  endpoints: z.array(EndpointInput).min(1).max(32),
  auth: ClusterAuth,
  /** Site label by node name; nodes not listed belong to `defaultSite` (by default the cluster's name). */
  sites: z.record(z.string(), z.string().trim().min(1).max(80)).default({}),
  defaultSite: z.string().trim().min(1).max(80).optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  readOnly: z.boolean().default(false),
})
export type ClusterInput = z.infer<typeof ClusterInput>

/** `host`, `host:port` or a URL → `https://host:port`, port 8006 unless given. Undefined when unreadable. */
export function endpointUrl(text: string): string | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  try {
    const url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`)
    if (url.protocol !== 'https:' || url.hostname === '') return undefined
    // URL drops a port equal to the scheme's default, so an explicit ":443" would otherwise become 8006.
    const explicit = url.port !== '' || /^(?:https:\/\/)?(?:\[[^\]]+\]|[^/:]+):443(?:\/|$)/i.test(trimmed)
    return `https://${url.hostname}:${url.port !== '' ? url.port : explicit ? '443' : '8006'}`
  } catch {
    return undefined
  }
}

/** What a test connection learned. */
export const TestVerdict = z.object({
  version: z.string(),
  clusterName: z.string().optional(),
  nodes: z.array(z.object({ node: z.string(), online: z.boolean() })),
  /** The endpoint that answered. */
  servedBy: z.string(),
})
export type TestVerdict = z.infer<typeof TestVerdict>

/** A server certificate as shown to the user before trusting it. */
export const CertificateInfo = z.object({
  url: z.string(),
  fingerprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  /** True when a certificate authority the system trusts vouches for it: no pin needed. */
  trustedByCa: z.boolean(),
})
export type CertificateInfo = z.infer<typeof CertificateInfo>

/** A realm from the unauthenticated `GET /access/domains`. */
export const Realm = z.object({
  realm: z.string(),
  type: z.string(),
  comment: z.string().optional(),
  default: z.boolean().optional(),
  tfa: z.string().optional(),
})
export type Realm = z.infer<typeof Realm>

/**
 * May a draft use the secret stored for a cluster? Only if it logs in as the same user and sends the secret only
 * to endpoints already stored with the same pin: changing where a secret goes takes the secret again (otherwise a
 * compromised renderer could point a cluster at its own server and collect the stored password).
 */
export function mayReuseSecret(
  stored: Pick<ClusterInput, 'auth' | 'endpoints'> | undefined,
  draft: Pick<ClusterInput, 'auth' | 'endpoints'>,
): boolean {
  if (stored === undefined || JSON.stringify(stored.auth) !== JSON.stringify(draft.auth)) return false
  return draft.endpoints.every((e) =>
    stored.endpoints.some((s) => s.url === e.url && s.fingerprint === e.fingerprint),
  )
}
