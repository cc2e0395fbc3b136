// The demo's browser host (run by `npm run demo -- --web`, the end-to-end tests and the UI benchmark): the real
// main services composed for the demo (scripts/demo-services.ts: memory vault, seed on stdin with --seed-stdin,
// throw-away PVEDESK_HOME), served by the real browser host; `--inventory FILE` lists an inventory snapshot file. `PVEDESK_LOCALE` sets the locale it reports.
// Prints one JSON line `{"ready":true,"url":…}` when ready; stops on SIGTERM or SIGINT.
import { browserAppInfo, inventoryFilesOption, portOption, serveInBrowser } from '../src/main/host/serve'
import { seedFromArgs, startDemoServices } from './demo-services'

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const port = portOption(argv)
  const locale = process.env.PVEDESK_LOCALE ?? Intl.DateTimeFormat().resolvedOptions().locale
  const services = await startDemoServices(browserAppInfo(locale), await seedFromArgs(argv), {
    inventoryFiles: inventoryFilesOption(argv),
  })
  await serveInBrowser(services, port)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
