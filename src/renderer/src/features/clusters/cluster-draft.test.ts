import { describe, expect, it } from 'vitest'

import type { CertificateInfo } from '../../../../shared/model/cluster-input'
import type { ClusterSummary } from '../../../../shared/model/fleet'
import { normalizeTyped } from './CertificateCard'
import { draftFrom, emptyDraft, parseEndpoints, slugify, toClusterInput } from './cluster-draft'

const FP = Array.from({ length: 32 }, (_, i) => (i % 16).toString(16).toUpperCase().repeat(2)).join(':')
const certificate = (url: string, trustedByCa = false): CertificateInfo => ({
  url,
  fingerprint: FP,
  subject: 'CN=km4-pve1',
  issuer: 'CN=km4-pve1',
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2028-01-01T00:00:00.000Z',
  trustedByCa,
})
const base = { ...emptyDraft(), id: 'ace-prod', name: 'ACE prod', secret: 's3cret' }

describe('cluster form rules', () => {
  it('reads endpoints as host, host:port or URL, port 8006 by default, without duplicates', () => {
    expect(parseEndpoints('km4-pve1\nkm4-pve2:8443\nhttps://10.0.0.3\nkm4-pve1:8006\nftp://x')).toEqual({
      urls: ['https://km4-pve1:8006', 'https://km4-pve2:8443', 'https://10.0.0.3:8006'],
      invalid: ['ftp://x'],
    })
  })

  it('makes ids from names', () => {
    expect(slugify('ACE Prod (Km4) — Côte d’Ivoire')).toBe('ace-prod-km4-cote-d-ivoire')
  })

  it('refuses an endpoint whose certificate nobody decided to trust', () => {
    const url = 'https://km4-pve1:8006'
    const draft = { ...base, endpointsText: 'km4-pve1', certificates: { [url]: certificate(url) } }
    expect(toClusterInput(draft)).toEqual({ ok: false, problem: `untrusted: ${url}` })
  })

  it('pins the fingerprint the user trusted, and none for a CA-signed certificate', () => {
    const a = 'https://km4-pve1:8006'
    const b = 'https://pve.example.ci:8006'
    const draft = {
      ...base,
      endpointsText: `km4-pve1\npve.example.ci`,
      certificates: { [a]: certificate(a), [b]: certificate(b, true) },
      trusted: { [a]: true },
      realm: 'pve',
      username: 'noc',
      sites: { 'km4-pve1': 'Km4', 'vitib-pve1': ' ' },
    }
    const result = toClusterInput(draft)
    expect(result).toMatchObject({
      ok: true,
      input: {
        endpoints: [{ url: a, fingerprint: FP }, { url: b }],
        auth: { kind: 'password', username: 'noc@pve' },
        sites: { 'km4-pve1': 'Km4' },
      },
    })
    if (result.ok) expect(result.input.endpoints[1]).not.toHaveProperty('fingerprint')
  })

  it('keeps an existing pin when editing without probing again', () => {
    const summary: ClusterSummary = {
      id: 'ace-prod',
      name: 'ACE prod',
      readOnly: true,
      endpoints: [{ url: 'https://km4-pve1:8006', node: 'km4-pve1', fingerprint: FP }],
      auth: { kind: 'token', tokenId: 'noc@pve!desk' },
      hasCredential: true,
      sites: {},
      defaultSite: 'Km4',
    }
    const draft = draftFrom(summary)
    expect(draft).toMatchObject({ authKind: 'token', tokenId: 'noc@pve!desk', secret: '', readOnly: true })
    expect(toClusterInput(draft, summary)).toMatchObject({
      ok: true,
      input: {
        endpoints: [{ url: 'https://km4-pve1:8006', node: 'km4-pve1', fingerprint: FP }],
        defaultSite: 'Km4',
      },
    })
  })

  it('accepts a pasted fingerprint in any common spelling', () => {
    expect(normalizeTyped(FP.toLowerCase().replaceAll(':', ''))).toBe(FP)
    expect(normalizeTyped(`SHA256 Fingerprint=${FP}`)).toBe(FP)
    expect(normalizeTyped('AB:CD')).toBeUndefined()
  })
})
