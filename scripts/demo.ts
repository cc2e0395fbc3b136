// `npm run demo`: a simulated fleet and PVE Desk configured with its clusters.
// Starts the PVE simulator, builds the app, then opens it in Electron when an Electron binary is available,
// otherwise serves it through the browser host and prints one JSON line with its "url". Either way PVE Desk runs
// the demo's composition (scripts/demo-services.ts): a throw-away home, a vault in memory, the seed on stdin.
// Flags: --web (force the browser host), --scenario three-sites|large (default three-sites; large: 5 clusters,
// 40 nodes), --guests N (large only; default 10,000), --tick-ms N (simulator live changes; 0 = none),
// --port N, --poll-ms N, --timeout-ms N, --no-build (reuse out/), --clusters a,b (seed only these simulator
// clusters; 'none' for an empty start), --inventory FILE (list an inventory snapshot file at start; repeatable).
// Inventory snapshots taken in the demo go to <its throw-away home>/inventory-snapshots/ (the JSON line's
// "inventoryFolder"), signed by a key held in memory.
import type { ChildProcess } from 'node:child_process'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

import type { ReadyLine } from '../tests/pve-sim'
import { demoSeed } from './demo-fleet'
import { electronBinary } from './electron-path'

const args = process.argv.slice(2)
const flag = (name: string): boolean => args.includes(name)
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name)
  return args[i + 1] !== undefined && i >= 0 ? (args[i + 1] ?? fallback) : fallback
}
const log = (message: string): void => {
  process.stderr.write(`[demo] ${message}\n`)
}
const children: ChildProcess[] = []

function firstJsonLine<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    if (child.stdout === null) {
      reject(new Error(`${what} has no stdout`))
      return
    }
    createInterface({ input: child.stdout }).once('line', (line) => {
      try {
        resolve(JSON.parse(line) as T)
      } catch {
        reject(new Error(`${what} printed something that is not its JSON ready line: ${line}`))
      }
    })
    child.once('exit', (code) => {
      reject(new Error(`${what} exited with code ${String(code)} before it was ready`))
    })
  })
}

let stopping = false
/** A function, not the variable: a signal can set it during any await of main(). */
const stopped = (): boolean => stopping
function stopAll(code: number): void {
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  process.exitCode = code
}

/** The simulator's arguments: `--scenario three-sites|large [--guests N]` and `--tick-ms N`. */
function simulatorArgs(): string[] {
  const scenario = option('--scenario', 'three-sites')
  if (scenario !== 'three-sites' && scenario !== 'large')
    throw new Error(`--scenario must be three-sites or large, not ${scenario}`)
  const guests = option('--guests', '')
  if (guests !== '' && scenario !== 'large') throw new Error('--guests goes with --scenario large')
  if (guests !== '' && !/^[1-9][0-9]*$/.test(guests)) throw new Error('--guests must be a positive integer')
  const tick = option('--tick-ms', '3000')
  return ['--scenario', scenario, '--tick-ms', tick, ...(guests === '' ? [] : ['--guests', guests])]
}

async function main(): Promise<void> {
  process.once('SIGINT', () => {
    stopAll(0)
  })
  process.once('SIGTERM', () => {
    stopAll(0)
  })
  const simArgs = simulatorArgs()
  if (!flag('--no-build')) {
    log('building the app (electron-vite build)…')
    const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
    if (build.status !== 0) throw new Error('the build failed')
  }
  if (stopped()) return
  const sim = spawn(process.execPath, ['--import', 'tsx', 'tests/pve-sim/cli.ts', ...simArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(sim)
  const ready = await firstJsonLine<ReadyLine>(sim, 'the simulator')
  log(`simulator ready: ${ready.clusters.map((c) => c.id).join(', ')}`)
  if (stopped()) return
  const only = option('--clusters', 'all')
  const all = demoSeed(ready, Number(option('--poll-ms', '2000')), Number(option('--timeout-ms', '5000')))
  const electron = flag('--web') ? undefined : electronBinary()
  // The demo's settings are throw-away: a fresh home folder, which the demo's composition requires (and it keeps
  // secrets in memory: the simulator's passwords have no business in the operator's keychain).
  const home = mkdtempSync(join(tmpdir(), 'pvedesk-demo-'))
  process.once('exit', () => {
    rmSync(home, { recursive: true, force: true })
  })
  const env = { ...process.env, PVEDESK_HOME: home }
  const inventoryFiles = args.flatMap((arg, i) =>
    arg === '--inventory' && args[i + 1] !== undefined ? [resolve(args[i + 1] as string)] : [],
  )
  const inventoryFolder = join(home, 'inventory-snapshots')
  const app = electron
    ? spawn(electron, ['out/main/demo-electron.js', '--no-sandbox', '--seed-stdin', ...inventoryFiles], {
        stdio: ['pipe', 'inherit', 'inherit'],
        env,
      })
    : spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/demo-host.ts',
          '--seed-stdin',
          '--port',
          option('--port', '0'),
          ...inventoryFiles.flatMap((file) => ['--inventory', file]),
        ],
        { stdio: ['pipe', 'pipe', 'inherit'], env },
      )
  children.push(app)
  const seed =
    only === 'all' ? all : { ...all, clusters: all.clusters.filter((c) => only.split(',').includes(c.id)) }
  app.stdin.end(JSON.stringify(seed)) // credentials go through a pipe only: never a file, never argv
  for (const child of children) child.once('exit', () => stopAll(child.exitCode ?? 0))
  if (electron !== undefined) {
    log('PVE Desk is running in Electron')
    const line = { ready: true, host: 'electron', control: ready.control, inventoryFolder }
    process.stdout.write(`${JSON.stringify(line)}\n`)
    return
  }
  const host = await firstJsonLine<{ url: string }>(app, 'the browser host')
  log(`no Electron binary here: open ${host.url} in a browser`)
  // The simulator's clusters (endpoints, fingerprints, demo logins) ride along for scripts and tests.
  const line = {
    ready: true,
    host: 'browser',
    url: host.url,
    control: ready.control,
    simulator: ready.clusters,
    inventoryFolder,
  }
  process.stdout.write(`${JSON.stringify(line)}\n`)
}

main().catch((error: unknown) => {
  if (stopping) return // stopped while starting: the children's exits are not failures
  log(error instanceof Error ? error.message : String(error))
  stopAll(1)
})
