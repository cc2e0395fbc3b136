import { test as base } from '@playwright/test'

import type { SimClusterInfo } from '../pve-sim'
import { startWebDemo } from '../support/web-demo'
import { FleetPage } from './pages/fleet-page'

export interface DemoApp {
  /** The browser host's URL with its per-run token. */
  url: string
  /** The simulator's clusters: endpoints, fingerprints, logins. */
  simulator: SimClusterInfo[]
  /** The simulator's control API. */
  control: string
  /** Calls the simulator's control API (`POST path` with a JSON body). */
  simulate(path: string, body?: unknown): Promise<void>
}

interface WorkerFixtures {
  /** System locale the host reports to the renderer (the UI language follows it). */
  hostLocale: string
  /** Which simulator clusters the demo configures at start (`all`, `none` or ids). */
  seedClusters: string
  app: DemoApp
}

export const test = base.extend<{ fleet: FleetPage }, WorkerFixtures>({
  hostLocale: ['fr-FR', { scope: 'worker', option: true }],
  seedClusters: ['all', { scope: 'worker', option: true }],
  app: [
    async ({ hostLocale, seedClusters }, use) => {
      // The simulator and a seeded browser host, once per worker, with no random live changes.
      const { url, control, simulator, stop } = await startWebDemo(hostLocale, [
        '--poll-ms',
        '500',
        '--clusters',
        seedClusters,
      ])
      const simulate = async (path: string, body: unknown = {}): Promise<void> => {
        const res = await fetch(`${control}${path}`, { method: 'POST', body: JSON.stringify(body) })
        if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`)
      }
      await use({ url, control, simulator, simulate })
      await stop()
    },
    { scope: 'worker' },
  ],
  fleet: async ({ page, app }, use) => {
    const fleet = new FleetPage(page)
    await fleet.open(app.url)
    await use(fleet)
  },
})

export { expect } from '@playwright/test'
