import type { ReadyLine } from '../tests/pve-sim'

/** The launch configuration for PVE Desk that points at every cluster of a running simulator. */
export interface DemoLaunchConfig {
  clusters: {
    id: string
    name: string
    endpoints: { url: string; fingerprint: string; node: string }[]
    sites: Record<string, string>
    defaultSite: string
    credential: { kind: 'password'; username: string; password: string }
  }[]
  pollIntervalMs: number
  timeoutMs: number
}

export function demoLaunchConfig(
  ready: ReadyLine,
  pollIntervalMs = 2_000,
  timeoutMs = 5_000,
): DemoLaunchConfig {
  return {
    clusters: ready.clusters.map((cluster) => ({
      id: cluster.id,
      name: cluster.name,
      endpoints: cluster.endpoints.map(({ url, fingerprint, node }) => ({ url, fingerprint, node })),
      sites: Object.fromEntries(cluster.endpoints.map(({ node, site }) => [node, site])),
      defaultSite: cluster.endpoints[0]?.site ?? cluster.name,
      credential: { kind: 'password', ...cluster.login },
    })),
    pollIntervalMs,
    timeoutMs,
  }
}
