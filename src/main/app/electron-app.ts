import type { BrowserWindow } from 'electron'
import { app, shell } from 'electron'

import type { AppInfo } from '../../shared/ipc/contract'
import { DisposableStore } from '../../shared/lifecycle'
import { ElectronTransport } from '../ipc/electron-transport'
import type { MainOptions, MainServices } from '../services'
import { isConsoleWindowUrl } from './console-window'
import { inventoryFilesFromArgv, inventoryFilesOfLaunch } from './inventory-argv'
import { electronInventoryDialogs } from './inventory-dialogs'
import { notifyCaptureFinished } from './inventory-notification'
import { notifyTaskEnded } from './task-notification'
import { notifyDrAlert } from './dr-notification'
import { appUrlCheck } from './origins'
import { registerAppScheme, serveRenderer } from './protocol'
import { createMainWindow, hardenSession, SECURE_PREFERENCES } from './window'

export interface ElectronAppOptions {
  /**
   * Builds the main services: the production start-up, or the demo's composition (scripts/demo-electron.ts),
   * with what only Electron has (dialogs, notifications, the files named on its command line).
   */
  compose(info: AppInfo, electron: ElectronMainOptions): Promise<MainServices>
  /** The built renderer (`out/renderer`) and preload (`out/preload/index.js`), resolved by the entry. */
  rendererDir: string
  preload: string
  /** A development server to load instead of `app://pvedesk` (unpackaged builds only; see origins.ts). */
  devUrl?: string
}

/** What Electron adds to the main services. */
export type ElectronMainOptions = Required<
  Pick<MainOptions, 'dialogs' | 'notify' | 'inventoryFiles' | 'notifyTask' | 'notifyDr'>
>

/**
 * One Electron app around main services: single instance, our `app://` scheme, a hardened session and window,
 * and IPC accepted only from frames at our exact origin. The entries differ only in how they compose services.
 */
export function runElectronApp(options: ElectronAppOptions): void {
  if (!app.requestSingleInstanceLock()) {
    // The running instance gets this launch's files (second-instance below).
    app.quit()
    return
  }
  registerAppScheme()
  const store = new DisposableStore()
  let services: MainServices | undefined
  let window: BrowserWindow | undefined
  // Files named before the services run (macOS's open-file can come before ready) wait here.
  const pending: string[] = []
  const named = (files: string[]): void => {
    if (services === undefined) pending.push(...files)
    else services.inventory.addArgumentFiles(files)
  }
  // The renderer lists them with the files it lists next (the files panel reads them each time it opens).
  app.on('second-instance', (_event, argv, workingDirectory) => {
    named(inventoryFilesOfLaunch(argv, workingDirectory))
    if (window !== undefined && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })
  // macOS: a file opened with PVE Desk (Finder, `open -a`) comes as an event, not in argv.
  app.on('open-file', (event, path) => {
    event.preventDefault()
    if (path.toLowerCase().endsWith('.zip')) named([path])
  })

  async function main(): Promise<void> {
    await app.whenReady()
    const locale = app.getLocale()
    services = store.add(
      await options.compose(
        { version: app.getVersion(), locale, host: 'electron' },
        {
          dialogs: electronInventoryDialogs(),
          notify: notifyCaptureFinished(locale),
          notifyTask: notifyTaskEnded(locale),
          notifyDr: notifyDrAlert(locale),
          inventoryFiles: inventoryFilesFromArgv(process.argv),
        },
      ),
    )
    serveRenderer(options.rendererDir)
    const isAppUrl = appUrlCheck(options.devUrl)
    hardenSession(isAppUrl)
    const transport = store.add(new ElectronTransport(services.router, isAppUrl))
    services.inventory.addArgumentFiles(pending.splice(0))
    window = createMainWindow(options.preload, options.devUrl)
    transport.trust(window.webContents)
    allowConsoleWindows(window, options.preload, transport)
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

/** Denies every new window, sending https links to the system browser (as window.ts does for the main one). */
function denyWindows(contents: Electron.WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
}

/**
 * Lets the main window open one kind of window: a detached console (`#console=<id>` on its own page), with
 * the same secure preferences and preload, trusted by the IPC transport like the main window. Everything else
 * stays denied, and a console window itself opens nothing and navigates nowhere.
 */
function allowConsoleWindows(
  parent: BrowserWindow,
  preload: string,
  transport: { trust(contents: Electron.WebContents): void },
): void {
  const contents = parent.webContents
  contents.setWindowOpenHandler(({ url }) => {
    if (isConsoleWindowUrl(url, contents.getURL())) {
      return {
        action: 'allow',
        overrideBrowserWindowOptions: {
          width: 1024,
          height: 720,
          minWidth: 480,
          minHeight: 320,
          title: 'PVE Desk',
          autoHideMenuBar: true,
          webPreferences: { ...SECURE_PREFERENCES, preload },
        },
      }
    }
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('did-create-window', (child) => {
    // A detached console goes with the main window: none is left running where no window leads back to it.
    parent.once('closed', () => {
      if (!child.isDestroyed()) child.close()
    })
    const childContents = child.webContents
    transport.trust(childContents)
    denyWindows(childContents)
    childContents.on('will-navigate', (event) => {
      event.preventDefault()
    })
    childContents.on('will-attach-webview', (event) => {
      event.preventDefault()
    })
  })
}
