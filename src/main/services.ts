import type { AppHealth, AppInfo } from '../shared/ipc/contract'
import type { CaptureFinished } from '../shared/ipc/domains/inventory'
import type { IDisposable } from '../shared/lifecycle'
import { DisposableStore } from '../shared/lifecycle'
import type { ClusterInput } from '../shared/model/cluster-input'
import type { DrAlert } from '../shared/model/dr'
import type { PveTask } from '../shared/model/task'
import type { ConnectionOptions } from './clusters/cluster-connection'
import type { SettingsProblems } from './clusters/cluster-service'
import { ClusterService } from './clusters/cluster-service'
import { testConnection } from './clusters/cluster-test'
import type { ConsoleServiceOptions } from './consoles/console-service'
import { ConsoleService } from './consoles/console-service'
import type { DrServiceOptions } from './dr/dr-service'
import { DrService } from './dr/dr-service'
import type { ScheduleClock } from './inventory/capture-schedule'
import type { InventoryDialogs } from './inventory/inventory-service'
import { BulkService } from './guests/bulk-service'
import { GuestService } from './guests/guest-service'
import { panelHandlers } from './panels/panel-service'
import { WorkspaceStore } from './workspace/workspace-store'
import { InventoryService } from './inventory/inventory-service'
import { IpcRouter } from './ipc/router'
import type { Settings } from './platform/settings-schema'
import { withFileLock } from './platform/settings-lock'
import { SettingsStore } from './platform/settings-store'
import { probeCertificate } from './pve/certificate-probe'
import type { Credential } from './pve/session'
import { credentialFrom } from './pve/session'
import { fetchRealms } from './pve/unauthenticated'
import type { SigningKeyStore } from './secrets/signing-key-store'
import { KeyringSigningKeyStore } from './secrets/signing-key-store'
import type { CredentialVault } from './secrets/vault'
import type { TaskAbout } from './tasks/task-about'
import { aboutTask } from './tasks/task-about'
import type { TaskServiceOptions } from './tasks/task-service'
import { NotificationBurst } from './tasks/notification-burst'
import { notifyIfWanted } from './tasks/task-notify'
import { TaskService } from './tasks/task-service'

export interface MainServices extends IDisposable {
  readonly clusters: ClusterService
  readonly consoles: ConsoleService
  readonly inventory: InventoryService
  readonly tasks: TaskService
  readonly guests: GuestService
  readonly bulk: BulkService
  readonly dr: DrService
  readonly router: IpcRouter
}

