import { beforeAll, describe, expect, it, vi } from 'vitest'

import { clusterList } from '../../src/cli/cluster-commands'
import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import { emptySettings } from '../../src/main/platform/settings-schema'
import { MemoryVault } from '../../src/main/secrets/vault'
import type { ClusterStatus, EndpointHealth, FleetDelta } from '../../src/shared/model/fleet'
import { changedCertificates } from '../../src/shared/model/fleet'
import { trackHandles } from '../support/leaks'
import type { WatchedConnection } from '../support/simulator-fleet'
import { useSimulatorFleet } from '../support/simulator-fleet'

// ace-prod spans three nodes: km4-pve1, km4-pve2 and vitib-pve1, one endpoint each.
const options = {
  pollIntervalMs: 150,
  timeoutMs: 1_500,
  backoff: { baseMs: 100, maxMs: 400 },
  endpointCheckIntervalMs: 200,
}

const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })
let ace: ClusterConfig

beforeAll(() => {
  ace = fleet.config('ace-prod')
  if (ace.endpoints.length < 3) throw new Error('ace-prod with three endpoints')
})

const connect = (): WatchedConnection => fleet.connect(ace, options)

const endpointOf = (status: ClusterStatus, node: string): EndpointHealth | undefined =>
  status.endpoints?.find((e) => e.node === node)
const pinOf = (node: string): string => ace.endpoints.find((e) => e.node === node)?.fingerprint ?? ''
const requestsTo = (node: string, from: number): string[] =>
  fleet.sim.requests
    .slice(from)
    .filter((r) => r.node === node)
    .map((r) => `${r.method} ${r.path}`)

/** Waits for a delta of ace-prod that carries `vmid` in `status`: the data is live, not last-known. */
async function seesLiveChange(deltas: FleetDelta[], vmid: number): Promise<void> {
  const seen = deltas.length
  fleet.sim.setGuestStatus('ace-prod', vmid, 'stopped')
  await vi.waitFor(() =>
    expect(
      deltas
        .slice(seen)
        .flatMap((d) => d.upserts)
        .some((i) => i.kind === 'guest' && i.vmid === vmid && i.status === 'stopped'),
    ).toBe(true),
  )
}

