import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Answer, Entry, Session } from './test-support'
import { call, login, pveRequest } from './test-support'
import type { SimClusterInfo, SimEndpoint, Simulator } from './types'

const UPID =
  /^UPID:([a-z0-9-]+):([0-9A-F]{8}):([0-9A-F]{8,9}):([0-9A-F]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/

let sim: Simulator
let ace: SimClusterInfo
let km4: SimEndpoint
let root: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const cluster = sim.info.clusters[0]
  if (cluster?.endpoints[0] === undefined) throw new Error('ace-prod missing')
  ace = cluster
  km4 = cluster.endpoints[0]
})

afterEach(async () => {
  await sim.reset()
})

afterAll(async () => {
  await sim.dispose()
})

const fresh = async (): Promise<Session> => (root = await login(km4, 'root@pam', ace.login.password))
const as = (name: string): Promise<Session> =>
  login(km4, name, ace.users.find((u) => u.username === name)?.password ?? '')

async function status(upid: string, session = root): Promise<Entry> {
  const node = UPID.exec(upid)?.[1] ?? ''
  return (await call(km4, session, 'GET', `/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`))
    .data as Entry
}

async function log(upid: string, query = ''): Promise<Answer> {
  const node = UPID.exec(upid)?.[1] ?? ''
  return call(km4, root, 'GET', `/nodes/${node}/tasks/${encodeURIComponent(upid)}/log${query}`)
}

async function guest(vmid: number): Promise<Entry> {
  const list = (await call(km4, root, 'GET', '/cluster/resources?type=vm')).data as Entry[]
  const found = list.find((g) => g.vmid === vmid)
  if (found === undefined) throw new Error(`no guest ${vmid}`)
  return found
}

async function act(path: string, form?: Record<string, string>, session = root): Promise<Answer> {
  return call(km4, session, 'POST', path, form)
}

