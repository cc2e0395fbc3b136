import type { CliContext, CliIo } from '../../src/cli/context'
import { runCli } from '../../src/cli/main'
import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import { emptySettings } from '../../src/main/platform/settings-schema'
import { MemoryVault } from '../../src/main/secrets/vault'
import type { Simulator } from '../pve-sim'
import type { SimulatorFleet } from '../support/simulator-fleet'

/**
 * `pvedesk …` of the action commands against the simulator, run by `runCli` itself (parsing, dispatch, errors
 * and exit statuses as the executable has them) over settings and secrets held in memory: the keychain path is
 * the vault's and cli-env's business (permissions-cli.test.ts runs the same commands through it).
 */

export interface DeskCluster {
  /** The cluster as configured (an id of the simulator's, or a second id for the same cluster). */
  config: ClusterConfig
  password: string
}

export interface DeskRun {
  code: number
  out: string
  err: string
  lines: string[]
}

export interface DeskOptions {
  /** The terminal's answer to a yes/no question (absent: no terminal). */
  confirm?: (question: string) => Promise<boolean>
  signal?: AbortSignal
  /** Called with each line the command prints on stdout, as it prints it. */
  onOut?: (line: string) => void
  /** Advance the simulated clock by this many seconds every 20 ms while the command runs (tasks end sooner). */
  pushClock?: number
}

/** The simulator's clusters as root@pam, some read-only, and extra ones (another user on the same cluster). */
export function deskClusters(
  fleet: SimulatorFleet,
  { readOnly = [], extra = [] }: { readOnly?: string[]; extra?: DeskCluster[] } = {},
): DeskCluster[] {
  return [
    ...fleet.configs.map((config) => ({
      config: { ...config, readOnly: readOnly.includes(config.id) },
      password: fleet.sim.info.clusters.find((c) => c.id === config.id)?.login.password ?? '',
    })),
    ...extra,
  ]
}

/** A second configuration of a simulator cluster, logging in as another user. */
export function asUser(fleet: SimulatorFleet, clusterId: string, id: string, username: string): DeskCluster {
  const info = fleet.sim.info.clusters.find((c) => c.id === clusterId)
  const user = info?.users.find((u) => u.username === username)
  if (user === undefined) throw new Error(`no ${username} on ${clusterId}`)
  return {
    config: { ...fleet.config(clusterId), id, name: id, auth: { kind: 'password', username } },
    password: user.password,
  }
}

export async function desk(
  clusters: readonly DeskCluster[],
  args: string[],
  options: DeskOptions & { sim?: Simulator } = {},
): Promise<DeskRun> {
  const vault = new MemoryVault()
  for (const c of clusters) await vault.set(c.config, c.password)
  const lines: string[] = []
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    out: (l) => {
      out.push(l)
      lines.push(l)
      options.onOut?.(l)
    },
    err: (l) => {
      err.push(l)
      lines.push(l)
    },
    stdin: () => Promise.resolve(''),
    followIntervalMs: 25,
    ...(options.confirm === undefined ? {} : { confirm: options.confirm }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  }
  // The commands read the settings, the vault and the lines only: the file store and catalog stay out.
  const context = (): Promise<CliContext> =>
    Promise.resolve({
      ...io,
      settings: { ...emptySettings(), clusters: clusters.map((c) => c.config), timeoutMs: 5_000 },
      vault,
    } as unknown as CliContext)
  const { sim, pushClock } = options
  const timer =
    sim === undefined || pushClock === undefined
      ? undefined
      : setInterval(() => sim.advanceClock(pushClock), 20)
  try {
    const code = await runCli(args, io, context)
    return { code, out: out.join('\n'), err: err.join('\n'), lines }
  } finally {
    clearInterval(timer)
  }
}
