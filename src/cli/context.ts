import { AppError } from '../shared/ipc/errors'
import type { ClusterInput } from '../shared/model/cluster-input'
import { ClusterCatalog } from '../main/clusters/cluster-catalog'
import { pvedeskHome } from '../main/platform/paths'
import type { Settings } from '../main/platform/settings-schema'
import { SettingsStore } from '../main/platform/settings-store'
import { PveClient } from '../main/pve/pve-client'
import type { Credential } from '../main/pve/session'
import { credentialFrom } from '../main/pve/session'
import { KeyringVault } from '../main/secrets/keyring-vault'
import type { CredentialVault } from '../main/secrets/vault'
import { releaseSecret } from '../main/secrets/vault'

/** What every command works with: the same settings file, lock and keychain as the app. */
export interface CliContext {
  store: SettingsStore
  /** Every change goes through the catalog: read again under the lock, settings and keychain together. */
  catalog: ClusterCatalog
  /** The settings as read at start, for commands that only read. */
  settings: Settings
  vault: CredentialVault
  out: (line: string) => void
  err: (line: string) => void
  /** Reads all of standard input (a secret piped in). */
  stdin: () => Promise<string>
  /**
   * Asks a yes/no question on the terminal (the prompt on stderr, so that stdout stays the command's output);
   * absent when there is no terminal to ask: a command that needs a yes then wants `--yes`.
   */
  confirm?: (question: string) => Promise<boolean>
  /** Aborted on Ctrl-C: followers stop, a bulk run starts nothing new. */
  signal?: AbortSignal
  /** How often a running task is asked for its status or log (default 1 s; tests shorten it). */
  followIntervalMs?: number
}

/** What the executable hands to `runCli`: the terminal's lines, standard input, the prompt and Ctrl-C. */
export type CliIo = Pick<CliContext, 'out' | 'err' | 'stdin' | 'confirm' | 'signal' | 'followIntervalMs'>

export async function createContext(io: CliIo): Promise<CliContext> {
  const store = new SettingsStore(pvedeskHome())
  const vault = new KeyringVault()
  const catalog = new ClusterCatalog(store, vault)
  // A file that cannot be read fails every command (`conflict`, exit 8) and is left as it is: never moved aside
  // here, since the app may be running with the clusters in it (only the app's start-up moves it aside).
  const loaded = await catalog.load()
  if (loaded.readOnly !== undefined) {
    io.err(
      `pvedesk: warning: ${store.path} was written by a newer PVE Desk (schemaVersion ${loaded.readOnly.schemaVersion}): read-only, changes are refused`,
    )
  }
  for (const dropped of loaded.dropped ?? []) {
    io.err(
      `pvedesk: warning: cluster entry ${dropped.index}${dropped.id === undefined ? '' : ` (${dropped.id})`} of ${store.path} left out: ${dropped.reason.replace(/\s+/g, ' ')}`,
    )
  }
  return { ...io, store, catalog, settings: loaded.settings, vault }
}

export function findCluster(ctx: CliContext, clusterId: string): ClusterInput {
  const cluster = ctx.settings.clusters.find((c) => c.id === clusterId)
  if (cluster === undefined)
    throw new AppError({ code: 'not_found', clusterId, message: `no cluster with id ${clusterId}` })
  return cluster
}

/** The stored secret, only if it is bound to this cluster as the settings describe it (else `auth_failed`). */
export async function credentialOf(ctx: CliContext, cluster: ClusterInput): Promise<Credential> {
  return credentialFrom(cluster.auth, await releaseSecret(ctx.vault, cluster))
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
