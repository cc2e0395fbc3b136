import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

import { test as base } from '@playwright/test'

import type { SimClusterInfo } from '../pve-sim'
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

/** Starts `npm run demo -- --web` (simulator + browser host) once per worker, with no random live changes. */
async function startDemo(
  locale: string,
  clusters: string,
): Promise<{ child: ChildProcess; url: string; control: string; simulator: SimClusterInfo[] }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/demo.ts',
      '--web',
      '--no-build',
      '--tick-ms',
      '0',
      '--poll-ms',
      '500',
      '--clusters',
      clusters,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PVEDESK_LOCALE: locale } },
  )
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    child.once('exit', (code) => {
      reject(new Error(`the demo exited with ${String(code)}`))
    })
  })
  const ready = JSON.parse(line) as { url: string; control: string; simulator: SimClusterInfo[] }
  return { child, ...ready }
}

export const test = base.extend<{ fleet: FleetPage }, WorkerFixtures>({
  hostLocale: ['fr-FR', { scope: 'worker', option: true }],
  seedClusters: ['all', { scope: 'worker', option: true }],
  app: [
    async ({ hostLocale, seedClusters }, use) => {
      const { child, url, control, simulator } = await startDemo(hostLocale, seedClusters)
      const simulate = async (path: string, body: unknown = {}): Promise<void> => {
        const res = await fetch(`${control}${path}`, { method: 'POST', body: JSON.stringify(body) })
        if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`)
      }
      await use({ url, control, simulator, simulate })
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
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
