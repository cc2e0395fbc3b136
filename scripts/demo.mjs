#!/usr/bin/env node
// `npm run demo`: the simulated three-site fleet and PVE Desk configured with its clusters.
// Starts the PVE simulator, builds the app, then opens it in Electron when an Electron binary is available,
// otherwise serves it through the browser host and prints one JSON line with its "url".
// Flags: --web (force the browser host), --tick-ms N (simulator live-change period; 0 = none), --port N.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'

const args = process.argv.slice(2)
const flag = (name) => args.includes(name)
const option = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback
}
const log = (message) => process.stderr.write(`[demo] ${message}\n`)
const children = []

function firstJsonLine(child, what) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line))
      } catch {
        reject(new Error(`${what} printed something that is not its JSON ready line: ${line}`))
      }
    })
    child.once('exit', (code) => reject(new Error(`${what} exited with code ${code} before it was ready`)))
  })
}

function electronBinary() {
  if (flag('--web')) return undefined
  try {
    const path = createRequire(import.meta.url)('electron')
    return typeof path === 'string' && existsSync(path) ? path : undefined
  } catch {
    return undefined // the npm package is there, its binary is not (it cannot be downloaded on every machine)
  }
}

function launchConfig(ready) {
  return {
    clusters: ready.clusters.map((cluster) => ({
      id: cluster.id,
      name: cluster.name,
      endpoints: cluster.endpoints.map(({ url, fingerprint, node }) => ({ url, fingerprint, node })),
      sites: Object.fromEntries(cluster.endpoints.map(({ node, site }) => [node, site])),
      defaultSite: cluster.endpoints[0]?.site ?? cluster.name,
      credential: { kind: 'password', ...cluster.login },
    })),
    pollIntervalMs: Number(option('--poll-ms', '2000')),
    timeoutMs: Number(option('--timeout-ms', '5000')),
  }
}

function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  process.exitCode = code
}
process.once('SIGINT', () => stopAll(0))
process.once('SIGTERM', () => stopAll(0))

async function main() {
  if (!flag('--no-build')) {
    log('building the app (electron-vite build)…')
    const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
    if (build.status !== 0) throw new Error('the build failed')
  }
  const tick = option('--tick-ms', '3000')
  const sim = spawn('npx', ['tsx', 'tests/pve-sim/cli.ts', '--scenario', 'three-sites', '--tick-ms', tick], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(sim)
  const ready = await firstJsonLine(sim, 'the simulator')
  log(`simulator ready: ${ready.clusters.map((c) => c.id).join(', ')}`)
  const config = JSON.stringify(launchConfig(ready))
  const electron = electronBinary()
  const app = electron
    ? spawn(electron, ['.', '--no-sandbox'], { stdio: ['pipe', 'inherit', 'inherit'] })
    : spawn('npx', ['tsx', 'src/main/host/main.ts', '--port', option('--port', '0')], {
        stdio: ['pipe', 'pipe', 'inherit'],
      })
  children.push(app)
  app.stdin.end(config) // credentials go through a pipe only: never a file, never the command line
  for (const child of children) child.once('exit', () => stopAll(child.exitCode ?? 0))
  if (electron) {
    log('PVE Desk is running in Electron')
    process.stdout.write(`${JSON.stringify({ ready: true, host: 'electron', control: ready.control })}\n`)
    return
  }
  const host = await firstJsonLine(app, 'the browser host')
  log(`no Electron binary here: open ${host.url} in a browser`)
  process.stdout.write(
    `${JSON.stringify({ ready: true, host: 'browser', url: host.url, control: ready.control })}\n`,
  )
}

main().catch((error) => {
  log(error.message)
  stopAll(1)
})
