import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

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
  root = await login(km4, 'root@pam', 'pvedesk-demo')
  yakroRoot = await login(yakro, 'root@pam', 'pvedesk-demo')
})

afterEach(async () => {
  await sim.reset()
  root = await login(km4, 'root@pam', 'pvedesk-demo')
  yakroRoot = await login(yakro, 'root@pam', 'pvedesk-demo')
})

afterAll(async () => {
  await sim.dispose()
})

async function get(path: string, dr = false): Promise<unknown> {
  const res = await call(dr ? yakro : km4, dr ? yakroRoot : root, 'GET', path)
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.reason}`)
  return res.data
}

describe('nodes', () => {
  it('report their status with the quirks of real nodes', async () => {
    const status = (await get('/nodes/km4-pve2/status')) as Entry
    expect(status).toMatchObject({
      pveversion: expect.stringMatching(/^pve-manager\/9\.1\.4\/[0-9a-f]{16}$/) as string,
    })
    expect(status.loadavg).toEqual([
      expect.stringMatching(/^\d+\.\d\d$/),
      expect.any(String),
      expect.any(String),
    ])
    expect((status.cpuinfo as Entry).mhz).toBe('3000.000')
    expect(status['current-kernel']).toMatchObject({ sysname: 'Linux', machine: 'x86_64' })
    expect(await get('/nodes/km4-pve2/version')).toEqual({
      version: '9.1.4',
      release: '9.1',
      repoid: expect.any(String) as string,
    })
  })

  it('list bridges, bonds and VLANs but never lo', async () => {
    const ifaces = (await get('/nodes/km4-pve1/network')) as Entry[]
    expect(ifaces.map((i) => [i.iface, i.type])).toEqual([
      ['bond0', 'bond'],
      ['bond0.20', 'vlan'],
      ['eno1', 'eth'],
      ['eno2', 'eth'],
      ['eno3', 'eth'],
      ['vmbr0', 'bridge'],
      ['vmbr0.30', 'vlan'],
    ])
    expect(ifaces.find((i) => i.iface === 'vmbr0')).toMatchObject({
      netmask: '24',
      bridge_fd: '0',
      bridge_ports: 'bond0',
      active: 1,
    })
    expect(((await get('/nodes/km4-pve1/network?type=vlan')) as Entry[])[0]).toMatchObject({
      'vlan-id': '20',
      'vlan-raw-device': 'bond0',
    })
  })

  it('describe their certificate, fingerprint included, and follow a rotation', async () => {
    const served = (files: Entry[]): Entry | undefined => files.find((f) => f.filename === 'pve-ssl.pem')
    const info = served((await get('/nodes/km4-pve1/certificates/info')) as Entry[])
    expect(info).toMatchObject({
      filename: 'pve-ssl.pem',
      fingerprint: km4.fingerprint,
      'public-key-type': 'rsaEncryption',
      'public-key-bits': 2048,
      subject: expect.stringContaining('CN=km4-pve1') as string,
    })
    expect(info?.san).toEqual(expect.arrayContaining(['127.0.0.1', 'localhost', 'km4-pve1']))
    expect(Number(info?.notafter)).toBeGreaterThan(Date.now() / 1000 + 365 * 86_400)
    const rotated = await sim.rotateCertificate('km4-pve2')
    const after = served((await get('/nodes/km4-pve2/certificates/info')) as Entry[])
    expect(after?.fingerprint).toBe(rotated)
  })
})

describe('storage and backups', () => {
  it('lists the storages of a node with their usage', async () => {
    const storages = (await get('/nodes/yakro-pve1/storage', true)) as Entry[]
    expect(storages.map((s) => [s.storage, s.type, s.shared, s.active])).toEqual([
      ['local', 'dir', 0, 1],
      ['local-lvm', 'lvmthin', 0, 1],
      ['pbs-yakro', 'pbs', 1, 1],
    ])
    expect(Number(storages[0]?.used_fraction)).toBeGreaterThan(0)
  })

  it('shows disk images, ISO images and PBS backups with verification and protection', async () => {
    const images = (await get('/nodes/km4-pve1/storage/local-lvm/content?content=images')) as Entry[]
    expect(images.find((i) => i.vmid === 106)).toMatchObject({
      volid: 'local-lvm:vm-106-disk-0',
      format: 'raw',
      ctime: expect.any(String) as string,
    })
    // Production is on ZFS (no creation time listed), the RAM of 103's snapshot with its disk.
    const zfs = (await get('/nodes/km4-pve1/storage/local-zfs/content?content=images')) as Entry[]
    expect(zfs.find((i) => i.vmid === 101)).toEqual({
      volid: 'local-zfs:vm-101-disk-0',
      content: 'images',
      format: 'raw',
      size: 64 * 1024 ** 3,
      vmid: 101,
    })
    expect(zfs.some((i) => i.volid === 'local-zfs:vm-103-state-pre_release')).toBe(true)
    expect(zfs.some((i) => i.vmid === 106)).toBe(false)
    // VITIB's pool holds the replicas of production, not 106's (its job never ran).
    const copies = (await get('/nodes/vitib-pve1/storage/local-zfs/content')) as Entry[]
    expect(copies.map((i) => i.volid)).toEqual(
      [101, 102, 103, 104, 105, 107].map((vmid) => `local-zfs:vm-${vmid}-disk-0`),
    )
    expect(((await get('/nodes/km4-pve1/storage/local-lvm/content?content=rootdir')) as Entry[]).length).toBe(
      5,
    )
    const iso = (await get('/nodes/km4-pve1/storage/local/content?content=iso')) as Entry[]
    expect(iso.map((i) => i.volid)).toContain('local:iso/debian-13.1.0-amd64-netinst.iso')
    const pbs = (await get('/nodes/yakro-pve1/storage/pbs-yakro/content?vmid=110', true)) as Entry[]
    expect(pbs).toHaveLength(7)
    expect(pbs[0]).toMatchObject({
      content: 'backup',
      format: 'pbs-vm',
      subtype: 'qemu',
      protected: 1,
      notes: 'naorlo-db01-dr',
      volid: expect.stringMatching(/^pbs-yakro:backup\/vm\/110\/\d{4}-\d\d-\d\dT01:\d\d:\d\dZ$/) as string,
    })
    expect(pbs.map((b) => (b.verification as Entry).state)).toContain('failed')
  })

  it('runs vzdump as a task: lock while it runs, a new archive at the end', async () => {
    const before = ((await get('/nodes/km4-pve1/storage/local/content?content=backup&vmid=110')) as Entry[])
      .length
    const res = await call(km4, root, 'POST', '/nodes/km4-pve1/vzdump', {
      vmid: '110,105',
      storage: 'local',
      mode: 'snapshot',
      'notes-template': '{{guestname}} on {{node}}',
    })
    const upid = String(res.data)
    expect(upid).toMatch(/^UPID:km4-pve1:[0-9A-F:]+:vzdump::root@pam:$/)
    // VM 105 comes first (it fails on its lock), then the container holds the backup lock while it is saved.
    sim.advanceClock(18)
    expect((await get('/nodes/km4-pve1/lxc/110/status/current')) as Entry).toMatchObject({ lock: 'backup' })
    sim.advanceClock(120)
    const after = (await get('/nodes/km4-pve1/storage/local/content?content=backup&vmid=110')) as Entry[]
    expect(after).toHaveLength(before + 1)
    expect(after.at(-1)).toMatchObject({ format: 'tar.zst', notes: 'dns01 on km4-pve1' })
    expect(await get('/nodes/km4-pve1/lxc/110/status/current')).not.toHaveProperty('lock')
    const status = (await get(`/nodes/km4-pve1/tasks/${encodeURIComponent(upid)}/status`)) as Entry
    expect(status).toMatchObject({ status: 'stopped', exitstatus: 'job errors' })
    const log = ((await get(`/nodes/km4-pve1/tasks/${encodeURIComponent(upid)}/log?limit=0`)) as Entry[]).map(
      (l) => l.t,
    )
    expect(log).toContain('ERROR: Backup of VM 105 failed - VM is locked (backup)')
    expect(log.at(-1)).toBe('TASK ERROR: job errors')
  })

  it('refuses vzdump without the privileges or to a storage without backups', async () => {
    const naorlo = await login(km4, 'naorlo@pve', 'naorlo-demo')
    const denied = await call(km4, naorlo, 'POST', '/nodes/km4-pve1/vzdump', {
      vmid: '101',
      storage: 'local',
    })
    expect([denied.status, denied.reason]).toEqual([
      403,
      'Permission check failed (/storage/local, Datastore.AllocateSpace)',
    ])
    const thin = await call(km4, root, 'POST', '/nodes/km4-pve1/vzdump', {
      vmid: '101',
      storage: 'local-lvm',
    })
    // VZDump.pm `storage_info` runs in the worker: the task fails, the call itself answers its UPID.
    expect(String(thin.data)).toMatch(/:vzdump:101:root@pam:$/)
    sim.advanceClock(1)
    const status = await get(`/nodes/km4-pve1/tasks/${encodeURIComponent(String(thin.data))}/status`)
    expect(status).toMatchObject({
      exitstatus: "can't use storage 'local-lvm' for backups - wrong content type",
    })
  })

  it('lists backup jobs with next-run and prune-backups as an object, and the guests no job covers', async () => {
    const jobs = (await get('/cluster/backup')) as Entry[]
    expect(jobs[0]).toMatchObject({
      type: 'vzdump',
      schedule: '02:00',
      pool: 'naorlo-prod',
      enabled: 1,
      'prune-backups': { 'keep-daily': 7, 'keep-weekly': 4 },
    })
    expect(Number(jobs[0]?.['next-run'])).toBeGreaterThan(sim.now() / 1000)
    expect(jobs[2]).not.toHaveProperty('next-run')
    const bare = (await get('/cluster/backup-info/not-backed-up')) as Entry[]
    expect(bare.map((g) => g.vmid)).toEqual([120, 201, 202, 203, 204, 205, 210, 900])
    expect(bare[0]).toEqual({ vmid: 120, type: 'qemu', name: 'win-ad01' })
    expect(await get('/cluster/backup-info/not-backed-up', true)).toEqual([
      { vmid: 100, type: 'qemu', name: 'pbs-yakro' },
    ])
  })
})

describe('HA, replication, pools and firewall', () => {
  it('reports HA status per node and service, with the 9.x fencing entry', async () => {
    const status = (await get('/cluster/ha/status/current')) as Entry[]
    expect(status.map((e) => e.type)).toEqual([
      'quorum',
      'master',
      'fencing',
      'lrm',
      'lrm',
      'lrm',
      ...Array<string>(5).fill('service'),
    ])
    expect(status.find((e) => e.id === 'service:vm:101')).toMatchObject({
      sid: 'vm:101',
      state: 'started',
      node: 'km4-pve1',
    })
    expect(await get('/cluster/ha/status/current', true)).toEqual([
      { id: 'quorum', type: 'quorum', node: 'yakro-pve1', status: 'OK', quorate: 1 },
    ])
    expect(((await get('/cluster/ha/resources?type=vm')) as Entry[]).map((r) => r.sid)).toEqual([
      'vm:101',
      'vm:102',
      'vm:103',
      'vm:104',
      'vm:105',
    ])
  })

  it('keeps replication state per node, with a failing job and schedule_now', async () => {
    expect(((await get('/cluster/replication')) as Entry[]).map((j) => j.id)).toEqual([
      '101-0',
      '102-0',
      '103-0',
      '104-0',
      '105-0',
      '106-0',
      '107-0',
    ])
    const here = (await get('/nodes/km4-pve1/replication')) as Entry[]
    expect(here.map((j) => j.id)).toEqual(['101-0', '102-0', '103-0', '104-0', '105-0', '106-0', '107-0'])
    expect(await get('/nodes/km4-pve2/replication')).toEqual([])
    const failing = (await get('/nodes/km4-pve1/replication/106-0/status')) as Entry
    expect(failing).toMatchObject({
      fail_count: 3,
      last_sync: 0,
      error: expect.stringContaining('missing replicate feature') as string,
    })
    const good = (await get('/nodes/km4-pve1/replication/101-0/status')) as Entry
    expect(good).toMatchObject({ fail_count: 0, source: 'km4-pve1', target: 'vitib-pve1', vmtype: 'qemu' })
    expect(good).not.toHaveProperty('error')
    await sim.stopNode('vitib-pve1')
    expect(await get('/nodes/km4-pve1/replication/101-0/status')).toMatchObject({
      fail_count: 1,
      next_sync: 0,
    })
    const missing = await call(km4, root, 'GET', '/nodes/km4-pve2/replication/101-0/status')
    expect([missing.status, missing.reason]).toEqual([500, "no such replication job '101-0'"])
  })

  it('lists pools with their members', async () => {
    expect(await get('/pools')).toEqual([
      { poolid: 'infra', comment: 'Infrastructure services' },
      { poolid: 'naorlo-prod', comment: 'NA&ORLO production' },
      { poolid: 'naorlo-test', comment: 'NA&ORLO test copies' },
    ])
    const pool = (await get('/pools/naorlo-test')) as { comment: string; members: Entry[] }
    expect(pool.members.map((m) => m.id)).toEqual(['qemu/201', 'qemu/202', 'qemu/203', 'qemu/204'])
  })

  it('lists security groups and rules with one digest per list', async () => {
    expect(((await get('/cluster/firewall/groups')) as Entry[]).map((g) => g.group)).toEqual([
      'mgmt',
      'web',
      'db',
    ])
    const rules = (await get('/nodes/km4-pve1/qemu/101/firewall/rules')) as Entry[]
    expect(rules.map((r) => [r.pos, r.type, r.action])).toEqual([
      [0, 'group', 'mgmt'],
      [1, 'group', 'web'],
    ])
    expect(new Set(rules.map((r) => r.digest)).size).toBe(1)
    expect(((await get('/cluster/firewall/rules')) as Entry[])[2]).toMatchObject({
      action: 'DROP',
      enable: 0,
    })
  })
})
