import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, vi } from 'vitest'

import { runCli } from '../../src/cli/main'
import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import type { SimClusterInfo, Simulator } from '../pve-sim'
import { startSimulator } from '../pve-sim'
import { simFleet } from './sim-fleet'

/**
 * Whether a Secret Service answers (the CLI keeps its secrets in the OS keychain): scripts/with-keyring.sh runs
 * gnome-keyring in a private D-Bus session. Without one a suite is skipped locally; in CI, where it must run, this
 * throws.
 */
export function secretServiceAvailable(): boolean {
  const hasBus = process.env.DBUS_SESSION_BUS_ADDRESS !== undefined
  if (!hasBus && process.env.CI === 'true')
    throw new Error('no D-Bus session: run the tests under scripts/with-keyring.sh')
  return hasBus
}

export interface CliRun {
  code: number
  out: string
  err: string
}

/**
 * `pvedesk <args>` in this process, `stdin` on its standard input. With `home`, PVEDESK_HOME is that folder for this
 * call only (every env stub is undone after it); without, whatever the test stubbed. With `keep`, what it printed
 * (stdout lines, then stderr lines) is appended there too.
 */
export async function runPvedesk(
  args: string[],
  { stdin = '', home, keep }: { stdin?: string; home?: string; keep?: string[] } = {},
): Promise<CliRun> {
  if (home !== undefined) vi.stubEnv('PVEDESK_HOME', home)
  const out: string[] = []
  const err: string[] = []
  try {
    const code = await runCli(args, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      stdin: () => Promise.resolve(stdin),
    })
    keep?.push(...out, ...err)
    return { code, out: out.join('\n'), err: err.join('\n') }
  } finally {
    if (home !== undefined) vi.unstubAllEnvs()
  }
}

/** A fresh PVEDESK_HOME (folder name starting `prefix`) whose settings.json holds these timings and clusters. */
export function settingsHome(
  prefix: string,
  settings: { pollIntervalMs: number; timeoutMs: number; clusters?: ClusterConfig[] },
): string {
  const home = mkdtempSync(join(tmpdir(), prefix))
  writeFileSync(
    join(home, 'settings.json'),
    JSON.stringify({ schemaVersion: 1, ...settings, clusters: settings.clusters ?? [] }),
  )
  return home
}

/** The simulator's cluster `id`: as PVE Desk configures it, and as the simulator describes it (users, passwords). */
export function simCluster(sim: Simulator, id: string): { config: ClusterConfig; info: SimClusterInfo } {
  const config = simFleet(sim.info).configs.find((c) => c.id === id)
  const info = sim.info.clusters.find((c) => c.id === id)
  if (config === undefined || info === undefined) throw new Error(`no ${id}`)
  return { config, info }
}

/**
 * The simulator's three sites for the enclosing test file or `describe`, started once and stopped after it, and
 * its standalone DR cluster yakro-pve1 as PVE Desk configures it, with root's password. Read inside tests.
 */
export function useYakroSimulator(): {
  readonly sim: Simulator
  readonly yakro: ClusterConfig
  readonly password: string
} {
  let sim: Simulator | undefined
  let cluster: { config: ClusterConfig; info: SimClusterInfo } | undefined
  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'three-sites', tickMs: null })
    cluster = simCluster(sim, 'yakro-pve1')
  })
  afterAll(async () => {
    await sim?.dispose()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the simulator starts in beforeAll: read it inside a test')
    return value
  }
  return {
    get sim() {
      return started(sim)
    },
    get yakro() {
      return started(cluster).config
    },
    get password() {
      return started(cluster).info.login.password
    },
  }
}
