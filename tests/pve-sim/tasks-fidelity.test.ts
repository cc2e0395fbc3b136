// The simulator's tasks and actions against what the Perl does (issue 10): the cluster task list as pmxcfs
// carries it, the node task filters, the HA agent, migration, power, guest snapshots, vzdump, stopping a task,
// and the control API calls that steer them.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Answer, Entry, Session } from './test-support'
import { call, login } from './test-support'
import type { SimEndpoint, Simulator } from './types'

let sim: Simulator
let km4: SimEndpoint
let yakro: SimEndpoint
let root: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const [ace, dr] = sim.info.clusters
  if (ace?.endpoints[0] === undefined || dr?.endpoints[0] === undefined) throw new Error('scenario missing')
  km4 = ace.endpoints[0]
  yakro = dr.endpoints[0]
})

afterEach(async () => {
  await sim.reset()
})

afterAll(async () => {
  await sim.dispose()
})

const fresh = async (): Promise<Session> => (root = await login(km4, 'root@pam', 'pvedesk-demo'))
const nodeOf = (upid: string): string => upid.split(':')[1] ?? ''
const act = (path: string, form?: Record<string, string>): Promise<Answer> =>
  call(km4, root, 'POST', path, form)
const get = async (path: string): Promise<unknown> => (await call(km4, root, 'GET', path)).data
const status = async (upid: string): Promise<Entry> =>
  (await get(`/nodes/${nodeOf(upid)}/tasks/${encodeURIComponent(upid)}/status`)) as Entry
const logText = async (upid: string): Promise<string[]> =>
  ((await get(`/nodes/${nodeOf(upid)}/tasks/${encodeURIComponent(upid)}/log?limit=0`)) as Entry[]).map((l) =>
    String(l.t),
  )
const resource = async (vmid: number): Promise<Entry> => {
  const list = (await get('/cluster/resources?type=vm')) as Entry[]
  const found = list.find((g) => g.vmid === vmid && g.id === `qemu/${vmid}`)
  if (found === undefined) throw new Error(`no VM ${vmid}`)
  return found
}
const haService = async (sid: string): Promise<Entry | undefined> =>
  ((await get('/cluster/ha/status/current')) as Entry[]).find((e) => e.sid === sid)
const tasksOf = async (): Promise<Entry[]> => (await get('/cluster/tasks')) as Entry[]

describe('/cluster/tasks as pmxcfs carries the nodes’ lists', () => {
  it('has running rows with pid and no pstart, finished ones with neither, and `saved` as the active file has it', async () => {
    await fresh()
    const running = String((await act('/nodes/km4-pve1/qemu/106/status/reboot')).data)
    let rows = await tasksOf()
    const fresher = rows.find((r) => r.upid === running)
    // Forked just now: the fork's own broadcast, before any re-read of the active file.
    expect(fresher).toMatchObject({
      node: 'km4-pve1',
      type: 'qmreboot',
      id: '106',
      pid: expect.any(Number) as number,
    })
    expect(fresher).not.toHaveProperty('pstart')
    expect(fresher).not.toHaveProperty('saved')
    sim.advanceClock(6)
    rows = await tasksOf()
    const ended = rows.find((r) => r.upid === running)
    // The reaper's broadcast archived it just now: `saved` is Perl's number 1 there.
    expect(ended).toMatchObject({ status: 'OK', endtime: expect.any(Number) as number, saved: 1 })
    expect(ended).not.toHaveProperty('pid')
    expect(ended).not.toHaveProperty('pstart')
    sim.advanceClock(11)
    // pvestatd re-broadcast from the file: the string "1" (INotify.pm read_active_workers).
    expect((await tasksOf()).find((r) => r.upid === running)?.saved).toBe('1')
  })

  it('keeps at most 25 rows per node: all running tasks, then the most recent finished ones', async () => {
    await fresh()
    const started = Array.from({ length: 30 }, () =>
      sim.startTask('ace-prod', { type: 'aptupdate', node: 'vitib-pve1', seconds: 1 }),
    )
    const long = sim.startTask('ace-prod', { type: 'srvreload', node: 'vitib-pve1', seconds: 600 })
    sim.advanceClock(2)
    const rows = (await tasksOf()).filter((r) => r.node === 'vitib-pve1')
    expect(rows).toHaveLength(25)
    expect(rows[0]?.upid).toBe(long)
    expect(rows.map((r) => r.upid)).toContain(started.at(-1))
    expect(rows.map((r) => r.upid)).not.toContain(started[0])
  })

  it('shows a user without Sys.Audit on / its own rows and its tokens’ (Cluster.pm compares the split user)', async () => {
    await fresh()
    sim.startTask('ace-prod', { type: 'qmstart', node: 'km4-pve1', id: '999', user: 'naorlo@pve' })
    sim.startTask('ace-prod', { type: 'qmstart', node: 'km4-pve2', id: '998', user: 'naorlo@pve!ci' })
    sim.startTask('ace-prod', { type: 'qmstart', node: 'km4-pve2', id: '997', user: 'noc@pve' })
    const naorlo = await login(km4, 'naorlo@pve', 'naorlo-demo')
    const mine = (await call(km4, naorlo, 'GET', '/cluster/tasks')).data as Entry[]
    expect(mine.map((r) => [r.id, r.user, r.tokenid])).toEqual([
      ['999', 'naorlo@pve', undefined],
      ['998', 'naorlo@pve', 'ci'],
    ])
  })
})

