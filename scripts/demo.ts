// `npm run demo`: the simulated three-site fleet and PVE Desk configured with its clusters.
// Starts the PVE simulator, builds the app, then opens it in Electron when an Electron binary is available,
// otherwise serves it through the browser host and prints one JSON line with its "url".
// Flags: --web (force the browser host), --tick-ms N (simulator live changes; 0 = none), --port N, --poll-ms N,
// --no-build (reuse out/), --clusters a,b (seed only these simulator clusters; 'none' for an empty start).
import type { ChildProcess } from 'node:child_process'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

function stopAll(code: number): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  process.exitCode = code
}

async function main(): Promise<void> {
  process.once('SIGINT', () => {
    stopAll(0)
  })
  process.once('SIGTERM', () => {
    stopAll(0)
  })
  if (!flag('--no-build')) {
    log('building the app (electron-vite build)…')
    const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
    if (build.status !== 0) throw new Error('the build failed')
  }
  const tick = option('--tick-ms', '3000')
  const sim = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/pve-sim/cli.ts', '--scenario', 'three-sites', '--tick-ms', tick],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  children.push(sim)
  const ready = await firstJsonLine<ReadyLine>(sim, 'the simulator')
  log(`simulator ready: ${ready.clusters.map((c) => c.id).join(', ')}`)
  const only = option('--clusters', 'all')
  const all = demoSeed(ready, Number(option('--poll-ms', '2000')), Number(option('--timeout-ms', '5000')))
  const electron = flag('--web') ? undefined : electronBinary()
  // The demo's settings and secrets are throw-away: a fresh home folder, and a vault in memory (the simulator's
  // passwords have no business in the operator's keychain).
  const env = {
    ...process.env,
    PVEDESK_HOME: mkdtempSync(join(tmpdir(), 'pvedesk-demo-')),
    PVEDESK_VAULT: 'memory',
  }
  const app = electron
    ? spawn(electron, ['.', '--no-sandbox'], { stdio: ['pipe', 'inherit', 'inherit'], env })
    : spawn(process.execPath, ['--import', 'tsx', 'src/main/host/main.ts', '--port', option('--port', '0')], {
        stdio: ['pipe', 'pipe', 'inherit'],
        env,
      })
  children.push(app)
  const seed =
    only === 'all' ? all : { ...all, clusters: all.clusters.filter((c) => only.split(',').includes(c.id)) }
  app.stdin.end(JSON.stringify(seed)) // credentials go through a pipe only: never a file, never argv
  for (const child of children) child.once('exit', () => stopAll(child.exitCode ?? 0))
  if (electron !== undefined) {
    log('PVE Desk is running in Electron')
    process.stdout.write(`${JSON.stringify({ ready: true, host: 'electron', control: ready.control })}\n`)
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
  }
  process.stdout.write(`${JSON.stringify(line)}\n`)
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error))
  stopAll(1)
})
