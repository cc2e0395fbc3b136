import { join } from 'node:path'

import { app } from 'electron'

import { devRendererUrl } from './app/origins'
import { runElectronApp } from './app/electron-app'
import { startMain } from './bootstrap'

/**
 * The Electron entry of the shipped app: the OS keychain, the user's own settings, nothing read from standard
 * input. The demo and the tests use their own entry (scripts/demo-electron.ts). Only an unpackaged build may
 * load the renderer from electron-vite's development server.
 */
const devUrl = devRendererUrl(process.env.ELECTRON_RENDERER_URL, app.isPackaged)

runElectronApp({
  compose: startMain,
  rendererDir: join(__dirname, '../renderer'),
  preload: join(__dirname, '../preload/index.js'),
  ...(devUrl === undefined ? {} : { devUrl }),
})
