import { afterAll, afterEach, beforeAll } from 'vitest'

import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import type { ConnectionOptions } from '../../src/main/clusters/cluster-connection'
import { ClusterConnection } from '../../src/main/clusters/cluster-connection'
import { DisposableStore } from '../../src/shared/lifecycle'
import type { ClusterStatus, FleetDelta } from '../../src/shared/model/fleet'
import type { SimOptions, Simulator } from '../pve-sim'
import { startSimulator } from '../pve-sim'
import { simFleet } from './sim-fleet'

type FleetCredentials = ReturnType<typeof simFleet>['credentials']

/** One simulator for a test file, its clusters as PVE Desk configures them, and what each test must dispose. */
export interface SimulatorFleet {
  readonly sim: Simulator
  readonly configs: ClusterConfig[]
  readonly credentials: FleetCredentials
  /** The configured cluster `id`; throws if the scenario has none. */
  config(id: string): ClusterConfig
  /** Emptied after every test, before the simulator is put back. */
  readonly disposables: DisposableStore
  /** A started connection to `config` with the fleet's credentials, disposed after the test, and what it emitted. */
  connect(config: ClusterConfig, options: ConnectionOptions): WatchedConnection
}

export interface WatchedConnection {
  connection: ClusterConnection
  deltas: FleetDelta[]
  statuses: ClusterStatus[]
}

/**
 * Registers the vitest hooks that start the simulator before the file, stop it after, and after each test dispose
 * what the test added to `disposables` then run `resetAfterEach` (by default `sim.reset()`). Call at module scope.
 */
export function useSimulatorFleet(
  options: SimOptions,
  resetAfterEach: (sim: Simulator) => Promise<void> = (sim) => sim.reset(),
): SimulatorFleet {
  let sim: Simulator | undefined
  let fleet: ReturnType<typeof simFleet> | undefined
  const disposables = new DisposableStore()
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the simulator is not started: use the fleet inside a test')
    return value
  }

  beforeAll(async () => {
    sim = await startSimulator(options)
    fleet = simFleet(sim.info)
  })
  afterAll(async () => {
    disposables.dispose()
    await sim?.dispose()
  })
  afterEach(async () => {
    disposables.clear()
    await resetAfterEach(started(sim))
  })

  return {
    get sim() {
      return started(sim)
    },
    get configs() {
      return started(fleet).configs
    },
    get credentials() {
      return started(fleet).credentials
    },
    config(id) {
      const found = started(fleet).configs.find((c) => c.id === id)
      if (found === undefined) throw new Error(`no cluster ${id} in the simulator`)
      return found
    },
    disposables,
    connect(config, options) {
      const connection = disposables.add(new ClusterConnection(config, started(fleet).credentials, options))
      const deltas: FleetDelta[] = []
      const statuses: ClusterStatus[] = []
      connection.onDelta((d) => deltas.push(d))
      connection.onStatus((s) => statuses.push(s))
      connection.start()
      return { connection, deltas, statuses }
    },
  }
}
