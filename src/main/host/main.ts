import { startMain } from '../bootstrap'
import { browserAppInfo, inventoryFilesOption, portOption, serveInBrowser } from './serve'

/**
 * PVE Desk in a browser with the user's own settings and OS keychain (`npm run start:browser`, `--port N`,
 * `--inventory FILE`…): the same
 * production start-up as Electron, nothing taken from standard input or chosen by the environment. The demo and
 * the tests serve a seeded, throw-away composition through scripts/demo-host.ts instead.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const port = portOption(argv)
  // No dialogs here: the page uploads what the user chooses, and exports go to <home>/exports/.
  const services = await startMain(browserAppInfo(Intl.DateTimeFormat().resolvedOptions().locale), {
    inventoryFiles: inventoryFilesOption(argv),
  })
  await serveInBrowser(services, port)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
