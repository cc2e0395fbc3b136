import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

import { startMain } from '../bootstrap'
import { bundleBrowserBridge } from './bridge-bundle'
import { startBrowserHost } from './browser-host'

/**
 * `npm run web` / the demo's fallback: the real main services under plain Node, the real renderer served to a
 * browser. Takes an optional seed on stdin (see platform/seed.ts) and prints one JSON line `{"url": …}` when ready.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const portArg = args.indexOf('--port')
  const port = portArg >= 0 ? Number(args[portArg + 1]) : 0
  const services = await startMain({
    version: (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }).version,
    locale: process.env.PVEDESK_LOCALE ?? Intl.DateTimeFormat().resolvedOptions().locale,
    host: 'browser',
  })
  const host = await startBrowserHost({
    router: services.router,
    rendererDir: resolve(process.env.PVEDESK_RENDERER_DIR ?? 'out/renderer'),
    bridgeScript: await bundleBrowserBridge(),
    port,
  })
  process.stdout.write(`${JSON.stringify({ ready: true, url: host.url })}\n`)
  const stop = (): void => {
    host.dispose()
    services.dispose()
    process.exit(0)
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
