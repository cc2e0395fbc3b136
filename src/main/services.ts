import type { AppInfo } from '../shared/ipc/contract'
import { AppError } from '../shared/ipc/errors'
import type { IDisposable } from '../shared/lifecycle'
import { DisposableStore } from '../shared/lifecycle'
import type { ClusterInput } from '../shared/model/cluster-input'
import type { ConnectionOptions } from './clusters/cluster-connection'
import { ClusterService } from './clusters/cluster-service'
import { testConnection } from './clusters/cluster-test'
import { IpcRouter } from './ipc/router'
import type { Seed } from './platform/seed'
import type { Settings } from './platform/settings-schema'
import { SettingsStore } from './platform/settings-store'
import { probeCertificate } from './pve/certificate-probe'
import type { Credential } from './pve/session'
import { credentialFrom } from './pve/session'
import { fetchRealms } from './pve/unauthenticated'
import type { CredentialVault } from './secrets/vault'

export interface MainServices extends IDisposable {
  readonly clusters: ClusterService
  readonly router: IpcRouter
}

export interface MainOptions {
  /** The PVE Desk home (settings). */
  home: string
  vault: CredentialVault
  info: AppInfo
  /** Clusters to add at start (the demo's simulated fleet). */
  seed?: Seed
}

const connectionOptions = (settings: Settings): ConnectionOptions => ({
  pollIntervalMs: settings.pollIntervalMs,
  timeoutMs: settings.timeoutMs,
  backoff: { baseMs: settings.pollIntervalMs, maxMs: 60_000 },
})

/**
 * The composition root shared by Electron (`index.ts`) and the browser host: settings, vault, clusters and the
 * IPC router, created in order and disposed in reverse. No Electron here.
 */
export async function createMainServices(options: MainOptions): Promise<MainServices> {
  const store = new DisposableStore()
  const settingsStore = new SettingsStore(options.home)
  const loaded = await settingsStore.load()
  if (options.seed?.pollIntervalMs !== undefined || options.seed?.timeoutMs !== undefined) {
    const { pollIntervalMs, timeoutMs } = options.seed
    loaded.settings = {
      ...loaded.settings,
      ...(pollIntervalMs ? { pollIntervalMs } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    }
    await settingsStore.save(loaded.settings)
  }
  const clusters = store.add(new ClusterService(settingsStore, options.vault, connectionOptions, loaded))
  await clusters.start()
  for (const { secret, ...cluster } of options.seed?.clusters ?? []) await clusters.save(cluster, secret)
  const timeoutMs = loaded.settings.timeoutMs
  const storedCredential = async (cluster: ClusterInput, secret: string | undefined): Promise<Credential> => {
    if (secret === undefined && !clusters.mayReuseSecret(cluster)) {
      throw new AppError({
        code: 'invalid_request',
        clusterId: cluster.id,
        message: 'new endpoints, pins or user: type the password or token secret again',
      })
    }
    const value = secret ?? (await options.vault.get(cluster.id))
    if (value === undefined)
      throw new AppError({
        code: 'auth_failed',
        clusterId: cluster.id,
        message: 'no password or token secret given',
      })
    return credentialFrom(cluster.auth, value)
  }
  const router = store.add(
    new IpcRouter(
      {
        'app:info': () => options.info,
        'app:health': async () => ({
          keychain: await options.vault.check(),
          home: options.home,
          ...(loaded.corrupt === undefined ? {} : { settingsCorrupt: loaded.corrupt }),
        }),
        'fleet:get': () => clusters.state(),
        'cluster:refresh': ({ clusterId }) => {
          clusters.registry.get(clusterId).refresh()
          return null
        },
        'cluster:probe': ({ url }) => probeCertificate(url, timeoutMs),
        'cluster:realms': ({ url, fingerprint }) => fetchRealms(url, fingerprint, timeoutMs),
        'cluster:test': async ({ cluster, secret }) =>
          testConnection(cluster, await storedCredential(cluster, secret), timeoutMs),
        'cluster:save': ({ cluster, secret }) => clusters.save(cluster, secret),
        'cluster:remove': async ({ clusterId }) => {
          await clusters.remove(clusterId)
          return null
        },
        'cluster:trust': ({ clusterId, url, fingerprint }) => clusters.trust(clusterId, url, fingerprint),
        'cluster:secret': async ({ clusterId, secret }) => {
          await clusters.setSecret(clusterId, secret)
          return null
        },
        'cluster:tfa': async ({ clusterId, kind, code }) => {
          await clusters.registry.get(clusterId).completeTfa(kind, code)
          return null
        },
      },
      (channel, error) => {
        if (error.code === 'internal') console.error(`[ipc] ${channel}: ${error.message}`)
      },
    ),
  )
  const { registry } = clusters
  store.add(registry.onDelta((delta) => router.publish('fleet:delta', delta)))
  store.add(registry.onStatus((status) => router.publish('cluster:status', status)))
  store.add(registry.onPermissions((permissions) => router.publish('cluster:permissions', permissions)))
  store.add(clusters.onConfig((event) => router.publish('cluster:config', event)))
  return { clusters, router, dispose: () => store.dispose() }
}
