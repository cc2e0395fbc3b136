import type { AppInfo } from '../shared/ipc/contract'
import type { IDisposable } from '../shared/lifecycle'
import { DisposableStore } from '../shared/lifecycle'
import { ClusterRegistry } from './clusters/cluster-registry'
import { IpcRouter } from './ipc/router'
import type { LaunchConfig } from './platform/launch-config'
import { MemoryCredentials } from './platform/launch-config'

export interface MainServices extends IDisposable {
  readonly registry: ClusterRegistry
  readonly router: IpcRouter
}

/**
 * The composition root shared by Electron (`index.ts`) and the browser host: creates the services in order,
 * wires the registry's events to the router, and disposes everything in reverse order. No Electron here.
 */
export function createMainServices(config: LaunchConfig, info: AppInfo): MainServices {
  const store = new DisposableStore()
  const credentials = new MemoryCredentials()
  const registry = store.add(
    new ClusterRegistry(credentials, {
      pollIntervalMs: config.pollIntervalMs,
      timeoutMs: config.timeoutMs,
      backoff: { baseMs: config.pollIntervalMs, maxMs: 60_000 },
    }),
  )
  const router = store.add(
    new IpcRouter(
      {
        'app:info': () => info,
        'fleet:get': () => registry.state(),
        'cluster:refresh': ({ clusterId }) => {
          registry.get(clusterId).refresh()
          return null
        },
      },
      (channel, error) => {
        if (error.code === 'internal') console.error(`[ipc] ${channel}: ${error.message}`)
      },
    ),
  )
  store.add(registry.onDelta((delta) => router.publish('fleet:delta', delta)))
  store.add(registry.onStatus((status) => router.publish('cluster:status', status)))
  for (const { credential, ...cluster } of config.clusters) {
    credentials.set(cluster.id, credential)
    registry.add(cluster)
  }
  return { registry, router, dispose: () => store.dispose() }
}
