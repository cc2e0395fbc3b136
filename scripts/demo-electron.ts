// The demo's Electron entry (built beside src/main/index.ts as out/main/demo-electron.js, left out of the
// package by electron-builder.ts): the same Electron app as the shipped one, composed for the demo — memory
// vault, seed on stdin with --seed-stdin, throw-away PVEDESK_HOME (scripts/demo-services.ts). `npm run demo`
// and tests/e2e/electron.spec.ts start it with `electron out/main/demo-electron.js`.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { runElectronApp } from '../src/main/app/electron-app'
import { seedFromArgs, startDemoServices } from './demo-services'

// Started as a file rather than as the app folder, Electron reports its own version: report ours.
const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
  version: string
}

runElectronApp({
  compose: async (info, electron) =>
    startDemoServices({ ...info, version }, await seedFromArgs(process.argv), electron),
  rendererDir: join(__dirname, '../renderer'),
  preload: join(__dirname, '../preload/index.js'),
})
