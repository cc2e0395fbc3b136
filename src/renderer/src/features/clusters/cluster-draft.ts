import type { CertificateInfo, ClusterInput } from '../../../../shared/model/cluster-input'
import { ClusterInput as ClusterInputSchema, endpointUrl } from '../../../../shared/model/cluster-input'
import type { ClusterSummary } from '../../../../shared/model/fleet'

/**
 * The add/edit cluster form's state, and the pure rules that turn it into a `ClusterInput`. Kept out of the
 * components so that the rules (endpoint parsing, trust, ids, sites) are tested without a DOM.
 */
export interface ClusterDraft {
  id: string
  name: string
  /** One endpoint per line: `host`, `host:port` or `https://host:port`. */
  endpointsText: string
  /** Certificates read from each endpoint URL, and whether the user trusted each one. */
  certificates: Record<string, CertificateInfo>
  trusted: Record<string, boolean>
  authKind: 'password' | 'token'
  username: string
  realm: string
  tokenId: string
  /** The password or token secret typed in; empty on edit = keep the stored one. */
  secret: string
  sites: Record<string, string>
  defaultSite: string
  color: string
  readOnly: boolean
}

export const emptyDraft = (): ClusterDraft => ({
  id: '',
  name: '',
  endpointsText: '',
  certificates: {},
  trusted: {},
  authKind: 'password',
  username: 'root',
  realm: 'pam',
  tokenId: '',
  secret: '',
  sites: {},
  defaultSite: '',
  color: '#228be6',
  readOnly: false,
})

/** An existing cluster back into the form (its secret stays in the keychain). */
export function draftFrom(summary: ClusterSummary): ClusterDraft {
  const [user = '', realm = 'pam'] = summary.auth?.kind === 'password' ? summary.auth.username.split('@') : []
  const fingerprints = Object.fromEntries(summary.endpoints.map((e) => [e.url, e.fingerprint !== undefined]))
  return {
    ...emptyDraft(),
    id: summary.id,
    name: summary.name,
    endpointsText: summary.endpoints.map((e) => e.url).join('\n'),
    trusted: fingerprints,
    certificates: {},
    authKind: summary.auth?.kind ?? 'password',
    username: user,
    realm,
    tokenId: summary.auth?.kind === 'token' ? summary.auth.tokenId : '',
    sites: summary.sites,
    defaultSite: summary.defaultSite,
    color: summary.color ?? '#228be6',
    readOnly: summary.readOnly,
  }
}

/** The endpoint URLs typed in, normalized (`https://host:8006`), with the lines that could not be read. */
export function parseEndpoints(text: string): { urls: string[]; invalid: string[] } {
  const urls: string[] = []
  const invalid: string[] = []
  for (const line of text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const url = endpointUrl(line)
    if (url === undefined) invalid.push(line)
    else if (!urls.includes(url)) urls.push(url)
  }
  return { urls, invalid }
}

/** A cluster id from a name: `ACE Prod (Km4)` → `ace-prod-km4`. */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
}

/**
 * The draft as a `ClusterInput`, or the first problem. Each endpoint needs a decision: a pin the user
 * trusted, a certificate a system CA vouches for, or (editing) the pin it already had.
 */
export function toClusterInput(
  draft: ClusterDraft,
  existing?: ClusterSummary,
): { ok: true; input: ClusterInput } | { ok: false; problem: string } {
  const { urls, invalid } = parseEndpoints(draft.endpointsText)
  if (invalid.length > 0) return { ok: false, problem: `endpoint: ${invalid.join(', ')}` }
  const endpoints: ClusterInput['endpoints'] = []
  for (const url of urls) {
    const previous = existing?.endpoints.find((e) => e.url === url)
    const certificate = draft.certificates[url]
    if (certificate !== undefined && draft.trusted[url] === true) {
      endpoints.push({ url, fingerprint: certificate.fingerprint, ...nodeOf(previous) })
    } else if (certificate?.trustedByCa === true) {
      endpoints.push({ url, ...nodeOf(previous) })
    } else if (previous !== undefined && certificate === undefined) {
      endpoints.push(previous)
    } else {
      return { ok: false, problem: `untrusted: ${url}` }
    }
  }
  const auth =
    draft.authKind === 'password'
      ? {
          kind: 'password' as const,
          username: draft.username.includes('@') ? draft.username : `${draft.username}@${draft.realm}`,
        }
      : { kind: 'token' as const, tokenId: draft.tokenId.trim() }
  const sites = Object.fromEntries(Object.entries(draft.sites).filter(([, site]) => site.trim() !== ''))
  const parsed = ClusterInputSchema.safeParse({
    id: draft.id,
    name: draft.name,
    endpoints,
    auth,
    sites,
    ...(draft.defaultSite.trim() === '' ? {} : { defaultSite: draft.defaultSite.trim() }),
    color: draft.color,
    readOnly: draft.readOnly,
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ok: false, problem: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}` }
  }
  return { ok: true, input: parsed.data }
}

const nodeOf = (endpoint: { node?: string } | undefined): { node?: string } =>
  endpoint?.node === undefined ? {} : { node: endpoint.node }