describe('trust and health per endpoint', () => {
  it('names the node whose certificate changed, sends it nothing, and goes on through the others', async () => {
    const { connection, deltas } = connect()
    await vi.waitFor(() => expect(connection.status).toMatchObject({ state: 'online', servedBy: 'km4-pve1' }))
    await vi.waitFor(() => expect(connection.status.endpoints?.every((e) => e.state === 'ok')).toBe(true))
    const old = pinOf('km4-pve1')

    const rotated = await fleet.sim.rotateCertificate('km4-pve1')
    const from = fleet.sim.requests.length

    await vi.waitFor(() => {
      expect(endpointOf(connection.status, 'km4-pve1')).toMatchObject({
        state: 'tls_untrusted',
        expected: old,
        presented: rotated,
      })
      expect(connection.status.state).toBe('online')
      expect(connection.status.servedBy).not.toBe('km4-pve1')
    })
    expect(changedCertificates(connection.status).map((e) => e.node)).toEqual(['km4-pve1'])
    for (const node of ['km4-pve2', 'vitib-pve1'])
      expect(endpointOf(connection.status, node)?.state).toBe('ok')
    // The others carry live data, and several polls and endpoint checks go by …
    await seesLiveChange(deltas, 201)
    await seesLiveChange(deltas, 310)
    // … without a single request, so without a password or ticket, to the node that changed.
    expect(requestsTo('km4-pve1', from)).toEqual([])
    expect(requestsTo(connection.status.servedBy ?? '', from).length).toBeGreaterThan(2)
  })

  it('finds a changed certificate on a node that fail-over does not touch', async () => {
    const { connection } = connect()
    await vi.waitFor(() => expect(connection.status).toMatchObject({ state: 'online', servedBy: 'km4-pve1' }))
    const rotated = await fleet.sim.rotateCertificate('vitib-pve1')
    const from = fleet.sim.requests.length
    await vi.waitFor(() =>
      expect(endpointOf(connection.status, 'vitib-pve1')).toMatchObject({
        state: 'tls_untrusted',
        expected: pinOf('vitib-pve1'),
        presented: rotated,
      }),
    )
    expect(connection.status).toMatchObject({ state: 'online', servedBy: 'km4-pve1' })
    // Now fail-over must skip it: with km4-pve1 and km4-pve2 down, nothing is left to serve.
    await fleet.sim.stopNode('km4-pve1')
    await fleet.sim.stopNode('km4-pve2')
    await vi.waitFor(() => expect(connection.status.state).not.toBe('online'))
    expect(connection.status.error).toMatchObject({
      code: 'tls_untrusted',
      detail: { expected: pinOf('vitib-pve1'), actual: rotated },
    })
    expect(requestsTo('vitib-pve1', from)).toEqual([])
  })

  it('uses an endpoint again once it presents its pinned certificate again (Retry now)', async () => {
    const { connection } = connect()
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
    await fleet.sim.rotateCertificate('km4-pve1')
    await vi.waitFor(() => expect(endpointOf(connection.status, 'km4-pve1')?.state).toBe('tls_untrusted'))
    // reset() puts every node's first certificate back: the pinned one.
    await fleet.sim.reset()
    connection.refresh()
    await vi.waitFor(() => expect(endpointOf(connection.status, 'km4-pve1')?.state).toBe('ok'))
    expect(changedCertificates(connection.status)).toEqual([])
  })

  it('reports an endpoint that stopped answering and when it last answered', async () => {
    const { connection } = connect()
    await vi.waitFor(() => expect(connection.status.endpoints?.every((e) => e.state === 'ok')).toBe(true))
    const lastOk = endpointOf(connection.status, 'vitib-pve1')?.lastOkAt
    await fleet.sim.stopNode('vitib-pve1')
    await vi.waitFor(() =>
      expect(endpointOf(connection.status, 'vitib-pve1')).toMatchObject({ state: 'unreachable' }),
    )
    expect(lastOk).toEqual(expect.any(Number))
    expect(endpointOf(connection.status, 'vitib-pve1')?.lastOkAt).toBeGreaterThanOrEqual(lastOk ?? Infinity)
    expect(connection.status.state).toBe('online')
    await fleet.sim.startNode('vitib-pve1')
    await vi.waitFor(() => expect(endpointOf(connection.status, 'vitib-pve1')?.state).toBe('ok'))
  })

  it('leaves no socket or timer of its endpoint checks behind', async () => {
    const tracker = trackHandles()
    try {
      const { connection } = connect()
      await vi.waitFor(() => expect(connection.status.state).toBe('online'))
      // Retry now starts a check of every endpoint: dispose() comes while it is under way.
      connection.refresh()
      connection.dispose()
      await vi.waitFor(() => expect(tracker.alive()).toEqual([]))
    } finally {
      tracker.stop()
    }
  })

  it('pvedesk cluster list names the node whose certificate changed, with both fingerprints, text and JSON', async () => {
    const rotated = await fleet.sim.rotateCertificate('km4-pve1')
    const from = fleet.sim.requests.length
    const list = async (json: boolean): Promise<string[]> => {
      const out: string[] = []
      const settings = { ...emptySettings(), clusters: [ace], timeoutMs: 1_500 }
      expect(await clusterList({ settings, vault: new MemoryVault(), out: (l) => out.push(l) }, json)).toBe(0)
      return out
    }
    const rows = JSON.parse((await list(true)).join('\n')) as { endpoints: Record<string, unknown>[] }[]
    expect(rows[0]?.endpoints).toEqual([
      expect.objectContaining({
        node: 'km4-pve1',
        state: 'tls_untrusted',
        expected: pinOf('km4-pve1'),
        presented: rotated,
      }),
      expect.objectContaining({ node: 'km4-pve2', state: 'ok', fingerprint: pinOf('km4-pve2') }),
      expect.objectContaining({ node: 'vitib-pve1', state: 'ok' }),
    ])
    expect(rows[0]?.endpoints[1]).not.toHaveProperty('presented')
    const text = await list(false)
    expect(text[0]).toMatch(/^ace-prod\tace-prod\troot@pam\t.*\tcertificate-changed=km4-pve1$/)
    expect(text.slice(1)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^  km4-pve1\\thttps://\\S+\\tcertificate changed: expected ${pinOf('km4-pve1')} presented ${rotated}$`,
        ),
      ),
    ])
    // A handshake is all it takes: no request reached any node.
    expect(fleet.sim.requests.length).toBe(from)
  })
})
