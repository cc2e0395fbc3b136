// The control API's disaster-recovery routes, seen through the PVE API a DR reader uses: replication state,
// backup archives and vzdump tasks, /cluster/status quorum.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import type { Entry, Session } from './test-support'
import { call, getList, login } from './test-support'
import type { SimEndpoint, Simulator } from './types'

let sim: Simulator
let km4: SimEndpoint
let yakro: SimEndpoint
let session: Session
let yakroSession: Session

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const [ace, dr] = sim.info.clusters
  if (ace?.endpoints[0] === undefined || dr?.endpoints[0] === undefined) throw new Error('clusters missing')
  km4 = ace.endpoints[0]
  yakro = dr.endpoints[0]
  session = await login(km4, ace.login.username, ace.login.password)
  yakroSession = await login(yakro, dr.login.username, dr.login.password)
})

afterEach(async () => {
  await sim.reset()
  const [ace, dr] = sim.info.clusters
  session = await login(km4, ace?.login.username ?? '', ace?.login.password ?? '')
  yakroSession = await login(yakro, dr?.login.username ?? '', dr?.login.password ?? '')
})

afterAll(async () => {
  await sim.dispose()
})

async function control(path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const init: RequestInit = { method: 'POST' }
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
  const res = await fetch(`${sim.info.control}${path}`, init)
  return { status: res.status, body: await res.json() }
}

const nowS = (): number => Math.floor(sim.now() / 1000)

const replication = async (id: string): Promise<Entry> => {
  const answer = await call(km4, session, 'GET', `/nodes/km4-pve1/replication/${id}/status`)
  return answer.data as Entry
}

describe('replication: break and heal', () => {
  it('fails from the break on, keeps the last sync, backs off its retries, and syncs again when healed', async () => {
    const before = await replication('101-0')
    expect(before).toMatchObject({ fail_count: 0 })
    const lastSync = before.last_sync as number
    const t0 = nowS()
    expect(
      await control('/replication/ace-prod/101-0/break', {
        error: 'zfs error: cannot receive: out of space',
      }),
    ).toEqual({ status: 200, body: { ok: true } })
    const broken = await replication('101-0')
    expect(broken).toMatchObject({
      fail_count: 1,
      last_sync: lastSync,
      error: 'zfs error: cannot receive: out of space',
    })
    // The real clock runs on under the simulated one: the failed run is between the call and now.
    const lastTry = broken.last_try as number
    expect(lastTry).toBeGreaterThanOrEqual(t0)
    expect(lastTry).toBeLessThanOrEqual(nowS())
    expect(broken.next_sync).toBe(lastTry + 300)
    // ReplicationState.pm job_status: retries 5, 10, 15 min after the failures, then every 30 min.
    sim.advanceClock(300)
    expect(await replication('101-0')).toMatchObject({ fail_count: 2, last_sync: lastSync })
    sim.advanceClock(600 + 900 + 1800 * 2)
    const later = await replication('101-0')
    expect(later).toMatchObject({ fail_count: 6, last_sync: lastSync })
    expect(nowS() - lastSync).toBeGreaterThan(90 * 60)
    // The log tells the same error.
    const log = await call(km4, session, 'GET', '/nodes/km4-pve1/replication/101-0/log')
    expect((log.data as { t: string }[]).at(-1)?.t).toContain(
      'end replication job with error: zfs error: cannot receive: out of space',
    )
    const healedAt = nowS()
    expect(await control('/replication/ace-prod/101-0/heal')).toEqual({ status: 200, body: { ok: true } })
    const healed = await replication('101-0')
    expect(healed).toMatchObject({ fail_count: 0 })
    expect(healed.last_sync).toBeGreaterThanOrEqual(healedAt + 1)
    expect(healed.last_sync).toBeLessThanOrEqual(nowS() + 1)
    expect(healed).not.toHaveProperty('error')
  })

  it('breaks with a zfs recv error by default, and refuses unknown jobs and bad bodies', async () => {
    expect((await control('/replication/ace-prod/102-0/break')).status).toBe(200)
    expect(await replication('102-0')).toMatchObject({
      fail_count: 1,
      error: "command 'zfs recv -F -- rpool/data/vm-102-disk-0' failed: exit code 1",
    })
    expect((await control('/replication/ace-prod/999-0/break')).status).toBe(404)
    expect((await control('/replication/nowhere/101-0/heal')).status).toBe(404)
    expect((await control('/replication/ace-prod/101-0/break', { error: 42 })).status).toBe(400)
    expect((await control('/replication/ace-prod/101-0/break', 'not json')).status).toBe(400)
  })
})

