import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

import type { SimClusterInfo } from '../pve-sim'

/** `npm run demo -- --web` running: the simulator and a seeded browser host. */
export interface WebDemo {
  child: ChildProcess
  /** The browser host's URL with its per-run token. */
  url: string
  /** The simulator's control API. */
  control: string
  /** The simulator's clusters: endpoints, fingerprints, logins. */
  simulator: SimClusterInfo[]
  /** Stops the demo and waits until it exited. */
  stop: () => Promise<void>
}

/**
 * Starts the demo on the built app (`--no-build`) with no random live changes (`--tick-ms 0`), the host reporting
 * `locale`, and `args` after those; resolves on its JSON ready line.
 */
export async function startWebDemo(locale: string, args: string[]): Promise<WebDemo> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/demo.ts', '--web', '--no-build', '--tick-ms', '0', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PVEDESK_LOCALE: locale } },
  )
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    child.once('exit', (code) => {
      reject(new Error(`the demo exited with ${String(code)}`))
    })
  })
  const ready = JSON.parse(line) as { url: string; control: string; simulator: SimClusterInfo[] }
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  return { child, url: ready.url, control: ready.control, simulator: ready.simulator, stop }
}
