import type { ReadyLine } from '../tests/pve-sim'

/** The seed (see src/main/platform/seed.ts) that points PVE Desk at every cluster of a running simulator. */
export interface DemoSeed {
  clusters: {
    id: string
    name: string
    endpoints: { url: string; fingerprint: string; node: string }[]
    auth: { kind: 'password'; username: string }
    sites: Record<string, string>
    defaultSite: string
    readOnly: boolean
    secret: string
  }[]
  pollIntervalMs: number
  timeoutMs: number
}

export function demoSeed(ready: ReadyLine, pollIntervalMs = 2_000, timeoutMs = 5_000): DemoSeed {
  return {
    clusters: ready.clusters.map((cluster) => ({
      id: cluster.id,
      name: cluster.name,
      endpoints: cluster.endpoints.map(({ url, fingerprint, node }) => ({ url, fingerprint, node })),
      auth: { kind: 'password', username: cluster.login.username },
      sites: Object.fromEntries(cluster.endpoints.map(({ node, site }) => [node, site])),
      defaultSite: cluster.endpoints[0]?.site ?? cluster.name,
      readOnly: false,
      secret: cluster.login.password,
    })),
    pollIntervalMs,
    timeoutMs,
  }
}