describe('/nodes/{node}/tasks filters as Tasks.pm applies them', () => {
  it('limit=0 lists nothing but counts, typefilter is exact, userfilter ignores case', async () => {
    await fresh()
    const none = await call(km4, root, 'GET', '/nodes/km4-pve1/tasks?limit=0')
    expect(none.data).toEqual([])
    expect(Number(none.body.total)).toBeGreaterThan(0)
    sim.startTask('ace-prod', { type: 'qmstart', node: 'km4-pve1', id: '101', user: 'Alice@pve', seconds: 0 })
    sim.advanceClock(1)
    expect(await get('/nodes/km4-pve1/tasks?typefilter=qm')).toEqual([])
    const exact = (await get('/nodes/km4-pve1/tasks?typefilter=qmstart')) as Entry[]
    expect(exact.length).toBeGreaterThan(0)
    expect(exact.every((t) => t.type === 'qmstart')).toBe(true)
    const alice = (await get('/nodes/km4-pve1/tasks?userfilter=ALICE')) as Entry[]
    expect(alice.map((t) => t.user)).toEqual(['Alice@pve'])
  })
})

describe('the HA agent behind a request', () => {
  it('starts an HA VM: hastart ends at once, the CRM says starting, then root@pam’s qmstart runs it', async () => {
    sim.setGuestStatus('ace-prod', 102, 'stopped')
    await fresh()
    const request = String((await act('/nodes/km4-pve1/qemu/102/status/start')).data)
    expect(request).toMatch(/:hastart:102:root@pam:$/)
    sim.advanceClock(1.5)
    expect(await status(request)).toMatchObject({ status: 'stopped', exitstatus: 'OK' })
    expect(await haService('vm:102')).toMatchObject({ state: 'starting', request_state: 'started' })
    expect(await resource(102)).toMatchObject({ status: 'stopped', hastate: 'stopped' })
    sim.advanceClock(2)
    const agent = (await tasksOf()).find((r) => r.type === 'qmstart' && r.id === '102')
    expect(agent).toMatchObject({ user: 'root@pam', node: 'km4-pve1' })
    expect(await resource(102)).toMatchObject({ hastate: 'started' })
    sim.advanceClock(5)
    expect(await resource(102)).toMatchObject({ status: 'running', hastate: 'started' })
    expect(await haService('vm:102')).toMatchObject({ state: 'started', crm_state: 'started' })
    expect((await logText(String(agent?.upid)))[0]).toBe('task started by HA resource agent')
  })

  it('migrates an HA VM: hamigrate, then the agent’s qmigrate while the CRM state is migrate', async () => {
    await fresh()
    const request = String(
      (await act('/nodes/km4-pve1/qemu/103/migrate', { target: 'km4-pve2', online: '1' })).data,
    )
    expect(request).toMatch(/:hamigrate:103:root@pam:$/)
    sim.advanceClock(3.5)
    expect(await resource(103)).toMatchObject({ hastate: 'migrate', lock: 'migrate', node: 'km4-pve1' })
    const agent = (await tasksOf()).find((r) => r.type === 'qmigrate' && r.id === '103')
    expect(agent).toMatchObject({ user: 'root@pam' })
    sim.advanceClock(20)
    expect(await resource(103)).toMatchObject({ node: 'km4-pve2', hastate: 'started', status: 'running' })
    expect(await status(String(agent?.upid))).toMatchObject({ exitstatus: 'OK' })
  })

  it('stops an HA VM with qmshutdown (timeout, forceStop) through request_stop', async () => {
    await fresh()
    await act('/nodes/km4-pve1/qemu/101/status/shutdown')
    sim.advanceClock(1.5)
    expect(await haService('vm:101')).toMatchObject({ state: 'stopping', request_state: 'stopped' })
    sim.advanceClock(2)
    expect(await resource(101)).toMatchObject({ hastate: 'request_stop' })
    expect((await tasksOf()).find((r) => r.type === 'qmshutdown' && r.id === '101')).toMatchObject({
      user: 'root@pam',
    })
    sim.advanceClock(10)
    expect(await resource(101)).toMatchObject({ status: 'stopped', hastate: 'stopped' })
  })
})

