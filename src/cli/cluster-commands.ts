import { AppError } from '../shared/ipc/errors'
import type { ClusterInput } from '../shared/model/cluster-input'
import { ClusterInput as ClusterInputSchema, endpointUrl } from '../shared/model/cluster-input'
import { testConnection, testRepin } from '../main/clusters/cluster-test'
import { probeCertificate } from '../main/pve/certificate-probe'
import { checkEndpoint } from '../main/pve/endpoint-check'
import { normalizeFingerprint } from '../main/pve/pinning'
import { credentialFrom } from '../main/pve/session'
import type { CliContext } from './context'
import { findCluster } from './context'
import { EXIT } from './exit-codes'

export interface AddOptions {
  id: string
  endpoints: string[]
  username: string
  passwordStdin: boolean
  tokenId?: string
  tokenSecretStdin: boolean
  fingerprints: string[]
  trust: boolean
  name?: string
  site?: string
  readOnly: boolean
}

const usage = (message: string): AppError => new AppError({ code: 'invalid_request', message })
const alreadyExists = (id: string): AppError =>
  new AppError({ code: 'conflict', clusterId: id, message: `cluster ${id} already exists` })

/**
 * `pvedesk cluster add`: probes every endpoint's certificate first. Without `--fingerprint` or `--trust` it prints
 * what it found and stores nothing; with them it checks the login, then saves the cluster (settings) and its
 * secret (keychain). Nothing is stored if any step fails.
 */
