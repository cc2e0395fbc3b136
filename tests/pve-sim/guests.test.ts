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

const get = async (path: string, endpoint = km4, session?: Session): Promise<unknown> => {
  const res = await call(endpoint, session ?? (endpoint === km4 ? root : yakroRoot), 'GET', path)
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.reason}`)
  return res.data
}

describe('guest status', () => {
  it('reports a running VM with its QEMU runtime details, 9.x figures and HA state', async () => {
    const vm = (await get('/nodes/km4-pve1/qemu/101/status/current')) as Entry
    expect(vm).toMatchObject({
      vmid: 101,
      name: 'naorlo-web01',
      status: 'running',
      qmpstatus: 'running',
      tags: 'naorlo;prod;web',
      ha: { managed: 1, state: 'started' },
      serial: 1,
      agent: 1,
      'running-qemu': '9.2.0',
    })
    expect(vm.pid).toEqual(expect.any(Number))
    expect(vm.memhost).toEqual(expect.any(Number))
    expect(vm.pressurecpusome).toEqual(expect.any(Number))
    expect(vm).not.toHaveProperty('template')
    expect(vm).not.toHaveProperty('lock')
  })

  it('leaves out what a stopped guest cannot have, flags templates and locks', async () => {
    const stopped = (await get('/nodes/km4-pve2/qemu/204/status/current')) as Entry
    expect(stopped).toMatchObject({
      status: 'stopped',
      qmpstatus: 'stopped',
      uptime: 0,
      cpu: 0,
      mem: 0,
      ha: { managed: 0 },
    })
    for (const key of ['pid', 'running-qemu', 'nics', 'memhost']) expect(stopped).not.toHaveProperty(key)
    expect(await get('/nodes/km4-pve1/qemu/900/status/current')).toMatchObject({
      template: 1,
      status: 'stopped',
    })
    expect(await get('/nodes/km4-pve1/qemu/105/status/current')).toMatchObject({ lock: 'backup' })
    expect(await get('/nodes/km4-pve1/qemu/107/status/current')).toMatchObject({
      status: 'running',
      qmpstatus: 'paused',
    })
    // Windows has no serial port (no xterm.js console) and no guest agent configured.
    const win = (await get('/nodes/km4-pve1/qemu/120/status/current')) as Entry
    expect(win).not.toHaveProperty('serial')
    expect(win).not.toHaveProperty('agent')
  })

  it('reports containers with swap, and 8.x guests without the 9.x figures', async () => {
    const ct = (await get('/nodes/km4-pve1/lxc/110/status/current')) as Entry
    expect(ct).toMatchObject({ vmid: 110, type: 'lxc', status: 'running', maxswap: 536870912 })
    expect(Number(ct.disk)).toBeGreaterThan(0)
    const dr = (await get('/nodes/yakro-pve1/qemu/100/status/current', yakro)) as Entry
    expect(dr).toMatchObject({ status: 'running', 'running-qemu': '8.1.5' })
    expect(dr).not.toHaveProperty('memhost')
    expect(dr).not.toHaveProperty('pressurecpusome')
  })

  it('lists a node guests: qemu vmids as numbers, lxc vmids as strings', async () => {
    const vms = (await get('/nodes/km4-pve2/qemu')) as Entry[]
    expect(vms.map((v) => v.vmid)).toEqual([201, 202, 203, 204, 210])
    expect(vms[0]).not.toHaveProperty('qmpstatus')
    expect(((await get('/nodes/km4-pve2/qemu?full=1')) as Entry[])[0]).toHaveProperty('qmpstatus')
    const cts = (await get('/nodes/km4-pve1/lxc')) as Entry[]
    expect(cts.map((c) => c.vmid)).toEqual(['110', '111', '112', '113', '114'])
  })
})

describe('guest config and snapshots', () => {
  it('reads back realistic QEMU and LXC configs with a digest', async () => {
    const vm = (await get('/nodes/km4-pve1/qemu/103/config')) as Entry
    expect(vm).toMatchObject({
      name: 'naorlo-app01',
      cores: 8,
      memory: '16384',
      ostype: 'l26',
      onboot: 1,
      scsi0: 'local-zfs:vm-103-disk-0,iothread=1,size=100G',
      tags: 'naorlo;prod',
      parent: 'pre_release',
    })
    expect(String(vm.net0)).toMatch(/^virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0,firewall=1$/)
    expect(vm.digest).toMatch(/^[0-9a-f]{40}$/)
    const ct = (await get('/nodes/km4-pve1/lxc/112/config')) as Entry
    expect(ct).toMatchObject({
      hostname: 'bastion',
      memory: 2048,
      swap: 512,
      unprivileged: 1,
      ostype: 'debian',
    })
    expect(String(ct.rootfs)).toBe('local-lvm:vm-112-disk-0,size=8G')
    expect(await get('/nodes/km4-pve1/qemu/900/config')).toMatchObject({
      template: 1,
      scsi0: expect.stringContaining('base-900-disk-0') as string,
    })
  })

  it('lists snapshots with the current state last, and creates, rolls back and deletes them through tasks', async () => {
    expect(await get('/nodes/km4-pve2/qemu/201/snapshot')).toEqual([
      { name: 'clean_install', description: '', snaptime: expect.any(Number) as number, vmstate: 0 },
      {
        name: 'current',
        description: 'You are here!',
        digest: expect.any(String) as string,
        running: 1,
        parent: 'clean_install',
      },
    ])
    const created = await call(km4, root, 'POST', '/nodes/km4-pve2/qemu/201/snapshot', {
      snapname: 'before_patch',
      description: 'March patches',
      vmstate: '1',
    })
    expect(String(created.data)).toMatch(/:qmsnapshot:201:root@pam:$/)
    expect(await get('/nodes/km4-pve2/qemu/201/status/current')).toMatchObject({ lock: 'snapshot' })
    sim.advanceClock(10)
    const list = (await get('/nodes/km4-pve2/qemu/201/snapshot')) as Entry[]
    expect(list.map((s) => [s.name, s.parent, s.vmstate])).toEqual([
      ['clean_install', undefined, 0],
      ['before_patch', 'clean_install', 1],
      ['current', 'before_patch', undefined],
    ])
    // A name in use fails inside the task (AbstractConfig.pm `__snapshot_prepare`), not in the API call.
    const again = await call(km4, root, 'POST', '/nodes/km4-pve2/qemu/201/snapshot', {
      snapname: 'before_patch',
    })
    expect(again.status).toBe(200)
    sim.advanceClock(2)
    const failed = await call(
      km4,
      root,
      'GET',
      `/nodes/km4-pve2/tasks/${encodeURIComponent(String(again.data))}/status`,
    )
    expect((failed.data as Entry).exitstatus).toBe("snapshot name 'before_patch' already used")
    // Rolling back to a snapshot without RAM leaves the VM stopped.
    await call(km4, root, 'POST', '/nodes/km4-pve2/qemu/201/snapshot/clean_install/rollback')
    sim.advanceClock(10)
    expect(await get('/nodes/km4-pve2/qemu/201/status/current')).toMatchObject({ status: 'stopped' })
    expect(((await get('/nodes/km4-pve2/qemu/201/config')) as Entry).parent).toBe('clean_install')
    await call(km4, root, 'DELETE', '/nodes/km4-pve2/qemu/201/snapshot/before_patch')
    sim.advanceClock(5)
    expect(((await get('/nodes/km4-pve2/qemu/201/snapshot')) as Entry[]).map((s) => s.name)).toEqual([
      'clean_install',
      'current',
    ])
    const gone = await call(km4, root, 'DELETE', '/nodes/km4-pve2/qemu/201/snapshot/nope')
    expect(gone.status).toBe(200)
    sim.advanceClock(2)
    const log = await call(
      km4,
      root,
      'GET',
      `/nodes/km4-pve2/tasks/${encodeURIComponent(String(gone.data))}/log`,
    )
    expect(log.data).toEqual([{ n: 1, t: "TASK ERROR: snapshot 'nope' does not exist" }])
  })

  it('needs VM.Snapshot, which the NOC operator does not have', async () => {
    const noc = await login(km4, 'noc@pve', 'noc-demo')
    const res = await call(km4, noc, 'POST', '/nodes/km4-pve1/qemu/101/snapshot', { snapname: 'x' })
    expect([res.status, res.reason]).toEqual([403, 'Permission check failed (/vms/101, VM.Snapshot)'])
  })
})

describe('migration', () => {
  it('moves a stopped VM to another node, holding the migrate lock meanwhile', async () => {
    const upid = String(
      (await call(km4, root, 'POST', '/nodes/km4-pve2/qemu/210/migrate', { target: 'vitib-pve1' })).data,
    )
    expect(upid).toMatch(/^UPID:km4-pve2:.*:qmigrate:210:root@pam:$/)
    const during = ((await get('/cluster/resources?type=vm')) as Entry[]).find((g) => g.vmid === 210)
    expect(during).toMatchObject({ node: 'km4-pve2', lock: 'migrate' })
    sim.advanceClock(10)
    const after = ((await get('/cluster/resources?type=vm')) as Entry[]).find((g) => g.vmid === 210)
    expect(after).toMatchObject({ node: 'vitib-pve1', status: 'stopped' })
    expect(after).not.toHaveProperty('lock')
    expect((await call(km4, root, 'GET', '/nodes/km4-pve2/qemu/210/config')).status).toBe(500)
    expect((await call(km4, root, 'GET', '/nodes/vitib-pve1/qemu/210/config')).status).toBe(200)
  })

  it('refuses what PVE refuses: a running VM without online, the local node, an unknown node', async () => {
    const offline = await call(km4, root, 'POST', '/nodes/km4-pve2/qemu/202/migrate', { target: 'km4-pve1' })
    expect([offline.status, offline.reason]).toEqual([500, "can't migrate running VM without --online"])
    const local = await call(km4, root, 'POST', '/nodes/km4-pve2/qemu/202/migrate', {
      target: 'km4-pve2',
      online: '1',
    })
    expect([local.status, local.body.errors]).toEqual([400, { target: 'target is local node.' }])
    const ghost = await call(km4, root, 'POST', '/nodes/km4-pve2/qemu/202/migrate', {
      target: 'ghost',
      online: '1',
    })
    expect([ghost.status, ghost.reason]).toEqual([500, "no such cluster node 'ghost'"])
    const upid = String(
      (await call(km4, root, 'POST', '/nodes/km4-pve2/qemu/202/migrate', { target: 'km4-pve1', online: '1' }))
        .data,
    )
    sim.advanceClock(20)
    const status = (await call(km4, root, 'GET', `/nodes/km4-pve2/tasks/${encodeURIComponent(upid)}/status`))
      .data as Entry
    // QemuMigrate.pm `scan_local_volumes` logs the detail; the task's own error is AbstractMigrate's.
    expect(status.exitstatus).toBe('migration aborted')
    const log = (await call(km4, root, 'GET', `/nodes/km4-pve2/tasks/${encodeURIComponent(upid)}/log`))
      .data as Entry[]
    expect(log.map((l) => String(l.t)).join('\n')).toMatch(
      /can't live migrate attached local disks without with-local-disks option\n.*ERROR: Problem found/,
    )
  })

  it('restarts a running container on the target (restart migration)', async () => {
    await call(km4, root, 'POST', '/nodes/km4-pve1/lxc/113/migrate', { target: 'km4-pve2', restart: '1' })
    sim.advanceClock(15)
    expect(await get('/nodes/km4-pve2/lxc/113/status/current')).toMatchObject({
      status: 'running',
      uptime: expect.any(Number) as number,
    })
  })
})

describe('RRD history', () => {
  it('gives PVE 9 rows (60 for an hour), with only the max columns before the guest ran', async () => {
    const hour = (await get('/nodes/km4-pve2/qemu/204/rrddata?timeframe=hour')) as Entry[]
    expect(hour).toHaveLength(60)
    expect(Number(hour[1]?.time) - Number(hour[0]?.time)).toBe(60)
    expect(Object.keys(hour[59] ?? {}).sort()).toEqual(['disk', 'maxcpu', 'maxdisk', 'maxmem', 'time'])
    const running = (await get('/nodes/km4-pve1/qemu/101/rrddata?timeframe=day&cf=AVERAGE')) as Entry[]
    expect(running.at(-1)).toMatchObject({
      cpu: expect.any(Number) as number,
      memhost: expect.any(Number) as number,
    })
    const node = (await get('/nodes/km4-pve1/rrddata?timeframe=week')) as Entry[]
    expect(node.at(-1)).toMatchObject({
      memtotal: expect.any(Number) as number,
      loadavg: expect.any(Number) as number,
    })
    const bad = await call(km4, root, 'GET', '/nodes/km4-pve1/rrddata?timeframe=century')
    expect(bad.status).toBe(400)
  })
})