describe('migration', () => {
  it('answers the precondition: running, nodes, local disks; a locked VM is refused before any task', async () => {
    await fresh()
    const pre = (await get('/nodes/km4-pve2/qemu/202/migrate')) as Entry
    expect(pre).toMatchObject({
      running: 1,
      allowed_nodes: ['km4-pve1', 'vitib-pve1'],
      not_allowed_nodes: {},
      local_resources: [],
      'has-dbus-vmstate': 1,
    })
    // The boot disk and the cloud-init drive (QemuServer.pm `foreach_volid` attributes).
    expect(pre.local_disks).toEqual([
      expect.objectContaining({
        volid: 'local-lvm:vm-202-disk-0',
        cdrom: 0,
        is_unused: 0,
        drivename: 'scsi0',
      }),
      expect.objectContaining({ volid: 'local-lvm:vm-202-cloudinit', cdrom: 1, is_cloudinit: 1 }),
    ])
    const locked = await call(km4, root, 'GET', '/nodes/km4-pve1/qemu/105/migrate')
    expect([locked.status, locked.reason]).toEqual([500, 'VM is locked (backup)'])
    const post = await act('/nodes/km4-pve1/qemu/105/migrate', { target: 'km4-pve2', online: '1' })
    expect([post.status, post.reason]).toEqual([500, 'VM is locked (backup)'])
    // pve-container's precondition call is PVE 9's.
    const dr = await login(yakro, 'root@pam', 'pvedesk-demo')
    expect((await call(yakro, dr, 'GET', '/nodes/yakro-pve1/lxc/101/migrate')).status).toBe(501)
    expect((await get('/nodes/km4-pve1/lxc/110/migrate')) as Entry).toMatchObject({
      running: 1,
      'allowed-nodes': ['km4-pve2', 'vitib-pve1'],
    })
  })

  it('fails inside the task when told to: timestamped ERROR lines, `migration aborted`, the guest stays', async () => {
    await fresh()
    const control = await fetch(`${sim.info.control}/clusters/ace-prod/guests/204/fail`, {
      method: 'POST',
      body: JSON.stringify({ action: 'migrate', error: 'mirror job failed' }),
    })
    expect(control.status).toBe(200)
    const upid = String((await act('/nodes/km4-pve2/qemu/204/migrate', { target: 'km4-pve1' })).data)
    sim.advanceClock(5)
    expect(await status(upid)).toMatchObject({ exitstatus: 'migration aborted' })
    const lines = await logText(upid)
    const stamp = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d starting migration of VM 204 to node 'km4-pve1'/,
    )
    expect(
      lines.filter((l) => l.includes('ERROR: migration aborted (duration 00:00:02): mirror job failed')),
    ).toHaveLength(1)
    expect(lines.slice(0, -1).every((l) => stamp.test(l))).toBe(true)
    expect(lines.at(-1)).toBe('TASK ERROR: migration aborted')
    expect(await resource(204)).toMatchObject({ node: 'km4-pve2' })
    expect((await resource(204)).lock).toBeUndefined()
    // Used once: the next migration goes through.
    const again = String((await act('/nodes/km4-pve2/qemu/204/migrate', { target: 'km4-pve1' })).data)
    sim.advanceClock(10)
    expect(await status(again)).toMatchObject({ exitstatus: 'OK' })
  })
})

