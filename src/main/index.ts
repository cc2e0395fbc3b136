import { join } from 'node:path'

import { app } from 'electron'

import { DisposableStore } from '../shared/lifecycle'
import { registerAppScheme, serveRenderer } from './app/protocol'
import { APP_ORIGIN } from './app/security'
import { createMainWindow, hardenSession } from './app/window'
import { ElectronTransport } from './ipc/electron-transport'
import { startMain } from './bootstrap'

/**
 * Electron entry: thin on purpose. Everything but windows and IPC binding is the framework-free services of
 * `services.ts`, which the browser host, the CLI and the tests run under plain Node.
 */
if (!app.requestSingleInstanceLock()) app.quit()
registerAppScheme()

const store = new DisposableStore()

async function main(): Promise<void> {
  await app.whenReady()
  const services = store.add(
    await startMain({ version: app.getVersion(), locale: app.getLocale(), host: 'electron' }),
  )
  const devUrl = process.env.ELECTRON_RENDERER_URL
  serveRenderer(join(__dirname, '../renderer'))
  hardenSession()
  const isAppUrl = (url: string): boolean =>
    url.startsWith(`${APP_ORIGIN}/`) || (devUrl !== undefined && url.startsWith(devUrl))
  const transport = store.add(new ElectronTransport(services.router, isAppUrl))
  const window = createMainWindow(devUrl)
  transport.trust(window.webContents)
}

app.on('window-all-closed', () => {
  app.quit()
})
app.on('will-quit', () => {
  store.dispose()
})
main().catch((error: unknown) => {
  console.error(error)
  app.exit(1)
})
