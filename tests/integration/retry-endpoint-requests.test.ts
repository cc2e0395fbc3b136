import { describe, expect, it, vi } from 'vitest'

import type { ConnectionOptions } from '../../src/main/clusters/cluster-connection'
import { ClusterConnection } from '../../src/main/clusters/cluster-connection'
import { PveClient } from '../../src/main/pve/pve-client'
import { useSimulatorFleet } from '../support/simulator-fleet'

// A renderer that loops on Retry now (cluster:refresh) must not turn it into a storm of logins: each login
// sends the password, and many failed ones can lock the account.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })
/** A clock that does not move: every retry of the loop comes "at once", however slow the machine. */
const frozen = (): (() => number) => {
  const at = Date.now()
  return () => at
}
const loginsSince = (from: number): number =>
  fleet.sim.requests
    .slice(from)
    .filter((r) => r.method === 'POST' && r.path.startsWith('/api2/json/access/ticket')).length
/** Lets sockets, handshakes and the simulator move a little (a fixed number of event-loop turns, no clock). */
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
}

describe('Retry now in a loop', () => {
  it('50 retries while a login hangs send the password at most twice, and the cluster comes online', async () => {
    fleet.sim.setFaults({ hang: true })
    const from = fleet.sim.requests.length
    const options: ConnectionOptions = {
      pollIntervalMs: 150,
      timeoutMs: 1_500,
      backoff: { baseMs: 100, maxMs: 400 },
      endpointCheckIntervalMs: 60_000,
      now: frozen(),
    }
    const connection = new ClusterConnection(fleet.config('yakro-pve1'), fleet.credentials, options)
    fleet.disposables.add(connection)
    connection.start()
    await vi.waitFor(() => expect(loginsSince(from)).toBe(1))
    for (let i = 0; i < 50; i++) {
      connection.refresh()
      await turns(5)
    }
    fleet.sim.setFaults({})
    await vi.waitFor(() => expect(connection.status).toMatchObject({ state: 'online' }), { timeout: 15_000 })
    expect(loginsSince(from)).toBeLessThanOrEqual(2)
  })

  it('a caller that gives up on a login leaves it for the next caller to join, instead of logging in again', async () => {
    fleet.sim.setFaults({ hang: true })
    const from = fleet.sim.requests.length
    const yakro = fleet.config('yakro-pve1')
    const client = new PveClient(yakro.id, yakro.endpoints, fleet.credentials, {
      timeoutMs: 1_500,
      now: frozen(),
    })
    fleet.disposables.add(client)
    for (let i = 0; i < 50; i++) {
      const controller = new AbortController()
      const call = client.call('GET', '/cluster/resources', undefined, controller.signal)
      if (i === 0) await vi.waitFor(() => expect(loginsSince(from)).toBe(1))
      else await turns(5)
      controller.abort()
      await expect(call).rejects.toMatchObject({ code: 'cancelled' })
    }
    fleet.sim.setFaults({})
    // The one login under way still hangs: the next call joins it and meets its deadline, the one after logs in.
    await expect(client.call('GET', '/cluster/resources')).rejects.toMatchObject({ code: 'timeout' })
    await expect(client.call('GET', '/cluster/resources')).resolves.toEqual(expect.any(Array))
    expect(loginsSince(from)).toBe(2)
  })
})
