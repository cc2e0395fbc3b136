// What the node panel reads of a node besides its status: local disks with SMART, the network configuration.

import { X509Certificate } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Entry, Session } from './test-support'
import { call, login } from './test-support'
import type { SimEndpoint, Simulator } from './types'

let sim: Simulator
let km4: SimEndpoint
let yakro: SimEndpoint
let root: Session
let yakroRoot: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const [ace, dr] = sim.info.clusters
  if (ace?.endpoints[0] === undefined || dr?.endpoints[0] === undefined) throw new Error('clusters missing')
  km4 = ace.endpoints[0]
  yakro = dr.endpoints[0]
  root = await login(km4, 'root@pam', ace.login.password)
  yakroRoot = await login(yakro, 'root@pam', dr.login.password)
})

afterAll(async () => {
  await sim.dispose()
})

const list = async (endpoint: SimEndpoint, session: Session, path: string): Promise<Entry[]> => {
  const res = await call(endpoint, session, 'GET', path)
  expect(res.status, `${path}: ${res.reason}`).toBe(200)
  return res.data as Entry[]
}

describe('GET /nodes/{node}/disks/list', () => {
  it('lists the disks by device name with SMART health and the life left of solid-state ones', async () => {
    const disks = await list(km4, root, '/nodes/km4-pve1/disks/list')
    expect(disks.map((d) => d.devpath)).toEqual(['/dev/nvme0n1', '/dev/nvme1n1', '/dev/sda', '/dev/sdb'])
    const worn = disks.find((d) => d.devpath === '/dev/sdb')
    expect(worn).toMatchObject({ type: 'ssd', health: 'PASSED', wearout: 12, used: 'LVM', rpm: 0, gpt: 1 })
    expect(disks[0]).toMatchObject({
      type: 'nvme',
      vendor: 'unknown',
      used: 'ZFS',
      osdid: -1,
      'osdid-list': null,
    })
    for (const d of disks) expect(typeof d.serial === 'string' && typeof d.model === 'string').toBe(true)
  })

  it('shows a spinning disk with wearout N/A, and no SMART at all with skipsmart', async () => {
    const disks = await list(yakro, yakroRoot, '/nodes/yakro-pve1/disks/list')
    expect(disks.find((d) => d.devpath === '/dev/sdc')).toMatchObject({
      type: 'hdd',
      rpm: 7200,
      wearout: 'N/A',
      used: 'ext4',
      mounted: 1,
    })
    const skipped = await list(km4, root, '/nodes/km4-pve1/disks/list?skipsmart=1')
    expect(new Set(skipped.map((d) => `${String(d.health)}/${String(d.wearout)}`))).toEqual(
      new Set(['UNKNOWN/N/A']),
    )
  })

  it('filters unused disks and lists partitions after their disk with include-partitions', async () => {
    const unused = await list(km4, root, '/nodes/km4-pve2/disks/list?type=unused')
    expect(unused.map((d) => d.devpath)).toEqual(['/dev/sdc'])
    expect(unused[0]?.used).toBeUndefined()
    const parts = await list(km4, root, '/nodes/km4-pve1/disks/list?include-partitions=1')
    expect(parts.slice(0, 4).map((d) => [d.devpath, d.used])).toEqual([
      ['/dev/nvme0n1', 'partitions'],
      ['/dev/nvme0n1p1', 'BIOS boot'],
      ['/dev/nvme0n1p2', 'EFI'],
      ['/dev/nvme0n1p3', 'ZFS'],
    ])
    expect(parts[1]).toMatchObject({ type: 'partition', parent: '/dev/nvme0n1' })
  })

  it('wants Sys.Audit on the node: an auditor reads it, a pool user is refused', async () => {
    const auditor = await login(km4, 'auditor@pve', 'auditor-demo')
    expect((await call(km4, auditor, 'GET', '/nodes/km4-pve1/disks/list')).status).toBe(200)
    const naorlo = await login(km4, 'naorlo@pve', 'naorlo-demo')
    const refused = await call(km4, naorlo, 'GET', '/nodes/km4-pve1/disks/list')
    expect(refused.status).toBe(403)
    expect(refused.reason).toMatch(/^Permission check failed/)
  })

  it('answers for a node it is asked through (proxied to the node)', async () => {
    const disks = await list(km4, root, '/nodes/vitib-pve1/disks/list')
    expect(disks.length).toBeGreaterThan(0)
  })
})

