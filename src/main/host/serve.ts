import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import type { AppInfo } from '../../shared/ipc/contract'
import { DisposableStore } from '../../shared/lifecycle'
import type { MainServices } from '../services'
import { bundleBrowserBridge } from './bridge-bundle'
import { startBrowserHost } from './browser-host'

const fromRoot = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url))

/** What the browser host tells the renderer about itself (`app:info`): our version, the given locale. */
export function browserAppInfo(locale: string): AppInfo {
  const { version } = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }
  return { version, locale, host: 'browser' }
}

/**
 * Serves main services to a browser: the built renderer (`out/renderer`) and the bridge on 127.0.0.1, one JSON
 * line `{"ready":true,"url":…}` on stdout once listening, and a clean stop on SIGTERM or SIGINT. Shared by the
 * production entry (host/main.ts) and the demo's (scripts/demo-host.ts); how the services are composed is theirs.
 */
export async function serveInBrowser(services: MainServices, port: number): Promise<void> {
  const host = await startBrowserHost({
    router: services.router,
    rendererDir: fromRoot('out/renderer'),
    bridgeScript: await bundleBrowserBridge(),
    port,
  })
  // Released in reverse: the host stops serving before the services behind it go.
  const lifetime = new DisposableStore()
  lifetime.add(services)
  lifetime.add(host)
  process.stdout.write(`${JSON.stringify({ ready: true, url: host.url })}\n`)
  const stop = (): void => {
    lifetime.dispose()
    process.exit(0)
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

/** `--port N` (0, the default, picks a free port). */
export function portOption(argv: readonly string[]): number {
  const i = argv.indexOf('--port')
  const port = i >= 0 ? Number(argv[i + 1]) : 0
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('--port must be 0..65535')
  return port
}

/** `--inventory FILE`, as often as given: inventory snapshot files listed at start (as `argument` files). */
export function inventoryFilesOption(argv: readonly string[]): string[] {
  const files: string[] = []
  argv.forEach((arg, i) => {
    if (arg !== '--inventory') return
    const file = argv[i + 1]
    if (file === undefined || file.startsWith('--')) throw new Error('--inventory needs a file')
    files.push(file)
  })
  return files
}
