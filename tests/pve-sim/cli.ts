// `npm run sim -- --scenario three-sites|large [--guests N] [--seed N] [--tick-ms N] [--control-port N]
//   [--auth-failure-delay-ms N]` (PVE waits 3000 ms before a 401; the default 0 keeps tests fast)
// Prints exactly one line on stdout, the ready line (JSON), then runs until SIGTERM or SIGINT.
// Everything else goes to stderr, so a parent process can read stdout line by line.

import { parseArgs } from 'node:util'

import { startSimulator } from './index'
import type { SimOptions } from './types'

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer`)
  return parsed
}

function parseOptions(argv: readonly string[]): SimOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      scenario: { type: 'string', default: 'three-sites' },
      seed: { type: 'string' },
      'tick-ms': { type: 'string' },
      'control-port': { type: 'string' },
      guests: { type: 'string' },
      'auth-failure-delay-ms': { type: 'string' },
    },
  })
  const tickMs = integer('tick-ms', values['tick-ms'])
  return {
    scenario: values.scenario as SimOptions['scenario'],
    seed: integer('seed', values.seed),
    // --tick-ms 0 means no automatic changes.
    tickMs: tickMs === 0 ? null : tickMs,
    controlPort: integer('control-port', values['control-port']),
    guests: integer('guests', values.guests),
    authFailureDelayMs: integer('auth-failure-delay-ms', values['auth-failure-delay-ms']),
  }
}

async function main(): Promise<void> {
  const sim = await startSimulator(parseOptions(process.argv.slice(2)))
  process.stdout.write(`${JSON.stringify(sim.info)}\n`)
  process.stderr.write(`pve-sim: ready, control API at ${sim.info.control}\n`)
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    process.stderr.write(`pve-sim: ${signal}, shutting down\n`)
    sim.dispose().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`pve-sim: dispose failed: ${String(err)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => {
    stop('SIGTERM')
  })
  process.on('SIGINT', () => {
    stop('SIGINT')
  })
}

main().catch((err: unknown) => {
  process.stderr.write(`pve-sim: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