describe('replication as PVE lists it', () => {
  it('leaves the default */15 schedule out of the job lists, and keeps any other', async () => {
    const jobs = await getList(km4, session, '/cluster/replication')
    const job101 = jobs.find((j) => j.id === '101-0')
    expect(job101).toBeDefined()
    expect(job101).not.toHaveProperty('schedule')
    expect(jobs.find((j) => j.id === '106-0')).toMatchObject({ schedule: '*/30' })
    expect(await replication('101-0')).not.toHaveProperty('schedule')
  })

  it('schedule_now on a broken job runs it at once: one more failure, retries backing off from it', async () => {
    await control('/replication/ace-prod/103-0/break')
    sim.advanceClock(300)
    expect(await replication('103-0')).toMatchObject({ fail_count: 2 })
    sim.advanceClock(60)
    const forced = await call(km4, session, 'POST', '/nodes/km4-pve1/replication/103-0/schedule_now')
    expect(forced.status).toBe(200)
    const after = await replication('103-0')
    expect(after).toMatchObject({ fail_count: 3 })
    expect(after.next_sync).toBe((after.last_try as number) + 900)
    expect(nowS() - (after.last_try as number)).toBeLessThanOrEqual(1)
  })
})

// Production backs up to Yamoussoukro's PBS (the seed's plan).
const archives = async (vmid: number): Promise<Entry[]> =>
  getList(km4, session, `/nodes/km4-pve1/storage/pbs-yakro/content?content=backup&vmid=${vmid}`)

const vzdumpTasks = async (vmid: number): Promise<Entry[]> =>
  (await getList(km4, session, '/cluster/tasks')).filter((t) => t.type === 'vzdump' && t.id === String(vmid))

