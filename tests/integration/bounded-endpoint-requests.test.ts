import { describe, expect, it, vi } from 'vitest'

import type { ConnectionOptions } from '../../src/main/clusters/cluster-connection'
import { ClusterConnection } from '../../src/main/clusters/cluster-connection'
import { MAX_RESPONSE_BYTES } from '../../src/main/pve/http-client'
import { PveClient } from '../../src/main/pve/pve-client'
import type { SimRequest } from '../pve-sim'
import { useSimulatorFleet } from '../support/simulator-fleet'

const MiB = 1024 * 1024
/** What loopback socket buffers (kernel and Node) can hold beyond what the client read: generous. */
const IN_FLIGHT_MARGIN = 16 * MiB
const options: ConnectionOptions = {
  pollIntervalMs: 150,
  timeoutMs: 1_500,
  backoff: { baseMs: 100, maxMs: 400 },
  endpointCheckIntervalMs: 60_000,
}

const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })
function connect(id: string, extra: Partial<ConnectionOptions> = {}): ClusterConnection {
  const connection = new ClusterConnection(fleet.config(id), fleet.credentials, { ...options, ...extra })
  fleet.disposables.add(connection)
  connection.start()
  return connection
}
const streamedSince = (from: number): SimRequest[] =>
  fleet.sim.requests.slice(from).filter((r) => r.streamed !== undefined)

describe('every request ends at its deadline', () => {
  it('a node that drips its answer two bytes a second ends in timeout, on every endpoint', async () => {
    // Two bytes a second: never silent long enough for an inactivity timeout, hours for a whole answer.
    fleet.sim.setFaults({ dripBytesPerSecond: 2 })
    const from = fleet.sim.requests.length
    const connection = connect('ace-prod')
    await vi.waitFor(() => expect(connection.status.error?.code).toBe('timeout'), { timeout: 15_000 })
    expect(connection.status.state).toBe('unreachable')
    expect(connection.status.endpoints?.map((e) => e.state)).toEqual(['timeout', 'timeout', 'timeout'])
    // The node had begun to answer, and the client hung up before the end.
    const dripped = streamedSince(from)
    expect(dripped.length).toBeGreaterThanOrEqual(3)
    await vi.waitFor(() => expect(dripped.every((r) => r.streamed?.cut === true)).toBe(true))
    expect(dripped.every((r) => (r.streamed?.bytes ?? 0) > 0)).toBe(true)
  })

  it('a CLI call to a dripping node ends too, with timeout', async () => {
    fleet.sim.setFaults({ dripBytesPerSecond: 2 }, 'yakro-pve1')
    const yakro = fleet.config('yakro-pve1')
    const client = new PveClient(yakro.id, yakro.endpoints, fleet.credentials, { timeoutMs: 1_000 })
    fleet.disposables.add(client)
    await expect(client.call('GET', '/version')).rejects.toMatchObject({ code: 'timeout' })
  })

  it('Retry now aborts a poll that hangs and polls again at once', async () => {
    fleet.sim.setFaults({ hang: true })
    const from = fleet.sim.requests.length
    // A deadline far beyond the test's patience: only the abort can end the hanging poll in time.
    let clock = Date.now()
    const connection = connect('yakro-pve1', { timeoutMs: 120_000, now: () => clock })
    await vi.waitFor(() =>
      expect(fleet.sim.requests.slice(from).some((r) => r.node === 'yakro-pve1')).toBe(true),
    )
    expect(connection.status.state).toBe('connecting')
    fleet.sim.setFaults({})
    // The login hangs too: a Retry this long after it (see LOGIN_REJOIN_MS) drops it for a new one.
    clock += 2_000
    connection.refresh()
    await vi.waitFor(() => expect(connection.status).toMatchObject({ state: 'online', stale: false }), {
      timeout: 10_000,
    })
    // The aborted poll reported nothing: no error status came between.
    expect(connection.status.error).toBeUndefined()
  })
})

describe('every answer is bounded in size', () => {
  for (const chunked of [false, true]) {
    it(`a 256 MiB answer ${chunked ? 'without Content-Length' : 'with its Content-Length'} ends in bad_response, read no further than the cap`, async () => {
      fleet.sim.setFaults({ oversizeBytes: 256 * MiB, oversizeChunked: chunked }, 'yakro-pve1')
      const from = fleet.sim.requests.length
      const rssBefore = process.memoryUsage().rss
      let rssPeak = rssBefore
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
      }, 10)
      try {
        const connection = connect('yakro-pve1')
        await vi.waitFor(() => expect(connection.status.error?.code).toBe('bad_response'), {
          timeout: 15_000,
        })
        expect(connection.status.endpoints?.[0]?.state).toBe('bad_response')
        const [answer] = streamedSince(from)
        await vi.waitFor(() => expect(answer?.streamed?.cut).toBe(true))
        // The node stopped being read near the cap (Content-Length: at once), far from the 256 MiB it offered.
        expect(answer?.streamed?.bytes).toBeLessThan((chunked ? MAX_RESPONSE_BYTES : 0) + IN_FLIGHT_MARGIN)
      } finally {
        clearInterval(sampler)
      }
      // Reading it whole would hold it three times over (chunks, one buffer, one string): 750 MiB and more.
      expect(rssPeak - rssBefore).toBeLessThan(MAX_RESPONSE_BYTES * 2 + 100 * MiB)
    })
  }
})
