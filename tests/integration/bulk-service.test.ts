import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { BulkService } from '../../src/main/guests/bulk-service'
import { MemoryVault } from '../../src/main/secrets/vault'
import type { MainServices } from '../../src/main/services'
import { createMainServices } from '../../src/main/services'
import type { BulkProgress } from '../../src/shared/model/bulk'
import type { ClusterInput } from '../../src/shared/model/cluster-input'
import { settingsHome } from '../support/cli-env'
import { useSimulatorFleet } from '../support/simulator-fleet'
import { accessTo } from './guest-support'

// Bulk runs through the app's services against the simulator: a plan over two clusters (one read-only in PVE
// Desk) as a user who may not power one of the guests; the run does the rest and skips those with the reasons;
// a plan id the app did not make (or made too long ago) runs nothing; dispose ends a run and leaves nothing.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })

let services: MainServices
let clock: ReturnType<typeof setInterval> | undefined

/** ace-prod as noc@pve (`ace-noc`), and yakro-pve1 as root, read-only in PVE Desk. */
async function start(): Promise<MainServices> {
  const ace = fleet.config('ace-prod')
  const noc = fleet.sim.info.clusters
    .find((c) => c.id === 'ace-prod')
    ?.users.find((u) => u.username === 'noc@pve')
  const yakro = fleet.config('yakro-pve1')
  const yakroPassword = fleet.sim.info.clusters.find((c) => c.id === 'yakro-pve1')?.login.password
  if (noc === undefined || yakroPassword === undefined) throw new Error('no noc@pve or yakro')
  const clusters: ClusterInput[] = [
    { ...ace, id: 'ace-noc', name: 'ace-noc', auth: { kind: 'password', username: 'noc@pve' } },
    { ...yakro, readOnly: true },
  ]
  const vault = new MemoryVault()
  await vault.set(clusters[0] as ClusterInput, noc.password)
  await vault.set(clusters[1] as ClusterInput, yakroPassword)
  const created = await createMainServices({
    home: settingsHome('pvedesk-bulk-', { pollIntervalMs: 500, timeoutMs: 5_000, clusters }),
    vault,
    info: { version: '0', locale: 'en', host: 'browser' },
    tasks: { followIntervalMs: 20 },
  })
  await vi.waitFor(
    () =>
      expect(
        created.clusters
          .state()
          .clusters.map((c) => [c.summary.id, c.status.state, c.permissions !== undefined]),
      ).toEqual([
        ['ace-noc', 'online', true],
        ['yakro-pve1', 'online', true],
      ]),
    { timeout: 10_000, interval: 50 },
  )
  return created
}

/** Tasks run on the simulated clock: it moves on while a test waits for them. */
const pushClock = (): void => {
  clock = setInterval(() => fleet.sim.advanceClock(2), 10)
}

beforeEach(async () => {
  services = await start()
})
afterEach(() => {
  clearInterval(clock)
  clock = undefined
  services.dispose()
})

/** What the simulator received since `from` (its request log is kept across tests). */
const since = (from: number): { method: string; path: string }[] => fleet.sim.requests.slice(from)
const changesSince = (from: number): string[] =>
  since(from)
    .filter((r) => r.method !== 'GET' && !r.path.startsWith('/api2/json/access/ticket'))
    .map((r) => `${r.method} ${r.path.replace(/^\/api2\/json\/nodes\/[^/]+/, '')}`)

const guestStatus = (clusterId: string, vmid: number): string | undefined => {
  const item = services.clusters.registry
    .get(clusterId)
    .items.find((i) => i.kind === 'guest' && i.vmid === vmid)
  return item?.kind === 'guest' ? item.status : undefined
}

async function runToEnd(bulk: BulkService, planId: string): Promise<BulkProgress[]> {
  const events: BulkProgress[] = []
  const subscription = bulk.onProgress((p) => events.push(p))
  const { bulkId } = bulk.run(planId)
  try {
    await vi.waitFor(() => expect(events.at(-1)?.done).toBe(true), { timeout: 20_000, interval: 20 })
  } finally {
    subscription.dispose()
  }
  expect(events.every((e) => e.bulkId === bulkId)).toBe(true)
  return events
}