export interface MainOptions {
  /** The PVE Desk home (settings). */
  home: string
  vault: CredentialVault
  info: AppInfo
  /** The consoles' grace period, limits, SPICE launcher (tests shorten or replace them). */
  consoles?: Omit<ConsoleServiceOptions, 'home' | 'timeoutMs'>
  /** Where the inventory signing key lives: the OS keychain by default (the demo and the tests: memory). */
  signingKeys?: SigningKeyStore
  /** Electron's open and save dialogs (src/main/app/inventory-dialogs.ts); the browser host has none. */
  dialogs?: InventoryDialogs
  /** Tells the user a scheduled inventory snapshot ended (Electron: an OS notification). */
  notify?: (finished: CaptureFinished) => void
  /** Inventory snapshot files named on the command line, listed as `argument` files. */
  inventoryFiles?: string[]
  /** The inventory schedule's clock and timer (tests move time by hand). */
  inventoryClock?: ScheduleClock
  /** The task follow-up's pace (tests shorten it). */
  tasks?: TaskServiceOptions
  /** Tells the user a task PVE Desk started ended (Electron: an OS notification), as the `notify` preference says. */
  notifyTask?: (task: PveTask, about: TaskAbout) => void
  /** The DR reader's pace and clock (tests shorten it). */
  dr?: Omit<DrServiceOptions, 'home'>
  /** Tells the user of a DR alert (Electron: an OS notification). */
  notifyDr?: (alert: DrAlert) => void
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
  // After the consoles, so disposed before them: a capture under way is cancelled while its sessions still exist.
  const inventory = store.add(
    new InventoryService(clusters.registry, consoles.records, {
      home: options.home,
      appVersion: options.info.version,
      signingKeys: options.signingKeys ?? new KeyringSigningKeyStore(),
      ...(options.dialogs === undefined ? {} : { dialogs: options.dialogs }),
      ...(options.notify === undefined ? {} : { notify: options.notify }),
      ...(options.inventoryFiles === undefined ? {} : { inventoryFiles: options.inventoryFiles }),
      ...(options.inventoryClock === undefined ? {} : { clock: options.inventoryClock }),
    }),
  )
  await inventory.start()
  // After the clusters, so disposed before them: followers and bulk runs end while their sessions still exist.
  const tasks = store.add(new TaskService(clusters.registry, options.tasks))
  const guests = store.add(new GuestService(clusters.registry, tasks, options.home))
  const bulk = store.add(new BulkService(guests))
  const workspace = new WorkspaceStore(options.home)
  // After the clusters, so disposed before them: its reads end while their sessions still exist.
  const dr = store.add(new DrService(clusters.registry, { ...options.dr, home: options.home }))
  // Each inventory snapshot carries the DR report under the targets in force.
  inventory.useDrTargets(() => dr.targets())
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
        // Captures are the app's, not the window's: the call's signal is not passed (a reload must not cancel one).
        'inventory:capture': ({ clusterIds }) => inventory.capture(clusterIds),
        'inventory:cancel': ({ captureId }) => {
          inventory.cancel(captureId)
          return null
        },
        'inventory:files': () => inventory.listFiles(),
        'inventory:pick': () => inventory.pick(),
        'inventory:open': ({ fileId }) => inventory.open(fileId),
        'inventory:close': ({ snapshotId }) => {
          inventory.close(snapshotId)
          return null
        },
        'inventory:details': ({ snapshotId, key }) => inventory.details(snapshotId, key),
        'inventory:diff': ({ from, to }) => inventory.diff(from, to),
        'inventory:export': ({ snapshotId, format }) => inventory.export(snapshotId, format),
        'inventory:key': () => inventory.signer(),
        'inventory:schedule': () => inventory.scheduleState(),
        'inventory:setSchedule': ({ schedule }) => inventory.setSchedule(schedule),
        'guest:action': ({ guest, action }) => guests.act(guest, action),
        'guest:migrateCheck': ({ guest }, { signal }) => guests.migrateCheck(guest, signal),
        'guest:backupTargets': ({ guest }, { signal }) => guests.backupTargets(guest, signal),
        'guest:snapshots': ({ guest }, { signal }) => guests.snapshots(guest, signal),
        'guest:preferences': () => guests.preferences(),
        'guest:setPreferences': ({ preferences }) => guests.setPreferences(preferences),
        'bulk:plan': ({ guests: refs, action, concurrency }, { signal }) =>
          bulk.plan(refs, action, concurrency, signal),
        'bulk:run': ({ planId }) => bulk.run(planId),
        'bulk:cancel': ({ bulkId }) => {
          bulk.cancel(bulkId)
          return null
        },
        'bulk:list': () => bulk.list(),
        'task:list': () => tasks.list(),
        'task:log': ({ clusterId, upid, start, limit }, { signal }) =>
          tasks.log(clusterId, upid, start, limit, signal),
        'task:stop': async ({ clusterId, upid }) => {
          await tasks.stop(clusterId, upid)
          return null
        },
        ...panelHandlers(guests, (clusterId) => clusters.registry.get(clusterId)),
        'workspace:get': () => workspace.read(),
        'workspace:set': ({ preferences }) => workspace.write(preferences),
        'dr:report': () => dr.report(),
        'dr:refresh': (_request, { signal }) => dr.refresh(signal),
        'dr:targets': () => dr.targets(),
        'dr:setTargets': ({ targets }) => dr.setTargets(targets),
        'dr:history': () => dr.history(),
        'dr:clearHistory': async () => {
          await dr.clearHistory()
          return null
        },
      },
      (channel, error) => {
        if (error.code === 'internal') console.error(`[ipc] ${channel}: ${error.message}`)
      },
      {
        streams: {
          'console:attach': (request, port) => consoles.attach(request, port),
          'inventory:upload': (request, port) => {
            inventory.upload(request, port)
          },
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
  store.add(inventory.onProgress((progress) => router.publish('inventory:progress', progress)))
  store.add(inventory.onCaptured((finished) => router.publish('inventory:captured', finished)))
  store.add(tasks.onDelta((delta) => router.publish('task:delta', delta)))
  store.add(tasks.onEnded((ended) => router.publish('task:ended', ended)))
  store.add(dr.onChanged((report) => router.publish('dr:changed', report)))
  store.add(dr.onAlert((alert) => router.publish('dr:alert', alert)))
  const { notifyDr } = options
  if (notifyDr !== undefined) store.add(dr.onNotify((alert) => notifyDr(alert)))
  const { notifyTask } = options
  const burst = new NotificationBurst()
  if (notifyTask !== undefined)
    store.add(
      tasks.onEnded(
        ({ task }) =>
          void notifyIfWanted(
            task,
            () => guests.preferences(),
            (t) => {
              if (burst.allow(t.state === 'error')) notifyTask(t, aboutTask(registry, t))
            },
          ),
      ),
    )
  store.add(bulk.onProgress((progress) => router.publish('bulk:progress', progress)))
  await dr.start()
  return { clusters, consoles, inventory, tasks, guests, bulk, dr, router, dispose: () => store.dispose() }
}

/** The settings file's problems as `app:health` reports them. */
function settingsHealth(problems: SettingsProblems): Partial<AppHealth> {
  return {
    ...(problems.corrupt === undefined ? {} : { settingsCorrupt: problems.corrupt }),
    ...(problems.readOnly === undefined ? {} : { settingsReadOnly: problems.readOnly }),
    ...(problems.dropped === undefined ? {} : { droppedClusters: problems.dropped }),
    ...(problems.unreadable === undefined ? {} : { settingsUnreadable: problems.unreadable }),
  }
}