describe('power actions', () => {
  it('start a VM through a task with a real UPID, a log and an exit status', async () => {
    await fresh()
    const res = await act('/nodes/km4-pve2/qemu/204/status/start')
    expect(res.status).toBe(200)
    const upid = String(res.data)
    const [, node, , , start, type, id, user] = UPID.exec(upid) ?? []
    expect([node, type, id, user]).toEqual(['km4-pve2', 'qmstart', '204', 'root@pam'])
    expect(Math.abs(parseInt(start ?? '0', 16) - sim.now() / 1000)).toBeLessThan(5)
    expect(await status(upid)).toMatchObject({
      upid,
      node: 'km4-pve2',
      type: 'qmstart',
      id: '204',
      status: 'running',
    })
    expect(await status(upid)).not.toHaveProperty('exitstatus')
    expect((await guest(204)).status).toBe('stopped')
    sim.advanceClock(3)
    expect(await status(upid)).toMatchObject({ status: 'stopped', exitstatus: 'OK' })
    expect((await guest(204)).status).toBe('running')
    const lines = await log(upid)
    expect(lines.data).toEqual([{ n: 1, t: 'TASK OK' }])
    expect(lines.body.total).toBe(1)
  })

  it('refuse before any task what PVE refuses at once', async () => {
    await fresh()
    const reboot = await act('/nodes/km4-pve2/qemu/204/status/reboot')
    expect([reboot.status, reboot.reason]).toEqual([500, 'VM 204 not running'])
    const ct = await act('/nodes/km4-pve1/lxc/110/status/start')
    expect([ct.status, ct.reason]).toEqual([500, 'CT 110 already running'])
    const missing = await act('/nodes/km4-pve1/qemu/4242/status/start')
    expect([missing.status, missing.reason]).toEqual([
      500,
      "Configuration file 'nodes/km4-pve1/qemu-server/4242.conf' does not exist",
    ])
    // The guest lives on another node.
    expect((await act('/nodes/km4-pve1/qemu/204/status/start')).status).toBe(500)
    const skiplock = await act(
      '/nodes/km4-pve2/qemu/204/status/start',
      { skiplock: '1' },
      await as('noc@pve'),
    )
    expect([skiplock.status, skiplock.body.errors]).toEqual([
      400,
      { skiplock: 'Only root may use this option.' },
    ])
  })

  it('fail the task of a locked guest with the lock in the error', async () => {
    await fresh()
    const upid = String(
      (
        await act('/nodes/km4-pve1/qemu/106/migrate', {
          target: 'km4-pve2',
          online: '1',
          'with-local-disks': '1',
        })
      ).data,
    )
    expect((await guest(106)).lock).toBe('migrate')
    const stop = String((await act('/nodes/km4-pve1/qemu/106/status/stop')).data)
    sim.advanceClock(2)
    expect(await status(stop)).toMatchObject({ status: 'stopped', exitstatus: 'VM is locked (migrate)' })
    expect((await log(stop)).data).toEqual([{ n: 1, t: 'TASK ERROR: VM is locked (migrate)' }])
    // Stopped, the migration dies in its phase (AbstractMigrate.pm `$eval_int`) and its cleanup drops the lock.
    await call(km4, root, 'DELETE', `/nodes/km4-pve1/tasks/${encodeURIComponent(upid)}`)
    expect(await status(upid)).toMatchObject({ status: 'stopped', exitstatus: 'migration aborted' })
    expect((await guest(106)).lock).toBeUndefined()
  })

  it('route HA-managed guests through the HA manager', async () => {
    await fresh()
    const upid = String((await act('/nodes/km4-pve1/qemu/102/status/shutdown')).data)
    expect(upid).toMatch(/:hastop:102:root@pam:$/)
    // The request ends at once; the HA agent's qmshutdown follows (tasks-fidelity.test.ts has the details).
    sim.advanceClock(10)
    expect(await guest(102)).toMatchObject({ status: 'stopped', hastate: 'stopped' })
    expect((await log(upid)).data).toEqual([
      { n: 1, t: 'Requesting HA stop for VM 102' },
      { n: 2, t: 'TASK OK' },
    ])
  })

  it('pause and resume a VM: status stays running, qmpstatus tells', async () => {
    await fresh()
    await act('/nodes/km4-pve2/qemu/201/status/suspend')
    sim.advanceClock(1)
    const current = (await call(km4, root, 'GET', '/nodes/km4-pve2/qemu/201/status/current')).data as Entry
    expect(current).toMatchObject({ status: 'running', qmpstatus: 'paused' })
    const shutdown = await act('/nodes/km4-pve2/qemu/201/status/shutdown')
    expect([shutdown.status, shutdown.reason]).toEqual([500, 'VM is paused - cannot shutdown'])
    await act('/nodes/km4-pve2/qemu/201/status/resume')
    sim.advanceClock(1)
    expect((await call(km4, root, 'GET', '/nodes/km4-pve2/qemu/201/status/current')).data).toMatchObject({
      qmpstatus: 'running',
    })
  })

  it('answer 403 to a user without VM.PowerMgmt, and let the NOC token act without a CSRF token', async () => {
    const auditor = await as('auditor@pve')
    const denied = await act('/nodes/km4-pve2/qemu/204/status/start', undefined, auditor)
    expect([denied.status, denied.reason]).toEqual([403, 'Permission check failed (/vms/204, VM.PowerMgmt)'])
    const token = ace.tokens[0]
    if (token === undefined) throw new Error('no token')
    const res = await pveRequest(km4, {
      method: 'POST',
      path: '/nodes/km4-pve2/qemu/204/status/start',
      headers: { Authorization: `PVEAPIToken=${token.tokenid}=${token.secret}` },
    })
    expect(res.status).toBe(200)
    const upid = (JSON.parse(res.text) as { data: string }).data
    expect(upid).toMatch(/:qmstart:204:noc@pve!desk:$/)
    await fresh()
    const tasks = (await call(km4, root, 'GET', '/nodes/km4-pve2/tasks?source=active')).data as Entry[]
    // The active file's rows are not split into user + tokenid (Tasks.pm only converts the archive's).
    expect(tasks.find((t) => t.upid === upid)).toMatchObject({
      user: 'noc@pve!desk',
      status: 'RUNNING',
      saved: '0',
    })
    expect(tasks.find((t) => t.upid === upid)?.tokenid).toBeUndefined()
  })

  it('fail writes without quorum, and proxied calls to a stopped node with 595', async () => {
    await fresh()
    await sim.stopNode('km4-pve2')
    await sim.stopNode('vitib-pve1')
    // Only a start (and a migration) checks the quorum up front; a stop runs without it.
    const start = await act('/nodes/km4-pve1/qemu/120/status/start')
    expect([start.status, start.reason]).toEqual([500, 'cluster not ready - no quorum?'])
    const stop = await act('/nodes/km4-pve1/qemu/120/status/stop')
    expect(String(stop.data)).toMatch(/:qmstop:120:root@pam:$/)
    const read = await call(km4, root, 'GET', '/nodes/vitib-pve1/qemu/301/status/current')
    expect([read.status, read.reason]).toEqual([595, 'No route to host'])
    // Reads on the surviving node still work.
    expect((await call(km4, root, 'GET', '/nodes/km4-pve1/qemu/120/status/current')).status).toBe(200)
  })
})

