import { describe, expect, it, vi } from 'vitest'

import type { ClusterAccess } from '../../src/main/guests/cluster-access'
import { panelHandlers } from '../../src/main/panels/panel-service'
import {
  ClusterPanel,
  NodeCertificatesPanel,
  NodeDisksPanel,
  NodeNetworkPanel,
  NodeStoragePanel,
  NodeSummaryPanel,
  StoragePanel,
  SyslogPage,
} from '../../src/shared/model/infra-panels'
import { TaskHistoryPanel } from '../../src/shared/model/panels'
import { useSimulatorFleet } from '../support/simulator-fleet'
import { accessTo } from './guest-support'

// The node, cluster and storage panels' reads, through the real handlers, against the simulator over HTTPS.

const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })

/** The `panel:*` handlers over a bare client of `clusterId` (root, or `username`). */
function panels(clusterId: string, username?: string): ReturnType<typeof panelHandlers> {
  const access: ClusterAccess = accessTo(fleet, clusterId, username === undefined ? {} : { username })
  return panelHandlers({ access: () => access })
}

const live = { signal: new AbortController().signal }
const chart = { timeframe: 'hour', cf: 'AVERAGE' } as const

const callsTo = (path: string): number =>
  fleet.sim.requests.filter((r) => r.path.split('?')[0]?.endsWith(path) === true).length

