import { BrowserWindow, session, shell } from 'electron'

import type { AppUrlCheck } from './origins'
import { isPermissionGranted } from './permission-policy'
import { APP_ORIGIN, contentSecurityPolicy } from './security'

/** Every window of ours runs with these (a detached console window too): nothing of Node in the renderer. */
export const SECURE_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webviewTag: false,
  webSecurity: true,
  spellcheck: false,
} as const

/**
 * The main window, hardened from day one (DESIGN.md rule 3): context isolation, sandbox, no Node in the
 * renderer, a strict CSP, navigation and new windows denied, every permission request denied but full screen.
 */
export function createMainWindow(preload: string, rendererUrl: string | undefined): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'PVE Desk',
    webPreferences: { ...SECURE_PREFERENCES, preload },
  })
  const contents = window.webContents
  contents.setWindowOpenHandler(({ url }) => {
    // External documentation links open in the system browser; nothing opens inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  window.once('ready-to-show', () => {
    window.show()
  })
  void window.loadURL(rendererUrl ?? `${APP_ORIGIN}/index.html`)
  return window
}

/**
 * Applies the session-wide rules: deny every permission but full screen for our own pages (see
 * permission-policy.ts), add the CSP header to every response of ours.
 */
export function hardenSession(isAppUrl: AppUrlCheck): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl || contents.getURL(), isAppUrl))
  })
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, isAppUrl),
  )
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] },
    })
  })
}
