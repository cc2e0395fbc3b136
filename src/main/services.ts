import type { AppHealth, AppInfo } from '../shared/ipc/contract'
import { AppError } from '../shared/ipc/errors'
import type { IDisposable } from '../shared/lifecycle'
import { DisposableStore } from '../shared/lifecycle'
import type { ClusterInput } from '../shared/model/cluster-input'
import type { ConnectionOptions } from './clusters/cluster-connection'
import type { SettingsProblems } from './clusters/cluster-service'
import { ClusterService } from './clusters/cluster-service'
import { testConnection } from './clusters/cluster-test'
import type { ConsoleServiceOptions } from './consoles/console-service'
import { ConsoleService } from './consoles/console-service'
import { IpcRouter } from './ipc/router'
import type { Settings } from './platform/settings-schema'
import { withFileLock } from './platform/settings-lock'
import { SettingsStore } from './platform/settings-store'
import { probeCertificate } from './pve/certificate-probe'
import type { Credential } from './pve/session'
import { credentialFrom } from './pve/session'
import { fetchRealms } from './pve/unauthenticated'
import type { CredentialVault } from './secrets/vault'

export interface MainServices extends IDisposable {
  readonly clusters: ClusterService
  readonly consoles: ConsoleService
  readonly router: IpcRouter
}

export interface MainOptions {
  /** The PVE Desk home (settings). */
  home: string
  vault: CredentialVault
  info: AppInfo
  /** The consoles' grace period, limits, SPICE launcher (tests shorten or replace them). */
  consoles?: Omit<ConsoleServiceOptions, 'home' | 'timeoutMs'>
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
  // Read under the settings lock: the CLI may be writing at this moment. Only this start-up load moves a file it
  // cannot read aside; later reads keep the last good settings and refuse writes (see SettingsStore.load).
  const loaded = await withFileLock(settingsStore.path, () => settingsStore.load({ moveAside: true }))
  const clusters = store.add(new ClusterService(settingsStore, options.vault, connectionOptions, loaded))
  await clusters.start()
  const timeoutMs = loaded.settings.timeoutMs
  // After the clusters, so disposed before them: consoles end (recorded as `app`) while their sessions still exist.
  const consoles = store.add(
    new ConsoleService(clusters.registry, { ...options.consoles, home: options.home, timeoutMs }),
  )
  // A typed secret goes with the draft; the stored one only where it is bound to go (see storedCredentialFor).
  const storedCredential = (cluster: ClusterInput, secret: string | undefined): Promise<Credential> =>
    secret === undefined
      ? clusters.storedCredentialFor(cluster)
      : Promise.resolve(credentialFrom(cluster.auth, secret))
  const router = store.add(
    new IpcRouter(
      {
        'app:info': () => options.info,
        'app:health': async () => ({
          keychain: await options.vault.check(),
          home: options.home,
          ...settingsHealth(clusters.problems()),
        }),
        'fleet:get': () => clusters.state(),
        'cluster:refresh': ({ clusterId }) => {
          clusters.registry.get(clusterId).refresh()
          return null
        },
        // Long calls get the call's signal: cancelled by the renderer, or ended with it.
        'cluster:probe': ({ url }, { signal }) => probeCertificate(url, timeoutMs, signal),
        'cluster:realms': ({ url, fingerprint }, { signal }) =>
          fetchRealms(url, fingerprint, timeoutMs, signal),
        'cluster:test': async ({ cluster, secret }, { signal }) =>
          testConnection(cluster, await storedCredential(cluster, secret), timeoutMs, signal),
        'cluster:save': ({ cluster, secret }) => clusters.save(cluster, secret),
        'cluster:remove': async ({ clusterId }) => {
          await clusters.remove(clusterId)
          return null
        },
        'cluster:trust': ({ clusterId, url, fingerprint, secret }) =>
          clusters.trust(clusterId, url, fingerprint, secret),
        'cluster:secret': async ({ clusterId, secret }) => {
          await clusters.setSecret(clusterId, secret)
          return null
        },
        'cluster:tfa': async ({ clusterId, kind, code }) => {
          await clusters.registry.get(clusterId).completeTfa(kind, code)
          return null
        },
        'console:open': (request) => consoles.open(request),
        'console:reconnect': ({ consoleId }) => consoles.reconnect(consoleId),
        'console:close': ({ consoleId }) => {
          consoles.close(consoleId)
          return null
        },
        'console:list': () => consoles.list(),
        'console:history': ({ limit }) => consoles.history(limit),
        'console:spice': (request, { signal }) => consoles.spice(request, signal),
        ...inventoryHandlersPending,
      },
      (channel, error) => {
        if (error.code === 'internal') console.error(`[ipc] ${channel}: ${error.message}`)
      },
      {
        streams: {
          'console:attach': (request, port) => consoles.attach(request, port),
          'inventory:upload': () => pending(),
        },
      },
    ),
  )
  const { registry } = clusters
  store.add(registry.onDelta((delta) => router.publish('fleet:delta', delta)))
  store.add(registry.onStatus((status) => router.publish('cluster:status', status)))
  store.add(registry.onPermissions((permissions) => router.publish('cluster:permissions', permissions)))
  store.add(clusters.onConfig((event) => router.publish('cluster:config', event)))
  store.add(consoles.onChanged((event) => router.publish('console:changed', event)))
  return { clusters, consoles, router, dispose: () => store.dispose() }
}

// Placeholders while the inventory service lands (replaced by InventoryService's handlers).
const pending = (): never => {
  throw new AppError({ code: 'internal', message: 'inventory snapshots are not wired yet' })
}
const inventoryHandlersPending = {
  'inventory:capture': pending,
  'inventory:cancel': pending,
  'inventory:files': pending,
  'inventory:pick': pending,
  'inventory:open': pending,
  'inventory:close': pending,
  'inventory:details': pending,
  'inventory:diff': pending,
  'inventory:export': pending,
  'inventory:key': pending,
  'inventory:schedule': pending,
  'inventory:setSchedule': pending,
} as const

/** The settings file's problems as `app:health` reports them. */
function settingsHealth(problems: SettingsProblems): Partial<AppHealth> {
  return {
    ...(problems.corrupt === undefined ? {} : { settingsCorrupt: problems.corrupt }),
    ...(problems.readOnly === undefined ? {} : { settingsReadOnly: problems.readOnly }),
    ...(problems.dropped === undefined ? {} : { droppedClusters: problems.dropped }),
    ...(problems.unreadable === undefined ? {} : { settingsUnreadable: problems.unreadable }),
  }
}
