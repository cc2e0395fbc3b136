import { startMain } from '../bootstrap'
import { browserAppInfo, portOption, serveInBrowser } from './serve'

/**
 * PVE Desk in a browser with the user's own settings and OS keychain (`npm run start:browser`): the same
 * production start-up as Electron, nothing taken from standard input or chosen by the environment. The demo and
 * the tests serve a seeded, throw-away composition through scripts/demo-host.ts instead.
 */
async function main(): Promise<void> {
  const port = portOption(process.argv.slice(2))
  const services = await startMain(browserAppInfo(Intl.DateTimeFormat().resolvedOptions().locale))
  await serveInBrowser(services, port)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
