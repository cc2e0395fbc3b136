import { AppError } from '../shared/ipc/errors'
import type { ClusterInput } from '../shared/model/cluster-input'
import { pvedeskHome } from '../main/platform/paths'
import type { Settings } from '../main/platform/settings-schema'
import { SettingsStore } from '../main/platform/settings-store'
import { PveClient } from '../main/pve/pve-client'
import type { Credential } from '../main/pve/session'
import { credentialFrom } from '../main/pve/session'
import { KeyringVault } from '../main/secrets/keyring-vault'
import type { CredentialVault } from '../main/secrets/vault'

/** What every command works with: the same settings file and keychain as the app. */
export interface CliContext {
  store: SettingsStore
  settings: Settings
  vault: CredentialVault
  out: (line: string) => void
  err: (line: string) => void
  /** Reads all of standard input (a secret piped in). */
  stdin: () => Promise<string>
}

export async function createContext(io: Pick<CliContext, 'out' | 'err' | 'stdin'>): Promise<CliContext> {
  const store = new SettingsStore(pvedeskHome())
  const loaded = await store.load()
  if (loaded.corrupt !== undefined) {
    io.err(
      `pvedesk: settings_corrupt: ${loaded.corrupt.reason}; the file was moved to ${loaded.corrupt.movedTo}`,
    )
  }
  return { ...io, store, settings: loaded.settings, vault: new KeyringVault() }
}

export function findCluster(ctx: CliContext, clusterId: string): ClusterInput {
  const cluster = ctx.settings.clusters.find((c) => c.id === clusterId)
  if (cluster === undefined)
    throw new AppError({ code: 'not_found', clusterId, message: `no cluster with id ${clusterId}` })
  return cluster
}

export async function credentialOf(ctx: CliContext, cluster: ClusterInput): Promise<Credential> {
  const secret = await ctx.vault.get(cluster.id)
  if (secret === undefined) {
    throw new AppError({
      code: 'auth_failed',
      clusterId: cluster.id,
      message: 'no password or token secret in the keychain',
    })
  }
  return credentialFrom(cluster.auth, secret)
}

/** A client for one cluster with its stored credential; the caller disposes it. */
export async function clientFor(ctx: CliContext, cluster: ClusterInput): Promise<PveClient> {
  const credential = await credentialOf(ctx, cluster)
  return new PveClient(
    cluster.id,
    cluster.endpoints,
    { get: () => Promise.resolve(credential) },
    {
      timeoutMs: ctx.settings.timeoutMs,
    },
  )
}