describe('a bulk shutdown over two clusters', () => {
  it('skips the read-only cluster and the forbidden guest with their reasons, and shuts down the rest', async () => {
    const from = fleet.sim.requests.length
    const plan = await services.bulk.plan(
      [
        { clusterId: 'ace-noc', vmid: 201 },
        { clusterId: 'ace-noc', vmid: 202 },
        { clusterId: 'ace-noc', vmid: 120 },
        { clusterId: 'yakro-pve1', vmid: 101 },
      ],
      { kind: 'shutdown', timeout: 30, forceStop: true },
    )
    expect(plan.concurrency).toBe(4)
    const byVmid = new Map(plan.entries.map((e) => [`${e.clusterId}/${e.vmid}`, e]))
    expect(byVmid.get('ace-noc/201')).toMatchObject({ run: true, site: 'Km4' })
    expect(byVmid.get('ace-noc/202')).toMatchObject({ run: true })
    expect(byVmid.get('ace-noc/120')).toMatchObject({ run: false, skip: 'forbidden' })
    expect(byVmid.get('yakro-pve1/101')).toMatchObject({ run: false, skip: 'read_only' })

    pushClock()
    const events = await runToEnd(services.bulk, plan.planId)
    const last = events.at(-1)
    expect(last?.results.map((r) => [r.vmid, r.state, r.exitstatus])).toEqual([
      [201, 'ok', 'OK'],
      [202, 'ok', 'OK'],
    ])
    for (const r of last?.results ?? []) expect(r.upid).toMatch(/:qmshutdown:20[12]:noc@pve:$/)
    await vi.waitFor(() => expect(guestStatus('ace-noc', 201)).toBe('stopped'), { timeout: 5_000 })
    expect(guestStatus('ace-noc', 202)).toBe('stopped')
    expect(guestStatus('ace-noc', 120)).toBe('running')
    expect(guestStatus('yakro-pve1', 101)).toBe('running')
    // Nothing at all was sent to the read-only cluster's guests nor to the forbidden one.
    expect(changesSince(from)).toEqual(['POST /qemu/201/status/shutdown', 'POST /qemu/202/status/shutdown'])
    expect(services.bulk.list()[0]).toEqual(last)
  })

  it('keeps at most `concurrency` actions in flight per cluster, and cancel starts nothing more', async () => {
    const plan = await services.bulk.plan(
      [201, 202, 203].map((vmid) => ({ clusterId: 'ace-noc', vmid })),
      { kind: 'stop' },
      1,
    )
    const from = fleet.sim.requests.length
    const events: BulkProgress[] = []
    services.bulk.onProgress((p) => events.push(p))
    const { bulkId } = services.bulk.run(plan.planId)
    await vi.waitFor(() => expect(events.at(-1)?.results[0]?.upid).toBeDefined(), { timeout: 5_000 })
    expect(events.at(-1)?.results.map((r) => r.state)).toEqual(['running', 'queued', 'queued'])
    services.bulk.cancel(bulkId)
    pushClock()
    await vi.waitFor(() => expect(events.at(-1)?.done).toBe(true), { timeout: 10_000 })
    // The one started goes on to its end; the others never start.
    expect(events.at(-1)).toMatchObject({ cancelled: true })
    expect(events.at(-1)?.results.map((r) => r.state)).toEqual(['ok', 'cancelled', 'cancelled'])
    expect(changesSince(from)).toEqual(['POST /qemu/201/status/stop'])
  })
})

