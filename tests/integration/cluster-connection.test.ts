import { describe, expect, it, vi } from 'vitest'

import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import type { ClusterConnection } from '../../src/main/clusters/cluster-connection'
import { ClusterRegistry } from '../../src/main/clusters/cluster-registry'
import { probeCertificate } from '../../src/main/pve/certificate-probe'
import type { FleetDelta, FleetGuest } from '../../src/shared/model/fleet'
import { trackHandles } from '../support/leaks'
import type { WatchedConnection } from '../support/simulator-fleet'
import { useSimulatorFleet } from '../support/simulator-fleet'

const options = { pollIntervalMs: 150, timeoutMs: 1_500, backoff: { baseMs: 100, maxMs: 400 } }
const WRONG_FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':')

const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null }, async (sim) => {
  for (const node of ['km4-pve1', 'km4-pve2', 'vitib-pve1', 'yakro-pve1']) await sim.startNode(node)
})
const connect = (cfg: ClusterConfig): WatchedConnection => fleet.connect(cfg, options)
const guestNamed = (connection: ClusterConnection, name: string): FleetGuest => {
  const guest = connection.items.find((i): i is FleetGuest => i.kind === 'guest' && i.name === name)
  if (guest === undefined) throw new Error(`no guest ${name}`)
  return guest
}