export async function clusterAdd(ctx: CliContext, o: AddOptions): Promise<number> {
  // A settings file from a newer PVE Desk is read-only: say so before probing or logging in.
  ctx.store.assertWritable()
  if (ctx.settings.clusters.some((c) => c.id === o.id)) throw alreadyExists(o.id)
  if (o.passwordStdin === (o.tokenId !== undefined))
    throw usage('give either --password-stdin, or --token-id with --token-secret-stdin')
  if (o.tokenId !== undefined && !o.tokenSecretStdin) throw usage('--token-id needs --token-secret-stdin')
  const urls = o.endpoints.map((e) => endpointUrl(e) ?? '')
  if (urls.length === 0 || urls.includes(''))
    throw usage('every --endpoint must be host[:port] or https://host[:port]')
  const pins = o.fingerprints.map((f) => normalizeFingerprint(f))
  if (pins.length > 0 && pins.length !== urls.length)
    throw usage('give one --fingerprint per --endpoint, in the same order')
  const endpoints: ClusterInput['endpoints'] = []
  for (const [i, url] of urls.entries()) {
    const cert = await probeCertificate(url, ctx.settings.timeoutMs)
    const pin = pins[i]
    if (pin !== undefined && pin !== cert.fingerprint) {
      throw new AppError({
        code: 'tls_untrusted',
        clusterId: o.id,
        message: `${url} presents ${cert.fingerprint}, not the fingerprint given (${pin})`,
        detail: { url, expected: pin, actual: cert.fingerprint },
      })
    }
    if (pin === undefined && !o.trust) {
      ctx.out(
        `${url} ${cert.fingerprint} subject="${cert.subject}" issuer="${cert.issuer}" valid-to=${cert.validTo}${cert.trustedByCa ? ' trusted-by-ca' : ''}`,
      )
      continue
    }
    endpoints.push(cert.trustedByCa && pin === undefined ? { url } : { url, fingerprint: cert.fingerprint })
  }
  if (endpoints.length < urls.length) {
    ctx.err(
      'pvedesk: tls_untrusted: nothing stored; compare the fingerprints above, then repeat with --fingerprint FP (or --trust)',
    )
    return EXIT.tls
  }
  const secret = (await ctx.stdin()).replace(/\r?\n$/, '')
  if (secret === '') throw usage('the secret on standard input is empty')
  const tokenId =
    o.tokenId === undefined ? undefined : o.tokenId.includes('!') ? o.tokenId : `${o.username}!${o.tokenId}`
  const parsed = ClusterInputSchema.safeParse({
    id: o.id,
    name: o.name ?? o.id,
    endpoints,
    auth: tokenId === undefined ? { kind: 'password', username: o.username } : { kind: 'token', tokenId },
    ...(o.site === undefined ? {} : { defaultSite: o.site }),
    readOnly: o.readOnly,
  })
  if (!parsed.success)
    throw usage(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
  const cluster = parsed.data
  const verdict = await testConnection(cluster, credentialFrom(cluster.auth, secret), ctx.settings.timeoutMs)
  // Planned from the file as it is now, under the lock: another pvedesk or the app may have written meanwhile.
  await ctx.catalog.update(({ settings }) => {
    if (settings.clusters.some((c) => c.id === cluster.id)) throw alreadyExists(cluster.id)
    return {
      settings: { ...settings, clusters: [...settings.clusters, cluster] },
      secrets: [{ kind: 'set', owner: cluster, secret }],
      result: undefined,
    }
  })
  ctx.out(
    `added ${cluster.id}: Proxmox VE ${verdict.version}, nodes ${verdict.nodes.map((n) => n.node).join(', ')}`,
  )
  return EXIT.ok
}

/**
 * `pvedesk cluster list`: the configured clusters, and how each endpoint fares now. Every endpoint is looked at
 * with a TLS handshake only (no request, no secret), so that a node whose certificate changed is named, with the
 * pinned and the presented fingerprints, even when the cluster's other nodes serve it.
 */
export async function clusterList(
  ctx: Pick<CliContext, 'settings' | 'vault' | 'out'>,
  json: boolean,
): Promise<number> {
  const rows = await Promise.all(
    ctx.settings.clusters.map(async (c) => ({
      id: c.id,
      name: c.name,
      endpoints: await Promise.all(
        c.endpoints.map(async (e) => {
          const check = await checkEndpoint(e, ctx.settings.timeoutMs, c.id)
          return {
            url: e.url,
            ...(e.node === undefined ? {} : { node: e.node }),
            ...(e.fingerprint ? { fingerprint: e.fingerprint } : {}),
            state: check.state,
            ...(check.state === 'tls_untrusted' && e.fingerprint !== undefined
              ? { expected: e.fingerprint, presented: check.presented }
              : {}),
            ...(check.state === 'ok' ? {} : { error: check.error.message }),
          }
        }),
      ),
      auth: c.auth,
      hasCredential: await ctx.vault.has(c),
      readOnly: c.readOnly,
    })),
  )
  if (json) {
    ctx.out(JSON.stringify(rows, null, 2))
    return EXIT.ok
  }
  for (const r of rows) {
    const who = r.auth.kind === 'password' ? r.auth.username : r.auth.tokenId
    const changed = r.endpoints.filter((e) => e.presented !== undefined).map((e) => e.node ?? e.url)
    ctx.out(
      `${r.id}\t${r.name}\t${who}\t${r.hasCredential ? 'secret-stored' : 'no-secret'}\t${r.endpoints.map((e) => e.url).join(',')}${r.readOnly ? '\tread-only' : ''}${changed.length > 0 ? `\tcertificate-changed=${changed.join(',')}` : ''}`,
    )
    // One indented line per endpoint that is not fine, under its cluster's line.
    for (const e of r.endpoints) {
      if (e.state === 'ok') continue
      const what =
        e.presented === undefined
          ? `${e.state}: ${e.error ?? ''}`
          : `certificate changed: expected ${e.expected ?? ''} presented ${e.presented}`
      ctx.out(`  ${e.node ?? '-'}\t${e.url}\t${what}`)
    }
  }
  return EXIT.ok
}

export async function clusterRemove(ctx: CliContext, clusterId: string): Promise<number> {
  ctx.store.assertWritable()
  await ctx.catalog.update(({ settings }) => {
    if (!settings.clusters.some((c) => c.id === clusterId))
      throw new AppError({ code: 'not_found', clusterId, message: `no cluster with id ${clusterId}` })
    return {
      settings: { ...settings, clusters: settings.clusters.filter((c) => c.id !== clusterId) },
      secrets: [{ kind: 'delete', clusterId }],
      result: undefined,
    }
  })
  ctx.out(`removed ${clusterId}`)
  return EXIT.ok
}

export interface TrustOptions {
  endpoint: string
  fingerprint: string
  passwordStdin: boolean
  tokenSecretStdin: boolean
}

/**
 * Re-pins one endpoint, only if the fingerprint given is the one it presents now (a typo pins nothing), with the
 * password or token secret given again on standard input: a re-pin changes where the secret goes, so the stored
 * one is never sent to the newly trusted certificate. The secret is stored only once it logs in there (else
 * `auth_failed`, exit 4, and nothing changes).
 */
export async function clusterTrust(ctx: CliContext, clusterId: string, o: TrustOptions): Promise<number> {
  ctx.store.assertWritable()
  const cluster = findCluster(ctx, clusterId)
  const url = endpointUrl(o.endpoint)
  if (url === undefined || !cluster.endpoints.some((e) => e.url === url)) {
    throw new AppError({
      code: 'not_found',
      clusterId,
      message: `${o.endpoint} is not an endpoint of ${clusterId}`,
    })
  }
  const flag = cluster.auth.kind === 'password' ? '--password-stdin' : '--token-secret-stdin'
  if (!(cluster.auth.kind === 'password' ? o.passwordStdin : o.tokenSecretStdin))
    throw usage(`re-pinning sends the secret to a new certificate: give it again with ${flag}`)
  const pin = normalizeFingerprint(o.fingerprint)
  const cert = await probeCertificate(url, ctx.settings.timeoutMs)
  if (cert.fingerprint !== pin) {
    throw new AppError({
      code: 'tls_untrusted',
      clusterId,
      message: `${url} presents ${cert.fingerprint}, not ${pin}`,
      detail: { url, expected: pin, actual: cert.fingerprint },
    })
  }
  const secret = (await ctx.stdin()).replace(/\r?\n$/, '')
  if (secret === '') throw usage('the secret on standard input is empty')
  const repinned = (c: ClusterInput): ClusterInput => ({
    ...c,
    endpoints: c.endpoints.map((e) => (e.url === url ? { ...e, fingerprint: pin } : e)),
  })
  // Only a secret that logs in there through the new pin replaces the one that still works on the other nodes.
  const candidate = repinned(cluster)
  await testRepin(candidate, url, credentialFrom(candidate.auth, secret), ctx.settings.timeoutMs)
  await ctx.catalog.update(({ settings }) => {
    const current = settings.clusters.find((c) => c.id === clusterId)
    if (current === undefined || !current.endpoints.some((e) => e.url === url))
      throw new AppError({
        code: 'not_found',
        clusterId,
        message: `${url} is not an endpoint of ${clusterId}`,
      })
    if (JSON.stringify(current.auth) !== JSON.stringify(candidate.auth))
      throw new AppError({
        code: 'conflict',
        clusterId,
        message: `${clusterId} was changed meanwhile (its user or token): nothing was changed; re-pin again`,
      })
    const next = repinned(current)
    return {
      settings: { ...settings, clusters: settings.clusters.map((c) => (c.id === clusterId ? next : c)) },
      secrets: [{ kind: 'set', owner: next, secret }],
      result: undefined,
    }
  })
  ctx.out(`trusted ${pin} for ${url}`)
  return EXIT.ok
}