describe('GET /nodes/{node}/network', () => {
  it('bonds eno1 and eno2 with LACP under vmbr0 on Km4, with IPv6, a VLAN-aware bridge and two VLANs', async () => {
    const ifaces = await list(km4, root, '/nodes/km4-pve1/network')
    const byName = new Map(ifaces.map((i) => [i.iface, i]))
    expect([...byName.keys()]).toEqual(['bond0', 'bond0.20', 'eno1', 'eno2', 'eno3', 'vmbr0', 'vmbr0.30'])
    expect(byName.get('bond0')).toMatchObject({
      type: 'bond',
      slaves: 'eno1 eno2',
      bond_mode: '802.3ad',
      bond_xmit_hash_policy: 'layer3+4',
    })
    expect(byName.get('vmbr0')).toMatchObject({
      type: 'bridge',
      bridge_ports: 'bond0',
      bridge_vlan_aware: 1,
      cidr: '10.10.0.11/24',
      cidr6: '2001:db8:4d4::11/64',
      gateway: '10.10.0.1',
      active: 1,
      autostart: 1,
    })
    expect(byName.get('vmbr0.30')).toMatchObject({
      type: 'vlan',
      'vlan-raw-device': 'vmbr0',
      'vlan-id': '30',
      exists: null,
    })
    expect(byName.get('eno3')).toEqual(expect.not.objectContaining({ active: 1 }))
  })

  it('uses active-backup elsewhere, without the backup VLAN, and filters by type', async () => {
    const ifaces = await list(yakro, yakroRoot, '/nodes/yakro-pve1/network')
    const bond = ifaces.find((i) => i.iface === 'bond0')
    expect(bond).toMatchObject({ bond_mode: 'active-backup', 'bond-primary': 'eno1' })
    expect(ifaces.some((i) => i.iface === 'vmbr0.30')).toBe(false)
    const vlans = await list(km4, root, '/nodes/km4-pve1/network?type=vlan')
    expect(vlans.map((i) => i.iface)).toEqual(['bond0.20', 'vmbr0.30'])
  })
})

describe('GET /nodes/{node}/certificates/info', () => {
  it('lists the cluster CA, then pve-ssl.pem signed by it, with what the GUI shows', async () => {
    const files = await list(km4, root, '/nodes/km4-pve1/certificates/info')
    expect(files.map((f) => f.filename)).toEqual(['pve-root-ca.pem', 'pve-ssl.pem'])
    const [ca, node] = files
    expect(ca?.subject).toMatch(
      /^\/CN=Proxmox Virtual Environment\/OU=[0-9a-f]{32}\/O=PVE Cluster Manager CA$/,
    )
    expect(node?.issuer).toBe(ca?.subject)
    expect(node).toMatchObject({ fingerprint: km4.fingerprint, 'public-key-bits': 2048 })
    expect(
      new X509Certificate(String(node?.pem)).verify(new X509Certificate(String(ca?.pem)).publicKey),
    ).toBe(true)
  })

  it('has km4-pve2 serve a custom pveproxy-ssl.pem that expires in ten days', async () => {
    const files = await list(km4, root, '/nodes/km4-pve2/certificates/info')
    expect(files.map((f) => f.filename)).toEqual(['pve-root-ca.pem', 'pve-ssl.pem', 'pveproxy-ssl.pem'])
    const custom = files[2]
    const days = (Number(custom?.notafter) * 1000 - sim.now()) / 86_400_000
    expect(days).toBeGreaterThan(9.9)
    expect(days).toBeLessThan(10.1)
    expect(custom?.fingerprint).toBe(sim.fingerprintOf('km4-pve2'))
    expect(custom?.san).toEqual(expect.arrayContaining(['km4-pve2.ace.ci']))
  })
})
