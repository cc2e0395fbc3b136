// Storage replication decided by storage, as PVE decides it: only ZFS volumes replicate (106's LVM-thin disk
// fails its job with PVE's own error, whatever the control API heals), a target without the storage fails the
// runs, and jobs are made and removed through POST/DELETE /cluster/replication with ReplicationConfig.pm's checks.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { startSimulator } from './index'
import { createPrng } from './prng'
import { buildThreeSites } from './scenario-three-sites'
import type { Entry, Session } from './test-support'
import { call, getList, login } from './test-support'
import type { SimEndpoint, Simulator } from './types'
import { replicationState } from './views/cluster-jobs'
import { storageRefusal } from './views/replication-volumes'

let sim: Simulator
let km4: SimEndpoint
let yakro: SimEndpoint
let root: Session
let yakroRoot: Session

const ACE_ROOT = (): [string, string] => {
  const ace = sim.info.clusters[0]
  return [ace?.login.username ?? '', ace?.login.password ?? '']
}

beforeAll(async () => {
  sim = await startSimulator({ tickMs: null })
  const [ace, dr] = sim.info.clusters
  if (ace?.endpoints[0] === undefined || dr?.endpoints[0] === undefined) throw new Error('clusters missing')
  km4 = ace.endpoints[0]
  yakro = dr.endpoints[0]
  root = await login(km4, ...ACE_ROOT())
  yakroRoot = await login(yakro, dr.login.username, dr.login.password)
})

afterEach(async () => {
  await sim.reset()
  root = await login(km4, ...ACE_ROOT())
  const dr = sim.info.clusters[1]
  yakroRoot = await login(yakro, dr?.login.username ?? '', dr?.login.password ?? '')
})

afterAll(async () => {
  await sim.dispose()
})

const nowS = (): number => Math.floor(sim.now() / 1000)
const MISSING_106 = "missing replicate feature on volume 'local-lvm:vm-106-disk-0'"

const state = async (id: string): Promise<Entry> =>
  (await call(km4, root, 'GET', `/nodes/km4-pve1/replication/${id}/status`)).data as Entry

async function control(path: string): Promise<number> {
  return (await fetch(`${sim.info.control}${path}`, { method: 'POST', body: '{}' })).status
}

const create = (form: Record<string, string>, session = root): ReturnType<typeof call> =>
  call(km4, session, 'POST', '/cluster/replication', { type: 'local', ...form })

describe('replication only on ZFS', () => {
  it('has production on local-zfs replicating to VITIB, and 106 on LVM-thin failing with PVE’s error', async () => {
    const config = (await call(km4, root, 'GET', '/nodes/km4-pve1/qemu/101/config')).data as Entry
    expect(String(config.scsi0)).toMatch(/^local-zfs:vm-101-disk-0,/)
    expect(await state('101-0')).toMatchObject({ target: 'vitib-pve1', fail_count: 0 })
    const db02 = await state('106-0')
    expect(db02).toMatchObject({ target: 'km4-pve2', last_sync: 0, error: MISSING_106 })
    expect(db02.fail_count).toBeGreaterThan(0)
    // get_replicatable_volumes dies before the guest and its volumes are logged.
    const log = (await call(km4, root, 'GET', '/nodes/km4-pve1/replication/106-0/log')).data as {
      t: string
    }[]
    expect(log.map((l) => l.t.replace(/^\S+ \S+ /, ''))).toEqual([
      '106-0: start replication job',
      `106-0: end replication job with error: ${MISSING_106}`,
    ])
    const good = (await call(km4, root, 'GET', '/nodes/km4-pve1/replication/101-0/log')).data as {
      t: string
    }[]
    expect(good.map((l) => l.t)).toContainEqual(expect.stringContaining('volumes => local-zfs:vm-101-disk-0'))
  })

  it('keeps 106 failing through heal and schedule_now, and shows its storage error over a break', async () => {
    expect(await control('/replication/ace-prod/106-0/heal')).toBe(200)
    expect(await state('106-0')).toMatchObject({ last_sync: 0, error: MISSING_106 })
    expect(await control('/replication/ace-prod/106-0/break')).toBe(200)
    expect(await state('106-0')).toMatchObject({ last_sync: 0, error: MISSING_106 })
    sim.advanceClock(120)
    const forced = await call(km4, root, 'POST', '/nodes/km4-pve1/replication/106-0/schedule_now')
    expect(forced.status).toBe(200)
    const after = await state('106-0')
    expect(after).toMatchObject({ last_sync: 0, error: MISSING_106 })
    expect(nowS() - (after.last_try as number)).toBeLessThanOrEqual(1)
  })

  it('fails the runs to a target that lacks the storage, the remote’s reason in the log', () => {
    const now = Date.UTC(2026, 2, 10, 9, 0)
    const [ace] = buildThreeSites(createPrng(1), now)
    if (ace === undefined) throw new Error('no ace-prod')
    const job = ace.replication.find((j) => j.guest === 101)
    if (job === undefined) throw new Error('no 101-0')
    expect(storageRefusal(ace, job)).toBeUndefined()
    ace.storages = ace.storages.filter((s) => !(s.node === 'vitib-pve1' && s.storage === 'local-zfs'))
    expect(storageRefusal(ace, job)).toEqual({
      error:
        "command '/usr/bin/ssh -e none -o 'BatchMode=yes' root@vitib-pve1 -- pvesr prepare-local-job 101-0 local-zfs:vm-101-disk-0 --last_sync 0' failed: exit code 255",
      remote: "storage 'local-zfs' is not available on node 'vitib-pve1'",
      volumes: ['local-zfs:vm-101-disk-0'],
    })
    expect(replicationState(ace, job, now)).toMatchObject({ last_sync: 0, fail_count: 3 })
  })
})