describe('a compromised renderer', () => {
  it('runs nothing for a plan id main did not make, nor twice for one it did', async () => {
    services.router.attach({ id: 'page', send: () => undefined })
    const from = fleet.sim.requests.length
    expect(await services.router.invoke('page', 'bulk:run', { planId: 'made-up' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    const plan = await services.bulk.plan([{ clusterId: 'ace-noc', vmid: 201 }], { kind: 'stop' })
    expect(changesSince(from)).toEqual([])
    services.bulk.run(plan.planId)
    expect(() => services.bulk.run(plan.planId)).toThrow(expect.objectContaining({ code: 'not_found' }))
  })

  it('runs nothing for a plan older than ten minutes', async () => {
    let now = 1_000_000
    const bulk = new BulkService(services.guests, { now: () => now })
    try {
      const plan = await bulk.plan([{ clusterId: 'ace-noc', vmid: 201 }], { kind: 'stop' })
      const from = fleet.sim.requests.length
      now += 10 * 60_000
      expect(() => bulk.run(plan.planId)).toThrow(expect.objectContaining({ code: 'not_found' }))
      expect(changesSince(from)).toEqual([])
    } finally {
      bulk.dispose()
    }
  })
})

describe('one guest through the app', () => {
  it('guest:action starts the action and the tracker follows its task to the end, marked mine', async () => {
    services.router.attach({ id: 'page', send: () => undefined })
    const answer = await services.router.invoke('page', 'guest:action', {
      guest: { clusterId: 'ace-noc', vmid: 202 },
      action: { kind: 'stop' },
    })
    expect(answer).toMatchObject({
      ok: true,
      value: { upid: expect.stringContaining(':qmstop:202:noc@pve:') as unknown },
    })
    pushClock()
    await vi.waitFor(
      () =>
        expect(services.tasks.list().find((t) => t.vmid === 202 && t.type === 'qmstop')).toMatchObject({
          mine: true,
          state: 'ok',
        }),
      { timeout: 10_000 },
    )
    await vi.waitFor(() => expect(guestStatus('ace-noc', 202)).toBe('stopped'), { timeout: 5_000 })
  })

  it('guest:action on the read-only cluster sends nothing, whatever the renderer asks', async () => {
    services.router.attach({ id: 'page', send: () => undefined })
    const from = fleet.sim.requests.length
    expect(
      await services.router.invoke('page', 'guest:action', {
        guest: { clusterId: 'yakro-pve1', vmid: 101 },
        action: { kind: 'stop' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'read_only' } })
    expect(changesSince(from)).toEqual([])
  })
})

describe('dispose', () => {
  it('ends a run under way: nothing more starts, nothing is left running in PVE Desk', async () => {
    const bulk = new BulkService(services.guests, { throttleMs: 0 })
    const plan = await bulk.plan(
      [201, 202].map((vmid) => ({ clusterId: 'ace-noc', vmid })),
      { kind: 'stop' },
      1,
    )
    const from = fleet.sim.requests.length
    const events: BulkProgress[] = []
    bulk.onProgress((p) => events.push(p))
    bulk.run(plan.planId)
    await vi.waitFor(() => expect(events.at(-1)?.results[0]?.upid).toBeDefined(), { timeout: 5_000 })
    bulk.dispose()
    await vi.waitFor(() => expect(bulk.list()[0]?.done).toBe(true), { timeout: 5_000 })
    expect(bulk.list()[0]?.results.map((r) => r.state)).toEqual(['cancelled', 'cancelled'])
    expect(changesSince(from)).toEqual(['POST /qemu/201/status/stop'])
    expect(() => bulk.run(plan.planId)).toThrow(expect.objectContaining({ code: 'cancelled' }))
  })
})

/** PVE Desk's power tasks running on the simulator now, read as root from `/cluster/tasks`. */
async function runningStopsOn(clusterId: string): Promise<string[]> {
  const rows = (await accessTo(fleet, clusterId).client.call('GET', '/cluster/tasks')) as {
    upid: string
    type: string
    user: string
    endtime?: number
  }[]
  return rows
    .filter(
      (r) => (r.type === 'qmstop' || r.type === 'vzstop') && r.user === 'noc@pve' && r.endtime === undefined,
    )
    .map((r) => r.upid)
}

describe('bulk runs share each cluster', () => {
  it('two runs at concurrency 2 on one cluster never have more than 2 tasks running there at once', async () => {
    const guests = services.clusters.registry
      .get('ace-noc')
      .items.flatMap((i) =>
        i.kind === 'guest' && !i.template && i.hastate === undefined && i.lock === undefined && i.vmid !== 120
          ? [i.vmid]
          : [],
      )
      .slice(0, 12)
    expect(guests).toHaveLength(12)
    for (const vmid of guests) fleet.sim.setGuestStatus('ace-prod', vmid, 'running')
    await vi.waitFor(
      () => expect(guests.map((v) => guestStatus('ace-noc', v))).toEqual(Array(12).fill('running')),
      {
        timeout: 10_000,
      },
    )
    const refs = guests.map((vmid) => ({ clusterId: 'ace-noc', vmid }))
    const first = await services.bulk.plan(refs.slice(0, 6), { kind: 'stop' }, 2)
    const second = await services.bulk.plan(refs.slice(6), { kind: 'stop' }, 2)
    expect([...first.entries, ...second.entries].every((e) => e.run)).toBe(true)

    const latest = new Map<string, BulkProgress>()
    services.bulk.onProgress((p) => latest.set(p.bulkId, p))
    services.bulk.run(first.planId)
    services.bulk.run(second.planId)
    let peak = 0
    const allDone = (): boolean => latest.size === 2 && [...latest.values()].every((p) => p.done)
    while (!allDone()) {
      // The simulator's own list: what PVE runs for PVE Desk on that cluster, whichever run started it.
      const running = await runningStopsOn('ace-prod')
      peak = Math.max(peak, running.length)
      expect(running.length).toBeLessThanOrEqual(2)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(peak).toBe(2)
    const results = [...latest.values()].flatMap((p) => p.results)
    expect(results.map((r) => r.state)).toEqual(Array(12).fill('ok'))
  }, 60_000)

  it('refuses a fifth run while four are under way (conflict), and keeps its plan to run later', async () => {
    const plans = []
    for (let i = 0; i < 5; i++)
      plans.push(await services.bulk.plan([{ clusterId: 'ace-noc', vmid: 201 }], { kind: 'stop' }, 1))
    const [a, b, c, d, e] = plans.map((p) => p.planId)
    for (const planId of [a, b, c, d]) services.bulk.run(planId as string)
    expect(() => services.bulk.run(e as string)).toThrow(expect.objectContaining({ code: 'conflict' }))
    pushClock()
    await vi.waitFor(() => expect(services.bulk.list().every((p) => p.done)).toBe(true), { timeout: 20_000 })
    // Each stopped 201 in turn (or found it stopped already): none failed, none is left waiting.
    for (const p of services.bulk.list()) expect(['ok', 'skipped']).toContain(p.results[0]?.state)
    expect(services.bulk.run(e as string).bulkId).toEqual(expect.any(String))
  })
})

describe('cancel twice', () => {
  it('the second cancel stops following tasks that do not end: entries cancelled, the run done', async () => {
    const bulk = new BulkService(services.guests, { throttleMs: 0 })
    try {
      const plan = await bulk.plan(
        [201, 202, 203].map((vmid) => ({ clusterId: 'ace-noc', vmid })),
        { kind: 'stop' },
        2,
      )
      const events: BulkProgress[] = []
      bulk.onProgress((p) => events.push(p))
      const { bulkId } = bulk.run(plan.planId)
      await vi.waitFor(() => expect(events.at(-1)?.results[1]?.upid).toBeDefined(), { timeout: 5_000 })
      // From now on no status read answers: for PVE Desk the two tasks never leave running.
      fleet.sim.setFaults({ errorRate: 1 })
      bulk.cancel(bulkId)
      await vi.waitFor(() => expect(events.at(-1)?.cancelled).toBe(true), { timeout: 5_000 })
      expect(events.at(-1)?.done).toBe(false)
      expect(events.at(-1)?.results.map((r) => r.state)).toEqual(['running', 'running', 'cancelled'])

      bulk.cancel(bulkId)
      await vi.waitFor(() => expect(events.at(-1)?.done).toBe(true), { timeout: 5_000 })
      expect(events.at(-1)?.results.map((r) => [r.vmid, r.state, r.upid !== undefined])).toEqual([
        [201, 'cancelled', true],
        [202, 'cancelled', true],
        [203, 'cancelled', false],
      ])
      // A third cancel of the ended run changes nothing.
      bulk.cancel(bulkId)
      expect(bulk.list()[0]?.done).toBe(true)
    } finally {
      fleet.sim.setFaults({})
      bulk.dispose()
    }
  })
})
