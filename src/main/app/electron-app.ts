import { app } from 'electron'

import type { AppInfo } from '../../shared/ipc/contract'
import { DisposableStore } from '../../shared/lifecycle'
import { ElectronTransport } from '../ipc/electron-transport'
import type { MainServices } from '../services'
import { appUrlCheck } from './origins'
import { registerAppScheme, serveRenderer } from './protocol'
import { createMainWindow, hardenSession } from './window'

export interface ElectronAppOptions {
  /** Builds the main services: the production start-up, or the demo's composition (scripts/demo-electron.ts). */
  compose(info: AppInfo): Promise<MainServices>
  /** The built renderer (`out/renderer`) and preload (`out/preload/index.js`), resolved by the entry. */
  rendererDir: string
  preload: string
  /** A development server to load instead of `app://pvedesk` (unpackaged builds only; see origins.ts). */
  devUrl?: string
}

/**
 * One Electron app around main services: single instance, our `app://` scheme, a hardened session and window,
 * and IPC accepted only from frames at our exact origin. The entries differ only in how they compose services.
 */
export function runElectronApp(options: ElectronAppOptions): void {
  if (!app.requestSingleInstanceLock()) app.quit()
  registerAppScheme()
  const store = new DisposableStore()

  async function main(): Promise<void> {
    await app.whenReady()
    const services = store.add(
      await options.compose({ version: app.getVersion(), locale: app.getLocale(), host: 'electron' }),
    )
    serveRenderer(options.rendererDir)
    hardenSession()
    const transport = store.add(new ElectronTransport(services.router, appUrlCheck(options.devUrl)))
    const window = createMainWindow(options.preload, options.devUrl)
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
}