describe('POST /cluster/replication', () => {
  it('makes a job that runs at once and lists like the others', async () => {
    const made = await create({ id: '101-1', target: 'km4-pve2', schedule: '*/30', rate: '50' })
    expect([made.status, made.data]).toEqual([200, null])
    const jobs = await getList(km4, root, '/cluster/replication')
    expect(jobs.find((j) => j.id === '101-1')).toEqual({
      id: '101-1',
      type: 'local',
      guest: 101,
      jobnum: 1,
      target: 'km4-pve2',
      schedule: '*/30',
      source: 'km4-pve1',
      rate: 50,
    })
    const fresh = await state('101-1')
    expect(fresh).toMatchObject({ fail_count: 0 })
    expect(nowS() - (fresh.last_sync as number)).toBeLessThanOrEqual(2)
  })

  it('refuses as ReplicationConfig.pm `create` does, in its order', async () => {
    const refused = async (form: Record<string, string>): Promise<[number, string]> => {
      const answer = await create(form)
      return [answer.status, answer.reason]
    }
    expect(await refused({ id: '999-0', target: 'km4-pve2' })).toEqual([500, "Guest '999' does not exist."])
    expect(await refused({ id: '101-1', target: 'nowhere' })).toEqual([
      500,
      "Target 'nowhere' does not exist.",
    ])
    expect(await refused({ id: '101-1', target: 'km4-pve2', source: 'vitib-pve1' })).toEqual([
      500,
      "Source 'vitib-pve1' does not match current node of guest '101' (km4-pve1)",
    ])
    expect(await refused({ id: '101-1', target: 'km4-pve1' })).toEqual([
      500,
      'Source and target must not be identical',
    ])
    // A disk on LVM-thin cannot replicate: refused before the job exists.
    expect(await refused({ id: '120-0', target: 'vitib-pve1' })).toEqual([
      500,
      "missing replicate feature on volume 'local-lvm:vm-120-disk-0'",
    ])
    expect(await refused({ id: '101-0', target: 'km4-pve2' })).toEqual([
      500,
      "replication job '101-0' already exists",
    ])
    expect(await refused({ id: '101-1', target: 'vitib-pve1' })).toEqual([
      500,
      "replication job for guest '101' to target 'local/vitib-pve1' already exists",
    ])
    expect((await create({ id: '101', target: 'km4-pve2' })).status).toBe(400)
    expect((await getList(km4, root, '/cluster/replication')).map((j) => j.id)).not.toContain('120-0')
  })

  it('wants VM.Replicate on the guest (PVE 9), and a cluster to replicate in', async () => {
    const naorlo = await login(km4, 'naorlo@pve', 'naorlo-demo')
    const denied = await create({ id: '101-1', target: 'km4-pve2' }, naorlo)
    expect([denied.status, denied.reason]).toEqual([403, 'Permission check failed (/vms/101, VM.Replicate)'])
    // A standalone node has no corosync members: no target exists.
    const alone = await call(yakro, yakroRoot, 'POST', '/cluster/replication', {
      type: 'local',
      id: '110-0',
      target: 'yakro-pve1',
    })
    expect([alone.status, alone.reason]).toEqual([500, "Target 'yakro-pve1' does not exist."])
    sim.setQuorum('ace-prod', false)
    const lost = await create({ id: '101-1', target: 'km4-pve2' })
    expect([lost.status, lost.reason]).toEqual([
      500,
      "cfs-lock 'file-replication_cfg' error: cluster not ready - no quorum?",
    ])
  })
})

describe('DELETE /cluster/replication/{id}', () => {
  it('removes a job, refuses an unknown one and keep with force', async () => {
    expect((await call(km4, root, 'DELETE', '/cluster/replication/106-0')).status).toBe(200)
    expect((await getList(km4, root, '/cluster/replication')).map((j) => j.id)).not.toContain('106-0')
    const unknown = await call(km4, root, 'DELETE', '/cluster/replication/106-0')
    expect([unknown.status, unknown.reason]).toEqual([500, "no such job '106-0'"])
    const both = await call(km4, root, 'DELETE', '/cluster/replication/101-0?force=1&keep=1')
    expect(both.status).toBe(400)
    expect(both.body.errors).toEqual({ keep: "conflicts with parameter 'force'" })
    const naorlo = await login(km4, 'naorlo@pve', 'naorlo-demo')
    expect((await call(km4, naorlo, 'DELETE', '/cluster/replication/101-0')).status).toBe(403)
    expect((await getList(km4, root, '/cluster/replication')).map((j) => j.id)).toContain('101-0')
  })
})