describe('task lists and access', () => {
  it('list node tasks newest first with total, and cluster tasks across nodes', async () => {
    await fresh()
    const list = await call(km4, root, 'GET', '/nodes/km4-pve1/tasks?limit=2')
    const entries = list.data as Entry[]
    expect(entries).toHaveLength(2)
    expect(Number(list.body.total)).toBeGreaterThan(3)
    expect(Number(entries[0]?.starttime)).toBeGreaterThanOrEqual(Number(entries[1]?.starttime))
    expect(Object.keys(entries[0] ?? {}).sort()).toEqual(
      ['endtime', 'id', 'node', 'pid', 'pstart', 'starttime', 'status', 'type', 'upid', 'user'].sort(),
    )
    const errors = (await call(km4, root, 'GET', '/nodes/km4-pve1/tasks?errors=1&typefilter=vzdump'))
      .data as Entry[]
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.every((t) => t.status === 'job errors')).toBe(true)
    const backupLog = await log(String(errors[0]?.upid))
    expect((backupLog.data as Entry[]).map((l) => l.t)).toContain(
      'ERROR: Backup of VM 105 failed - VM is locked (backup)',
    )
    const cluster = (await call(km4, root, 'GET', '/cluster/tasks')).data as Entry[]
    expect(new Set(cluster.map((t) => t.node))).toEqual(new Set(['km4-pve1', 'km4-pve2', 'vitib-pve1']))
  })

  it('keep other users out of tasks they do not own and may not audit', async () => {
    await fresh()
    const upid = String((await act('/nodes/km4-pve2/qemu/204/status/start')).data)
    const naorlo = await as('naorlo@pve')
    const res = await call(km4, naorlo, 'GET', `/nodes/km4-pve2/tasks/${encodeURIComponent(upid)}/status`)
    expect([res.status, res.reason]).toEqual([403, 'Permission check failed (/nodes/km4-pve2, Sys.Audit)'])
    expect((await call(km4, naorlo, 'GET', '/nodes/km4-pve2/tasks')).data).toEqual([])
    const wrongNode = await call(km4, root, 'GET', `/nodes/km4-pve1/tasks/${encodeURIComponent(upid)}/status`)
    expect([wrongNode.status, wrongNode.body.errors]).toEqual([400, { upid: 'no such task' }])
  })

  it('page the log with start and limit, and show "no content" for an empty one', async () => {
    await fresh()
    const upid = String(
      (
        await act('/nodes/km4-pve2/qemu/202/migrate', {
          target: 'km4-pve1',
          online: '1',
          'with-local-disks': '1',
        })
      ).data,
    )
    const stamp = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d '
    expect((await log(upid)).data).toEqual([
      {
        n: 1,
        t: expect.stringMatching(
          new RegExp(`^${stamp}starting migration of VM 202 to node 'km4-pve1' \\(127\\.0\\.0\\.1\\)$`),
        ) as string,
      },
    ])
    sim.advanceClock(20)
    const all = await log(upid)
    const total = Number(all.body.total)
    expect(total).toBeGreaterThan(5)
    expect((await log(upid, `?start=${total - 2}&limit=1`)).data).toEqual([
      {
        n: total - 1,
        t: expect.stringMatching(
          new RegExp(`^${stamp}migration finished successfully \\(duration 00:00:14\\)$`),
        ) as string,
      },
    ])
    expect((await guest(202)).node).toBe('km4-pve1')
  })
})