describe('node panels against the simulator', () => {
  it('summarises a node: figures, history, subscription without its key, packages', async () => {
    const p = panels('ace-prod')
    const summary = await p['panel:nodeSummary']({ clusterId: 'ace-prod', node: 'km4-pve1', ...chart }, live)
    expect(NodeSummaryPanel.parse(summary)).toEqual(summary)
    expect(summary.gaps).toEqual([])
    expect(summary.status.loadavg).toHaveLength(3)
    expect(summary.status.cpuModel).toContain('EPYC')
    expect(summary.status.pveVersion).toMatch(/^pve-manager\/9\.1\.4\//)
    expect(summary.status.bootMode).toBe('efi')
    expect(summary.rrd.time.length).toBeGreaterThan(10)
    expect(summary.subscription?.status).toBe('active')
    expect(summary.subscription?.level).toBeDefined()
    expect(JSON.stringify(summary)).not.toMatch(/pve2p-/)
    expect(summary.packages.find((x) => x.package === 'pve-manager')?.managerVersion).toMatch(/9\.1\.4/)
  })

  it('lists bridges, then bonds, VLANs and ports, with members and the VLAN read from its name', async () => {
    const p = panels('ace-prod')
    const { interfaces } = NodeNetworkPanel.parse(
      await p['panel:nodeNetwork']({ clusterId: 'ace-prod', node: 'km4-pve1' }, live),
    )
    expect(interfaces.map((i) => i.iface)).toEqual([
      'vmbr0',
      'bond0',
      'bond0.20',
      'vmbr0.30',
      'eno1',
      'eno2',
      'eno3',
    ])
    expect(interfaces[0]).toMatchObject({ type: 'bridge', members: ['bond0'], vlanAware: true, active: true })
    expect(interfaces[0]?.cidr).toMatch(/\/24$/)
    expect(interfaces[0]?.cidr6).toMatch(/\/64$/)
    expect(interfaces[1]).toMatchObject({ members: ['eno1', 'eno2'], bondMode: '802.3ad' })
    // PVE hands `vlan-id` on as a string: read as the number it is.
    expect(interfaces[2]).toMatchObject({ vlanId: 20, vlanRawDevice: 'bond0' })
    expect(interfaces[3]).toMatchObject({ vlanId: 30, vlanRawDevice: 'vmbr0' })
    expect(interfaces[4]).toMatchObject({ type: 'eth', active: true, autostart: false })
    expect(interfaces[6]).toMatchObject({ iface: 'eno3', active: false })
    const vitib = NodeNetworkPanel.parse(
      await p['panel:nodeNetwork']({ clusterId: 'ace-prod', node: 'vitib-pve1' }, live),
    )
    expect(vitib.interfaces.find((i) => i.iface === 'bond0')?.bondMode).toBe('active-backup')
  })

  it('shows the certificate vitib-pve1 serves, expiring in about three weeks', async () => {
    const p = panels('ace-prod')
    const { certificates } = NodeCertificatesPanel.parse(
      await p['panel:nodeCertificates']({ clusterId: 'ace-prod', node: 'vitib-pve1' }, live),
    )
    const served = certificates.find((c) => c.filename === 'pve-ssl.pem')
    const days = ((served?.notAfter ?? 0) - fleet.sim.now() / 1000) / 86_400
    expect(days).toBeGreaterThan(19)
    expect(days).toBeLessThan(23)
    expect(served?.fingerprint).toBe(fleet.sim.fingerprintOf('vitib-pve1'))
    expect(served?.san.length).toBeGreaterThan(0)
    expect(JSON.stringify(certificates)).not.toContain('BEGIN CERTIFICATE')
    const km4 = NodeCertificatesPanel.parse(
      await p['panel:nodeCertificates']({ clusterId: 'ace-prod', node: 'km4-pve2' }, live),
    )
    expect(km4.certificates.map((c) => c.filename)).toEqual(
      expect.arrayContaining(['pve-root-ca.pem', 'pve-ssl.pem', 'pveproxy-ssl.pem']),
    )
    const custom = km4.certificates.find((c) => c.filename === 'pveproxy-ssl.pem')
    const customDays = ((custom?.notAfter ?? 0) - fleet.sim.now() / 1000) / 86_400
    expect(customDays).toBeGreaterThan(8)
    expect(customDays).toBeLessThan(12)
  })

  it('pages the syslog with PVE’s start and limit, numbered lines and total', async () => {
    const p = panels('ace-prod')
    const read = (start: number): Promise<SyslogPage> =>
      p['panel:nodeSyslog']({ clusterId: 'ace-prod', node: 'km4-pve2', start, limit: 20 }, live)
    const first = SyslogPage.parse(await read(0))
    const second = SyslogPage.parse(await read(20))
    expect(first.lines).toHaveLength(20)
    expect(first.total).toBeGreaterThan(100)
    expect(second.lines[0]?.t).not.toBe(first.lines[0]?.t)
    expect(second.lines.map((l) => l.n)).toEqual(
      [...second.lines.keys()].map((i) => (second.lines[0]?.n ?? 0) + i),
    )
  })

  it('lists storages, disks and tasks of a node', async () => {
    const p = panels('ace-prod')
    const request = { clusterId: 'ace-prod', node: 'km4-pve1' }
    const { storages } = NodeStoragePanel.parse(await p['panel:nodeStorage'](request, live))
    expect(storages.map((s) => s.storage)).toEqual(expect.arrayContaining(['local', 'local-lvm']))
    expect(storages.find((s) => s.storage === 'local')).toMatchObject({ type: 'dir', active: true })
    const tasks = TaskHistoryPanel.parse(await p['panel:nodeTasks'](request, live))
    expect(tasks.tasks.length).toBeLessThanOrEqual(50)
    expect(tasks.tasks.every((t) => t.clusterId === 'ace-prod')).toBe(true)
    const { disks } = NodeDisksPanel.parse(await p['panel:nodeDisks'](request, live))
    expect(disks.map((d) => d.devpath)).toEqual(['/dev/nvme0n1', '/dev/nvme1n1', '/dev/sda', '/dev/sdb'])
    // km4-pve1's second data SSD has 12 % of its life left.
    expect(disks.find((d) => d.devpath === '/dev/sdb')).toMatchObject({ wearout: 12, used: 'LVM' })
    expect(disks.every((d) => d.size !== undefined && d.health !== undefined)).toBe(true)
    const disksAsked = fleet.sim.requests.find((r) => r.path.includes('/disks/list'))?.path
    expect(disksAsked).toContain('include-partitions=0')
  })

  it('refuses a node name that would change the path, asking PVE nothing', async () => {
    const p = panels('ace-prod')
    const before = fleet.sim.requests.length
    for (const node of ['..', 'km4-pve1/../../access', '%2e%2e', ''])
      await expect(p['panel:nodeNetwork']({ clusterId: 'ace-prod', node }, live)).rejects.toMatchObject({
        code: 'invalid_request',
      })
    expect(fleet.sim.requests.length).toBe(before)
  })
})

describe('cluster panel against the simulator', () => {
  it('reads quorum, nodes with their versions and sites, the HA manager and totals', async () => {
    const p = panels('ace-prod')
    const cluster = ClusterPanel.parse(await p['panel:cluster']({ clusterId: 'ace-prod' }, live))
    expect(cluster.gaps).toEqual([])
    expect(cluster).toMatchObject({ clusterName: 'ace-prod', quorate: true })
    expect(cluster.nodes.map((n) => [n.name, n.site, n.online])).toEqual([
      ['km4-pve1', 'Km4', true],
      ['km4-pve2', 'Km4', true],
      ['vitib-pve1', 'VITIB', true],
    ])
    expect(cluster.nodes.every((n) => n.version !== undefined)).toBe(true)
    // vitib-pve1 lags on pve-manager 9.1.2 (the simulator's demo).
    expect(cluster.nodes.map((n) => n.version)).toEqual(['9.1.4', '9.1.4', '9.1.2'])
    expect(cluster.mixedVersions).toBe(true)
    expect(cluster.ha.quorum).toBe('OK')
    expect(cluster.ha.master?.node).toBeDefined()
    expect(cluster.ha.master?.state).toBe('active')
    expect(cluster.ha.lrm.map((l) => l.node)).toEqual(['km4-pve1', 'km4-pve2', 'vitib-pve1'])
    expect(cluster.ha.resources).toBeGreaterThan(0)
    expect(cluster.totals).toMatchObject({ nodes: 3, nodesOnline: 3 })
    expect(cluster.totals.guests).toBeGreaterThan(20)
    expect(cluster.totals.running).toBeLessThan(cluster.totals.guests)
  })

  it('sees a stopped node offline, asks it no version, and keeps the rest', async () => {
    await fleet.sim.stopNode('vitib-pve1')
    const p = panels('ace-prod')
    const cluster = ClusterPanel.parse(await p['panel:cluster']({ clusterId: 'ace-prod' }, live))
    expect(cluster.nodes.find((n) => n.name === 'vitib-pve1')).toMatchObject({ online: false })
    expect(cluster.mixedVersions).toBe(false)
    expect(cluster.nodes.find((n) => n.name === 'vitib-pve1')?.version).toBeUndefined()
    expect(cluster.totals.nodesOnline).toBe(2)
  })

  it('reads a standalone node: no cluster name, no quorum, its own node', async () => {
    const p = panels('yakro-pve1')
    const cluster = ClusterPanel.parse(await p['panel:cluster']({ clusterId: 'yakro-pve1' }, live))
    expect(cluster.clusterName).toBeUndefined()
    expect(cluster.quorate).toBeUndefined()
    expect(cluster.nodes).toMatchObject([{ name: 'yakro-pve1', online: true, version: '8.4.1' }])
    expect(cluster.mixedVersions).toBe(false)
    expect(cluster.ha).toMatchObject({ lrm: [], resources: 0 })
    expect(cluster.ha.master).toBeUndefined()
  })

  it('stops asking PVE once cancelled', async () => {
    fleet.sim.setFaults({ latencyMs: 400 })
    const p = panels('ace-prod')
    const controller = new AbortController()
    const versions = callsTo('/version')
    const reading = p['panel:cluster']({ clusterId: 'ace-prod' }, { signal: controller.signal })
    await vi.waitFor(() => expect(callsTo('/cluster/status')).toBeGreaterThan(0), { timeout: 10_000 })
    controller.abort()
    await expect(reading).rejects.toMatchObject({ code: 'cancelled' })
    // A read after it, answered: whatever the cancelled one would still have sent has reached the simulator.
    fleet.sim.setFaults({})
    await p['panel:nodeNetwork']({ clusterId: 'ace-prod', node: 'km4-pve1' }, live)
    expect(callsTo('/version')).toBe(versions)
  })
})

describe('storage panel against the simulator', () => {
  it('reads a PBS storage: usage, content summary, backups newest first with verification', async () => {
    const p = panels('yakro-pve1')
    const storage = StoragePanel.parse(
      await p['panel:storage']({ clusterId: 'yakro-pve1', storage: 'pbs-yakro' }, live),
    )
    expect(storage).toMatchObject({ storage: 'pbs-yakro', type: 'pbs' })
    expect(storage.perNode).toMatchObject([{ node: 'yakro-pve1', status: 'available' }])
    expect(storage.backups.length).toBeGreaterThan(0)
    const times = storage.backups.map((b) => b.ctime ?? 0)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(storage.backups.some((b) => b.verification !== undefined)).toBe(true)
    expect(storage.contentSummary.find((c) => c.content === 'backup')?.count).toBe(storage.backups.length)
  })

  it('reads a local storage on each of its nodes', async () => {
    const p = panels('ace-prod')
    const storage = StoragePanel.parse(
      await p['panel:storage']({ clusterId: 'ace-prod', storage: 'local' }, live),
    )
    expect(storage.shared).toBe(false)
    expect(storage.perNode.map((n) => n.node)).toEqual(['km4-pve1', 'km4-pve2', 'vitib-pve1'])
    expect(callsTo('/storage/local/content')).toBe(3)
    expect(storage.contentSummary.length).toBeGreaterThan(0)
  })
})

describe('an auditor', () => {
  it('reads the summary and the cluster; the syslog (Sys.Syslog) is refused as PVE refuses it', async () => {
    const p = panels('ace-prod', 'auditor@pve')
    const summary = await p['panel:nodeSummary']({ clusterId: 'ace-prod', node: 'km4-pve1', ...chart }, live)
    expect(summary.status.cpu).toBeDefined()
    expect(JSON.stringify(summary)).not.toMatch(/pve2p-/)
    const cluster = await p['panel:cluster']({ clusterId: 'ace-prod' }, live)
    expect(cluster.nodes).toHaveLength(3)
    await expect(
      p['panel:nodeSyslog']({ clusterId: 'ace-prod', node: 'km4-pve1', start: 0, limit: 10 }, live),
    ).rejects.toMatchObject({ code: 'forbidden' })
    const storage = await p['panel:storage']({ clusterId: 'ace-prod', storage: 'local-lvm' }, live)
    expect(storage.type).toBe('lvmthin')
  })
})