describe('power', () => {
  it('resets a running VM (qmreset), refuses a stopped one, and has no reset for containers', async () => {
    await fresh()
    expect(String((await act('/nodes/km4-pve1/qemu/106/status/reset')).data)).toMatch(
      /:qmreset:106:root@pam:$/,
    )
    const stopped = await act('/nodes/km4-pve2/qemu/204/status/reset')
    expect([stopped.status, stopped.reason]).toEqual([500, 'VM 204 not running'])
    expect((await act('/nodes/km4-pve1/lxc/110/status/reset')).status).toBe(501)
  })

  it('resumes a hibernated VM by starting it (qmresume), keeping its config', async () => {
    await fresh()
    await act('/nodes/km4-pve2/qemu/202/status/suspend', { todisk: '1' })
    sim.advanceClock(5)
    expect(await resource(202)).toMatchObject({ status: 'stopped', lock: 'suspended' })
    const upid = String((await act('/nodes/km4-pve2/qemu/202/status/resume')).data)
    expect(upid).toMatch(/:qmresume:202:/)
    sim.advanceClock(2)
    expect(await resource(202)).toMatchObject({ status: 'running' })
    expect((await resource(202)).lock).toBeUndefined()
    const ha = await act('/nodes/km4-pve1/qemu/101/status/suspend', { todisk: '1' })
    expect([ha.status, ha.reason]).toEqual([500, 'Cannot suspend HA managed VM to disk'])
  })

  it('suspends and resumes containers as PVE without CRIU does: the lxc-checkpoint command fails', async () => {
    await fresh()
    const upid = String((await act('/nodes/km4-pve1/lxc/111/status/suspend')).data)
    expect(upid).toMatch(/:vzsuspend:111:/)
    sim.advanceClock(2)
    expect(await status(upid)).toMatchObject({
      exitstatus: "command 'lxc-checkpoint -n 111 -s -D /var/lib/vz/dump' failed: exit code 1",
    })
    const resume = await act('/nodes/km4-pve1/lxc/111/status/resume')
    expect([resume.status, resume.reason]).toEqual([500, 'CT 111 already running'])
  })
})