describe('backups: stale, failed, heal', () => {
  it('makes every archive of a guest older, its name stamped with the new time', async () => {
    const before = await archives(101)
    expect(before.length).toBeGreaterThan(0)
    expect(await control('/backups/ace-prod/101/stale', { hours: 72 })).toEqual({
      status: 200,
      body: { ok: true, archives: before.length },
    })
    const after = await archives(101)
    expect(after.map((v) => v.ctime)).toEqual(before.map((v) => (v.ctime as number) - 72 * 3600))
    // A PBS snapshot is named by its backup time: `pbs-yakro:backup/vm/101/<ISO time>Z`.
    const stamp = (ctime: number): string => `vm/101/${new Date(ctime * 1000).toISOString().slice(0, 19)}Z`
    for (const volume of after) expect(String(volume.volid)).toContain(stamp(volume.ctime as number))
    expect(after.map((v) => (v.verification as Entry | undefined)?.state)).toEqual(
      before.map((v) => (v.verification as Entry | undefined)?.state),
    )
    // Other guests keep theirs.
    expect((await archives(102)).map((v) => v.ctime)).not.toContain(undefined)
    expect((await control('/backups/ace-prod/101/stale', { hours: 0 })).status).toBe(400)
    expect((await control('/backups/ace-prod/999/stale', { hours: 1 })).status).toBe(404)
  })

  it('ages PBS snapshots too (yakro), their volid following the new time', async () => {
    const list = (): Promise<Entry[]> =>
      getList(yakro, yakroSession, '/nodes/yakro-pve1/storage/pbs-yakro/content?vmid=110')
    const before = await list()
    await control('/backups/yakro-pve1/110/stale', { hours: 24 })
    const after = await list()
    expect(after.map((v) => v.ctime)).toEqual(before.map((v) => (v.ctime as number) - 86_400))
    const first = after[0]
    expect(String(first?.volid)).toContain(
      new Date((first?.ctime as number) * 1000).toISOString().slice(0, 19),
    )
    expect(after.map((v) => (v.verification as Entry | undefined)?.state)).toEqual(
      before.map((v) => (v.verification as Entry | undefined)?.state),
    )
  })

  it('leaves a failed vzdump of the guest alone in the task history, and no new archive', async () => {
    const count = (await archives(102)).length
    const reply = await control('/backups/ace-prod/102/failed', { error: 'unable to open backup device' })
    expect(reply.status).toBe(200)
    const upid = (reply.body as { upid: string }).upid
    const [task] = await vzdumpTasks(102)
    expect(task).toMatchObject({ upid, status: 'job errors', user: 'root@pam', node: 'km4-pve1' })
    expect(nowS() - (task?.endtime as number)).toBeLessThanOrEqual(1)
    const log = await call(km4, session, 'GET', `/nodes/km4-pve1/tasks/${encodeURIComponent(upid)}/log`)
    const lines = (log.data as { t: string }[]).map((l) => l.t)
    expect(lines).toContain('ERROR: Backup of VM 102 failed - unable to open backup device')
    expect(lines.at(-1)).toBe('TASK ERROR: job errors')
    expect((await archives(102)).length).toBe(count)
  })

  it('heals with a good backup now: a new archive, newer than the failed task', async () => {
    await control('/backups/ace-prod/103/stale', { hours: 100 })
    await control('/backups/ace-prod/103/failed')
    sim.advanceClock(120)
    const healedFrom = nowS()
    const reply = await control('/backups/ace-prod/103/heal')
    expect(reply.status).toBe(200)
    const list = await archives(103)
    const newest = list.reduce((a, b) => ((a.ctime as number) > (b.ctime as number) ? a : b))
    // A one-minute backup that ended at the heal (the clock runs on: a second boundary may pass meanwhile).
    expect(newest.ctime as number).toBeGreaterThanOrEqual(healedFrom - 61)
    expect(newest.ctime as number).toBeLessThanOrEqual(nowS())
    // Written to the PBS, verified as a datastore with verify-new does.
    expect(newest).toMatchObject({ format: 'pbs-vm', verification: { state: 'ok' } })
    const tasks = await vzdumpTasks(103)
    const good = tasks.find((t) => t.upid === (reply.body as { upid: string }).upid)
    expect(good).toMatchObject({ status: 'OK' })
    expect(tasks.map((t) => t.status).sort()).toEqual(['OK', 'job errors'])
  })

  it('heals a PBS guest with a verified snapshot', async () => {
    await control('/backups/yakro-pve1/111/failed')
    const healedFrom = nowS()
    await control('/backups/yakro-pve1/111/heal')
    const list = await getList(yakro, yakroSession, '/nodes/yakro-pve1/storage/pbs-yakro/content?vmid=111')
    const newest = list.reduce((a, b) => ((a.ctime as number) > (b.ctime as number) ? a : b))
    expect(newest.ctime as number).toBeGreaterThanOrEqual(healedFrom - 61)
    expect(newest.ctime as number).toBeLessThanOrEqual(nowS())
    expect((newest.verification as Entry).state).toBe('ok')
  })
})

const quorate = async (): Promise<unknown> =>
  (await getList(km4, session, '/cluster/status')).find((e) => e.type === 'cluster')?.quorate

describe('quorum', () => {
  it('takes the quorum away and gives it back: /cluster/status, HA status, and a refused start', async () => {
    expect(await quorate()).toBe(1)
    expect(await control('/clusters/ace-prod/quorum', { quorate: false })).toEqual({
      status: 200,
      body: { ok: true },
    })
    expect(await quorate()).toBe(0)
    const ha = await getList(km4, session, '/cluster/ha/status/current')
    expect(ha.find((e) => e.id === 'quorum')).toMatchObject({ quorate: 0 })
    // The nodes still answer; what wants the quorum is refused (check_cfs_quorum).
    const start = await call(km4, session, 'POST', '/nodes/km4-pve2/qemu/204/status/start')
    expect([start.status, start.reason]).toEqual([500, 'cluster not ready - no quorum?'])
    await control('/clusters/ace-prod/quorum', { quorate: true })
    expect(await quorate()).toBe(1)
  })

  it('refuses a standalone node and a bad body; reset gives the quorum back', async () => {
    expect((await control('/clusters/yakro-pve1/quorum', { quorate: false })).status).toBe(409)
    expect((await control('/clusters/ace-prod/quorum', { quorate: 'no' })).status).toBe(400)
    sim.setQuorum('ace-prod', false)
    expect(await quorate()).toBe(0)
    await sim.reset()
    session = await login(km4, 'root@pam', 'pvedesk-demo')
    expect(await quorate()).toBe(1)
  })
})
