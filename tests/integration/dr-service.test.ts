import { describe, expect, it } from 'vitest'

import type { DrAlert, DrGuestRow, DrReport, DrTargets } from '../../src/shared/model/dr'
import type { Desk } from '../support/inventory-desk'
import { startDesk, value } from '../support/inventory-desk'
import { useSimulatorFleet } from '../support/simulator-fleet'

// The DR service end to end: the real main services against the simulator over TLS, the simulator's DR control
// API putting a replication and a guest's backups in trouble and healing them, a window on the real router.

const fleet = useSimulatorFleet({ tickMs: null })

const TARGETS: DrTargets = {
  rules: [{ scope: 'cluster', value: 'ace-prod', replicaMinutes: 30, backupHours: 24 }],
  warnAt: 1,
  storageSites: [],
}

const row = (report: DrReport, vmid: number): DrGuestRow => {
  const found = report.guests.find((g) => g.clusterId === 'ace-prod' && g.vmid === vmid)
  if (found === undefined) throw new Error(`no guest ${vmid} in the DR report`)
  return found
}
const codes = (r: DrGuestRow): string[] => r.flags.map((f) => f.code)
const about101 = (alerts: DrAlert[]): DrAlert[] =>
  alerts.filter((a) => a.clusterId === 'ace-prod' && a.vmid === 101)

async function desk(): Promise<Desk> {
  // The service reads on its own every hour here (the test reads when it wants: refresh), and lists the backup
  // storages on every read; the simulator's clock is its clock.
  return startDesk(fleet, { dr: { intervalMs: 3_600_000, backupsEvery: 1, now: () => fleet.sim.now() } })
}

describe('the DR matrix from the simulator', () => {
  it('a failing replication and a stale backup make the guest red with the reasons; healed, it is back', async () => {
    const d = await desk()
    const window = d.renderer('w1')
    const { dr } = d.services
    const seen: DrAlert[] = []
    const off = window.api.onDrAlert((a) => seen.push(a))
    await dr.setTargets(TARGETS)
    fleet.sim.healBackups('ace-prod', 101)
    const before = row(value(await window.api.drRefresh({})), 101)
    expect(before.level).not.toBe('red')
    expect(before.replication[0]).toMatchObject({ id: '101-0', failCount: 0 })

    fleet.sim.breakReplication('ace-prod', '101-0')
    fleet.sim.staleBackups('ace-prod', 101, 48)
    fleet.sim.advanceClock(3_600)
    const broken = row(value(await window.api.drRefresh({})), 101)
    expect(broken.level).toBe('red')
    expect(codes(broken)).toEqual(
      expect.arrayContaining(['replica-stale', 'replication-failed', 'backup-overdue']),
    )
    // PVE's own refusal text is the reason shown.
    expect(broken.replication[0]?.error).toBe(
      "command 'zfs recv -F -- rpool/data/vm-101-disk-0' failed: exit code 1",
    )
    const raised = about101(value(await window.api.drHistory({}))).filter((a) => a.phase === 'raised')
    expect(raised.map((a) => a.kind)).toEqual(expect.arrayContaining(['replica-lag', 'backup-overdue']))
    expect(
      about101(seen)
        .filter((a) => a.phase === 'raised')
        .map((a) => a.kind),
    ).toEqual(expect.arrayContaining(['replica-lag', 'backup-overdue']))

    fleet.sim.healReplication('ace-prod', '101-0')
    fleet.sim.healBackups('ace-prod', 101)
    const healed = row(value(await window.api.drRefresh({})), 101)
    expect(healed.level).toBe(before.level)
    expect(healed.flags.filter((f) => f.level === 'red')).toEqual([])
    const history = about101(value(await window.api.drHistory({})))
    // Newest first: the clearings come before what they clear.
    expect(history.filter((a) => a.phase === 'cleared').map((a) => a.kind)).toEqual(
      expect.arrayContaining(['replica-lag', 'backup-overdue']),
    )
    expect(history[0]?.phase).toBe('cleared')
    off()
  })

  it('a cluster that stops answering keeps its last read, marked stale', async () => {
    const d = await desk()
    const { dr } = d.services
    await dr.setTargets(TARGETS)
    fleet.sim.healBackups('ace-prod', 101)
    const first = await dr.refresh()
    expect(codes(row(first, 101))).not.toContain('stale-data')
    for (const node of ['km4-pve1', 'km4-pve2', 'vitib-pve1']) await fleet.sim.stopNode(node)
    const stale = await dr.refresh()
    const r = row(stale, 101)
    expect(codes(r)).toContain('stale-data')
    expect(r.replication[0]?.id).toBe('101-0') // last known, not lost
  })
})