describe('guest snapshots and vzdump', () => {
  it('refuses a malformed or reserved name before any task', async () => {
    await fresh()
    const bad = await act('/nodes/km4-pve2/qemu/201/snapshot', { snapname: 'before patch' })
    expect([bad.status, bad.body.errors]).toEqual([
      400,
      { snapname: "invalid format - invalid configuration ID 'before patch'" },
    ])
    const reserved = await act('/nodes/km4-pve2/qemu/201/snapshot', { snapname: 'current' })
    expect([reserved.status, reserved.reason]).toEqual([
      500,
      "unable to use snapshot name 'current' (reserved name)",
    ])
  })

  it('answers OK without a task when none of the guests is on the node', async () => {
    await fresh()
    const answer = await act('/nodes/vitib-pve1/vzdump', { vmid: '101', storage: 'local' })
    expect([answer.status, answer.data]).toEqual([200, 'OK'])
  })

  it('stopped: `interrupted by signal`, the lock released; the next backup cancels QEMU’s left-over job with a warning', async () => {
    await fresh()
    const upid = String((await act('/nodes/km4-pve1/vzdump', { vmid: '106', storage: 'local' })).data)
    sim.advanceClock(2)
    expect(await resource(106)).toMatchObject({ lock: 'backup' })
    await call(km4, root, 'DELETE', `/nodes/km4-pve1/tasks/${encodeURIComponent(upid)}`)
    expect(await status(upid)).toMatchObject({ exitstatus: 'interrupted by signal' })
    expect((await resource(106)).lock).toBeUndefined()
    expect(await logText(upid)).toContain('ERROR: Backup of VM 106 failed - interrupted by signal')
    const next = String((await act('/nodes/km4-pve1/vzdump', { vmid: '106', storage: 'local' })).data)
    sim.advanceClock(60)
    expect(await status(next)).toMatchObject({ exitstatus: 'WARNINGS: 1' })
    expect(await logText(next)).toContain(
      'WARN: left-over backup job still running inside QEMU - canceling now',
    )
    expect((await logText(next)).at(-1)).toBe('TASK WARNINGS: 1')
  })

  it('ends any other stopped worker with fork_worker’s `received interrupt`', async () => {
    await fresh()
    const upid = String(
      (await act('/nodes/km4-pve2/qemu/201/snapshot', { snapname: 'pre_test', vmstate: '1' })).data,
    )
    await call(km4, root, 'DELETE', `/nodes/km4-pve2/tasks/${encodeURIComponent(upid)}`)
    expect(await status(upid)).toMatchObject({ exitstatus: 'received interrupt' })
    expect(((await get('/nodes/km4-pve2/qemu/201/status/current')) as Entry).lock).toBeUndefined()
  })
})

describe('the control API for locks and tasks started elsewhere', () => {
  it('locks and unlocks a guest, and refuses an unknown lock', async () => {
    await fresh()
    const lock = (body: unknown): Promise<Response> =>
      fetch(`${sim.info.control}/clusters/ace-prod/guests/201/lock`, {
        method: 'POST',
        body: JSON.stringify(body),
      })
    expect((await lock({ lock: 'backup' })).status).toBe(200)
    expect(await resource(201)).toMatchObject({ lock: 'backup' })
    const stop = String((await act('/nodes/km4-pve2/qemu/201/status/stop')).data)
    sim.advanceClock(2)
    expect(await status(stop)).toMatchObject({ exitstatus: 'VM is locked (backup)' })
    expect((await lock({ lock: null })).status).toBe(200)
    expect((await resource(201)).lock).toBeUndefined()
    expect((await lock({ lock: 'whatever' })).status).toBe(400)
    expect(
      (
        await fetch(`${sim.info.control}/clusters/ace-prod/guests/999/lock`, {
          method: 'POST',
          body: '{"lock":null}',
        })
      ).status,
    ).toBe(404)
  })

  it('starts a task as someone else, which the lists show with that user', async () => {
    await fresh()
    const res = await fetch(`${sim.info.control}/clusters/ace-prod/tasks`, {
      method: 'POST',
      body: JSON.stringify({ action: 'shutdown', vmid: 201, user: 'alice@pve' }),
    })
    const { upid } = (await res.json()) as { upid: string }
    expect(upid).toMatch(/^UPID:km4-pve2:.*:qmshutdown:201:alice@pve:$/)
    expect((await tasksOf()).find((r) => r.upid === upid)).toMatchObject({ user: 'alice@pve' })
    const generic = await fetch(`${sim.info.control}/clusters/ace-prod/tasks`, {
      method: 'POST',
      body: JSON.stringify({ type: 'vzdump', node: 'km4-pve1', seconds: 1, exitstatus: 'WARNINGS: 2' }),
    })
    const { upid: job } = (await generic.json()) as { upid: string }
    sim.advanceClock(2)
    expect(await status(job)).toMatchObject({ exitstatus: 'WARNINGS: 2', user: 'root@pam' })
    const refused = await fetch(`${sim.info.control}/clusters/ace-prod/tasks`, {
      method: 'POST',
      body: JSON.stringify({ action: 'reboot', vmid: 204 }),
    })
    expect([refused.status, await refused.json()]).toEqual([409, { error: 'VM 204 not running' }])
    const bad = await fetch(`${sim.info.control}/clusters/ace-prod/tasks`, {
      method: 'POST',
      body: '{"action":"x"}',
    })
    expect(bad.status).toBe(400)
  })
})
