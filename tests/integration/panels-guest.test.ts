import { describe, expect, it } from 'vitest'

import {
  GuestBackupsPanel,
  GuestConfigPanel,
  GuestFirewallPanel,
  GuestHaPanel,
  GuestReplicationPanel,
  GuestSummaryPanel,
  TaskHistoryPanel,
} from '../../src/shared/model/panels'
import {
  readGuestBackups,
  readGuestConfig,
  readGuestFirewall,
  readGuestHa,
  readGuestReplication,
  readGuestSummary,
  readGuestTasks,
} from '../../src/main/panels/guest-panels'
import { addressesOf } from '../../src/main/panels/guest/guest-agent'
import { useSimulatorFleet } from '../support/simulator-fleet'
import { accessTo } from './guest-support'

// The guest panel's reads against the simulator over HTTPS, as the CLI's access makes them (a bare client):
// a VM with its agent, a container, a stopped guest, an auditor; a read cancelled while its node hangs.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })
const chart = { timeframe: 'hour', cf: 'AVERAGE' } as const

describe('guest panels against the simulator', () => {
  it('a running VM with its agent: figures, an hour of RRD, OS and addresses', async () => {
    const access = accessTo(fleet, 'ace-prod')
    const panel = GuestSummaryPanel.parse(await readGuestSummary(access, 101, chart))
    expect(panel.current.status).toBe('running')
    expect(panel.current.maxmem).toBeGreaterThan(0)
    expect(panel.rrd.time.length).toBeGreaterThan(10)
    expect(panel.rrd.series.cpu?.length).toBe(panel.rrd.time.length)
    expect(panel.agent.state).toBe('ok')
    expect(addressesOf(panel.agent.interfaces)).toContain('10.100.0.103')
    expect(panel.gaps).toEqual([])
  })

  it('its config with pending changes, disks and NICs (104: memory 16384 → 32768, a new NIC)', async () => {
    const access = accessTo(fleet, 'ace-prod')
    const panel = GuestConfigPanel.parse(await readGuestConfig(access, 104))
    expect(panel.entries.find((e) => e.key === 'memory')).toMatchObject({ value: '16384', pending: '32768' })
    expect(panel.nics.find((n) => n.key === 'net1')).toMatchObject({
      model: 'virtio',
      tag: 30,
      pending: true,
    })
    expect(panel.disks.length).toBeGreaterThan(0)
    expect(panel.disks.every((d) => d.volume !== '')).toBe(true)
    expect(panel.digest).toMatch(/^[0-9a-f]+$/)
  })

  it('a container: its interfaces from the node, its rootfs at /', async () => {
    const access = accessTo(fleet, 'ace-prod')
    const summary = await readGuestSummary(access, 110, chart)
    expect(summary.agent.state).toBe('ok')
    expect(addressesOf(summary.agent.interfaces)).toContain('10.100.0.112')
    const config = await readGuestConfig(access, 110)
    expect(config.disks.find((d) => d.key === 'rootfs')).toMatchObject({ mountpoint: '/' })
  })

  it('a stopped guest: no agent asked, its state said', async () => {
    fleet.sim.setGuestStatus('ace-prod', 101, 'stopped')
    const access = accessTo(fleet, 'ace-prod')
    const before = fleet.sim.requests.length
    const panel = await readGuestSummary(access, 101, chart)
    expect(panel.current.status).toBe('stopped')
    expect(panel.agent.state).toBe('not_running')
    expect(fleet.sim.requests.slice(before).some((r) => r.path.includes('/agent/'))).toBe(false)
  })

  it('backups, replication, HA, firewall and tasks read into their wire shapes', async () => {
    const access = accessTo(fleet, 'ace-prod')
    const backups = GuestBackupsPanel.parse(await readGuestBackups(access, 101))
    expect(backups.storages.length).toBeGreaterThan(0)
    const times = backups.backups.map((b) => b.ctime ?? 0)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    GuestReplicationPanel.parse(await readGuestReplication(access, 101))
    const ha = GuestHaPanel.parse(await readGuestHa(access, 101))
    expect(ha.resource?.sid).toBe('vm:101')
    expect(ha.rules.length).toBeGreaterThan(0)
    const firewall = GuestFirewallPanel.parse(await readGuestFirewall(access, 101))
    expect(firewall.options.enable).toBe('1')
    TaskHistoryPanel.parse(await readGuestTasks(access, 101))
  })

  it('an auditor reads every panel; what PVE refuses is a gap with its message, never a blank panel', async () => {
    const access = accessTo(fleet, 'ace-prod', { username: 'auditor@pve' })
    const summary = await readGuestSummary(access, 101, chart)
    expect(summary.current.status).toBe('running')
    for (const gap of summary.gaps) expect(gap.error.code).toBe('forbidden')
    if (summary.gaps.length > 0) expect(summary.gaps[0]?.error.message).toMatch(/Permission check failed/)
    await expect(readGuestConfig(access, 101)).resolves.toBeDefined()
    await expect(readGuestTasks(access, 101)).resolves.toBeDefined()
  })

  it('a read cancelled while the node hangs ends cancelled, and nothing of it goes on', async () => {
    const access = accessTo(fleet, 'ace-prod')
    await access.guest(101) // the guest's node known before the hang
    fleet.sim.setFaults({ hang: true }, 'km4-pve1')
    const before = fleet.sim.requests.length
    const controller = new AbortController()
    const read = readGuestSummary(access, 101, chart, controller.signal)
    // Aborted once the first call reached the hung node, wherever the read is by then.
    while (fleet.sim.requests.length === before) await new Promise((r) => setTimeout(r, 10))
    controller.abort()
    await expect(read).rejects.toMatchObject({ code: 'cancelled' })
  })
})
