import { describe, expect, it, vi } from 'vitest'

import type { DrTargets } from '../../src/shared/model/dr'
import type { SimRequest } from '../pve-sim'
import type { Desk } from '../support/inventory-desk'
import { startDesk } from '../support/inventory-desk'
import { useSimulatorFleet } from '../support/simulator-fleet'

// « Actualiser » cancelled for real, against the simulator over TLS: the read no one waits on any more stops its
// requests, publishes nothing and raises no alert; a read someone else waits on goes on.

const fleet = useSimulatorFleet({ tickMs: null })

const TARGETS: DrTargets = {
  rules: [{ scope: 'cluster', value: 'ace-prod', replicaMinutes: 30, backupHours: 24 }],
  warnAt: 1,
  storageSites: [],
}

/** Requests only the DR read makes (the tree's poller and the task timeline ask none of them). */
const DR_ONLY =
  /\/cluster\/(replication|backup|backup-info|ha\/)|\/nodes\/[^/]+\/(replication|subscription|certificates\/info)|\/content/
const drRequests = (from: number): SimRequest[] =>
  fleet.sim.requests.slice(from).filter((r) => DR_ONLY.test(r.path))

async function desk(): Promise<Desk> {
  // No read of its own during the test (every hour): the test's refreshes are the reads.
  return startDesk(fleet, { dr: { intervalMs: 3_600_000, backupsEvery: 1, now: () => fleet.sim.now() } })
}

describe('cancelling a DR refresh', () => {
  it('stops the read it started: its requests end, nothing is published, no alert; the next refresh reads anew', async () => {
    const d = await desk()
    const { dr } = d.services
    await dr.setTargets(TARGETS)
    let from = fleet.sim.requests.length
    const first = await dr.refresh()
    const whole = drRequests(from).length
    const changed = vi.fn()
    const off = dr.onChanged(changed)
    // A read that would alert once published: 101's replication fails from now on.
    fleet.sim.breakReplication('ace-prod', '101-0')
    const history = await dr.history()

    // yakro-pve1 answers a few bytes a second: ace-prod's part of the read completes, yakro's is under way.
    fleet.sim.setFaults({ dripBytesPerSecond: 50 }, 'yakro-pve1')
    from = fleet.sim.requests.length
    const controller = new AbortController()
    const cancelled = dr.refresh(controller.signal)
    await vi.waitFor(() => expect(drRequests(from).some((r) => r.node === 'yakro-pve1')).toBe(true), {
      timeout: 10_000,
    })
    controller.abort()
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' })
    await dr.idle()
    const made = drRequests(from)
    // Its answers under way were hung up on by PVE Desk (within the 5 s request timeout: the cancel did it).
    await vi.waitFor(() => expect(made.filter((r) => r.streamed?.cut === true).length).toBeGreaterThan(0), {
      timeout: 3_000,
    })
    expect(made.length).toBeLessThan(whole)
    // Nothing of the half read: the same report, no event, no alert about 101 although ace-prod had answered.
    expect(await dr.report()).toBe(first)
    expect(changed).not.toHaveBeenCalled()
    expect(await dr.history()).toEqual(history)
    // And nothing more reached the simulator from it once it ended.
    fleet.sim.setFaults({}, 'yakro-pve1')
    expect(drRequests(from)).toHaveLength(made.length)

    const again = await dr.refresh()
    expect(changed).toHaveBeenCalledWith(again)
    expect(
      again.guests.find((g) => g.vmid === 101 && g.clusterId === 'ace-prod')?.replication[0]?.failCount,
    ).toBe(1)
    expect((await dr.history()).some((a) => a.kind === 'replication-failed' && a.vmid === 101)).toBe(true)
    off.dispose()
  })

  it("one caller's cancel does not cut the read another caller waits on", async () => {
    const d = await desk()
    const { dr } = d.services
    await dr.setTargets(TARGETS)
    const from = fleet.sim.requests.length
    const leaving = new AbortController()
    const first = dr.refresh(leaving.signal)
    const second = dr.refresh(new AbortController().signal)
    await vi.waitFor(() => expect(drRequests(from).length).toBeGreaterThan(0), { timeout: 10_000 })
    leaving.abort()
    await expect(first).rejects.toMatchObject({ code: 'cancelled' })
    const report = await second
    expect(report.guests.some((g) => g.clusterId === 'ace-prod' && g.vmid === 101)).toBe(true)
    expect(await dr.report()).toBe(report)
    expect(report.sites.every((s) => !s.stale)).toBe(true)
  })
})
