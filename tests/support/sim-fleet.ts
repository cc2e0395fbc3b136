import { demoSeed } from '../../scripts/demo-fleet'
import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import type { Credential, CredentialSource } from '../../src/main/pve/session'
import type { ReadyLine } from '../pve-sim'

/** The simulator's clusters as PVE Desk configures them, and their credentials held in memory (as root@pam). */
export function simFleet(ready: ReadyLine): {
  configs: ClusterConfig[]
  credentials: CredentialSource & { set(clusterId: string, credential: Credential): void }
} {
  const secrets = new Map<string, Credential>()
  const configs = demoSeed(ready).clusters.map(({ secret, ...config }) => {
    secrets.set(config.id, { kind: 'password', username: config.auth.username, password: secret })
    return config
  })
  return {
    configs,
    credentials: {
      get: (clusterId) => Promise.resolve(secrets.get(clusterId)),
      set: (clusterId, credential) => secrets.set(clusterId, credential),
    },
  }
}
