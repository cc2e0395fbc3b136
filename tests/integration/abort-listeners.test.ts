import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { ClusterRegistry } from '../../src/main/clusters/cluster-registry'
import type { Simulator } from '../pve-sim'
import { startSimulator } from '../pve-sim'
import { simFleet } from '../support/sim-fleet'

// Issue 7: with the large scenario (five clusters of eight nodes) Node printed
// `MaxListenersExceededWarning: 11 abort listeners` as each connection checked its endpoints and read its nodes'
// run states in parallel under one signal.

let sim: Simulator
const warnings: Error[] = []
const onWarning = (warning: Error): void => {
  warnings.push(warning)
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'large', guests: 200, tickMs: null })
  process.on('warning', onWarning)
})
afterAll(async () => {
  process.off('warning', onWarning)
  await sim.dispose()
})

describe('a fleet of eight-node clusters', () => {
  it('is polled, endpoint-checked and run-state-read without an abort-listener warning', async () => {
    const { configs, credentials } = simFleet(sim.info)
    expect(Math.min(...configs.map((c) => c.endpoints.length))).toBeGreaterThan(10 / 2)
    const registry = new ClusterRegistry(credentials, {
      pollIntervalMs: 100,
      timeoutMs: 5_000,
      backoff: { baseMs: 100, maxMs: 400 },
      runStateIntervalMs: 100,
    })
    try {
      for (const config of configs) registry.add(config)
      await vi.waitFor(() => expect(registry.list().every((c) => c.status.state === 'online')).toBe(true), {
        timeout: 20_000,
        interval: 50,
      })
      // Several rounds of polls, endpoint checks and run-state reads, all in parallel per cluster.
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      await new Promise((resolve) => setImmediate(resolve))
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual(
        [],
      )
    } finally {
      registry.dispose()
    }
  })
})
