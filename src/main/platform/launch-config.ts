import { z } from 'zod'

import { AppError } from '../../shared/ipc/errors'
import { ClusterConfig } from '../clusters/cluster-config'
import type { Credential, CredentialSource } from '../pve/pve-client'

/**
 * The clusters main starts with when launched by `npm run demo` (and by tests): read from standard input, never
 * from a file or the command line, because it carries passwords. Persistent cluster settings and the OS keychain
 * replace it for real use (see the README's roadmap).
 */
export const LaunchConfig = z.object({
  clusters: z.array(
    ClusterConfig.extend({
      credential: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('password'), username: z.string(), password: z.string() }),
        z.object({ kind: z.literal('token'), tokenId: z.string(), secret: z.string() }),
      ]),
    }),
  ),
  pollIntervalMs: z.number().int().min(250).max(600_000).default(2_000),
  timeoutMs: z.number().int().min(100).max(120_000).default(8_000),
})
export type LaunchConfig = z.infer<typeof LaunchConfig>

export function parseLaunchConfig(json: string): LaunchConfig {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    throw new AppError({ code: 'invalid_request', message: 'the launch configuration is not JSON' })
  }
  const parsed = LaunchConfig.safeParse(raw)
  if (!parsed.success) {
    throw new AppError({ code: 'invalid_request', message: `launch configuration: ${parsed.error.message}` })
  }
  return parsed.data
}

/** Credentials held in memory only, for the demo and tests. */
export class MemoryCredentials implements CredentialSource {
  private readonly byCluster = new Map<string, Credential>()

  set(clusterId: string, credential: Credential): void {
    this.byCluster.set(clusterId, credential)
  }

  get(clusterId: string): Promise<Credential | undefined> {
    return Promise.resolve(this.byCluster.get(clusterId))
  }
}