describe('ClusterConnection against the simulator over HTTPS', () => {
  it('logs in with a ticket, polls /cluster/resources and builds the inventory with sites', async () => {
    const { connection, deltas } = connect(fleet.config('ace-prod'))
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
    expect(deltas[0]?.seq).toBe(1)
    const nodes = connection.items.filter((i) => i.kind === 'node')
    expect(nodes.map((n) => `${n.node}@${n.site}`).sort()).toEqual([
      'km4-pve1@Km4',
      'km4-pve2@Km4',
      'vitib-pve1@VITIB',
    ])
    expect(connection.items.filter((i) => i.kind === 'guest').length).toBeGreaterThan(15)
    expect(connection.status).toMatchObject({ stale: false, servedBy: 'km4-pve1' })
    const ticketCalls = fleet.sim.requests.filter((r) => r.path.startsWith('/api2/json/access/ticket'))
    expect(ticketCalls.length).toBe(1)
    await vi.waitFor(() => expect(connection.status.version).toMatch(/^9\./))
  })

  it('tells a paused VM from a running one, which /cluster/resources alone cannot', async () => {
    const { connection } = connect(fleet.config('ace-prod'))
    await vi.waitFor(() =>
      expect(guestNamed(connection, 'naorlo-report01')).toMatchObject({
        status: 'running',
        qmpstatus: 'paused',
      }),
    )
    expect(guestNamed(connection, 'naorlo-web01').qmpstatus).toBe('running')
    // One request per node for it, on its own slow cadence: the tree's poll stays one request per interval.
    expect(
      fleet.sim.requests
        .filter((r) => r.path.includes('/qemu?full=1'))
        .map((r) => r.path.split('/')[4])
        .sort(),
    ).toEqual(expect.arrayContaining(['km4-pve1', 'km4-pve2', 'vitib-pve1']))
  })

  it('delivers a guest’s state change as a delta holding just that guest', async () => {
    const { connection, deltas } = connect(fleet.config('ace-prod'))
    await vi.waitFor(() => expect(connection.status.state).toBe('online'))
    const target = connection.items.find(
      (i): i is FleetGuest =>
        i.kind === 'guest' && i.status === 'running' && !i.template && i.lock === undefined,
    )
    if (target === undefined) throw new Error('no running guest in the scenario')
    const seen = deltas.length
    fleet.sim.setGuestStatus('ace-prod', target.vmid, 'stopped')
    await vi.waitFor(() => {
      // The latest change of it: a run-state refresh may have sent it, still running, in between.
      const change = deltas
        .slice(seen)
        .flatMap((d) => d.upserts)
        .filter((i) => i.key === target.key)
        .at(-1)
      expect(change).toMatchObject({ status: 'stopped' })
    })
    expect(guestNamed(connection, target.name).status).toBe('stopped')
    fleet.sim.setGuestStatus('ace-prod', target.vmid, 'running')
  })

  it('refuses a certificate that does not match the pin, before sending any request', async () => {
    const yakro = fleet.config('yakro-pve1')
    const before = fleet.sim.requests.length
    const { connection } = connect({
      ...yakro,
      endpoints: yakro.endpoints.map((e) => ({ ...e, fingerprint: WRONG_FINGERPRINT })),
    })
    await vi.waitFor(() => expect(connection.status.state).toBe('error'))
    expect(connection.status.error).toMatchObject({ code: 'tls_untrusted', clusterId: 'yakro-pve1' })
    expect(connection.status.error?.detail?.expected).toBe(WRONG_FINGERPRINT)
    expect(connection.status.error?.detail?.actual).toBe(yakro.endpoints[0]?.fingerprint)
    expect(connection.items).toEqual([])
    expect(fleet.sim.requests.slice(before).filter((r) => r.node === 'yakro-pve1')).toEqual([])
  })

  it('reads a certificate for the user to judge without sending a single request', async () => {
    const endpoint = fleet.config('yakro-pve1').endpoints[0]
    const before = fleet.sim.requests.length
    const info = await probeCertificate(endpoint?.url ?? '', 2_000)
    expect(info).toMatchObject({ fingerprint: endpoint?.fingerprint, trustedByCa: false })
    expect(info.subject).toContain('CN=yakro-pve1')
    expect(fleet.sim.requests.length).toBe(before)
  })

  it('fails over to the next endpoint when the serving node stops', async () => {
    const { connection } = connect(fleet.config('ace-prod'))
    await vi.waitFor(() => expect(connection.status.servedBy).toBe('km4-pve1'))
    await fleet.sim.stopNode('km4-pve1')
    await vi.waitFor(() => expect(connection.status).toMatchObject({ state: 'online', servedBy: 'km4-pve2' }))
    await vi.waitFor(() => {
      const node = connection.items.find((i) => i.kind === 'node' && i.node === 'km4-pve1')
      expect(node).toMatchObject({ status: 'offline' })
    })
  })

  it('keeps a dead cluster’s last-known data, stale, while the other cluster keeps updating', async () => {
    const registry = new ClusterRegistry(fleet.credentials, options)
    fleet.disposables.add(registry)
    const deltas: FleetDelta[] = []
    registry.onDelta((d) => deltas.push(d))
    for (const c of fleet.configs) registry.add(c)
    await vi.waitFor(() => expect(registry.list().every((c) => c.status.state === 'online')).toBe(true))
    const yakro = registry.get('yakro-pve1')
    const known = yakro.items.length
    const lastUpdated = yakro.status.lastUpdated
    await fleet.sim.stopNode('yakro-pve1')
    await vi.waitFor(() =>
      expect(yakro.status).toMatchObject({ state: 'unreachable', stale: true, lastUpdated }),
    )
    expect(yakro.status.error?.code).toBe('unreachable')
    expect(yakro.items).toHaveLength(known)
    const ace = registry.get('ace-prod')
    const guest = guestNamed(ace, 'naorlo-app02')
    const next = guest.status === 'running' ? 'stopped' : 'running'
    const seen = deltas.length
    fleet.sim.setGuestStatus('ace-prod', guest.vmid, next)
    await vi.waitFor(() => {
      expect(
        deltas
          .slice(seen)
          .some((d) => d.clusterId === 'ace-prod' && d.upserts.some((i) => i.key === guest.key)),
      ).toBe(true)
    })
    expect(
      registry.state(() => true).clusters.find((c) => c.summary.id === 'yakro-pve1')?.items,
    ).toHaveLength(known)
    await fleet.sim.startNode('yakro-pve1')
    yakro.refresh()
    await vi.waitFor(() => expect(yakro.status).toMatchObject({ state: 'online', stale: false }))
  })

  it('dispose() leaves no timer or socket behind', async () => {
    const tracker = trackHandles()
    try {
      const registry = new ClusterRegistry(fleet.credentials, options)
      for (const c of fleet.configs) registry.add(c)
      await vi.waitFor(() => expect(registry.list().every((c) => c.status.state === 'online')).toBe(true))
      expect(tracker.alive().some((h) => h.startsWith('TCPWRAP'))).toBe(true)
      expect(tracker.alive().some((h) => h.startsWith('Timeout'))).toBe(true)
      registry.dispose()
      await vi.waitFor(() => expect(tracker.alive()).toEqual([]))
    } finally {
      tracker.stop()
    }
  })
})
