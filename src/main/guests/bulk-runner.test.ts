import { describe, expect, it } from 'vitest'

import { AppError } from '../../shared/ipc/errors'
import type { BulkAction, BulkPlan, BulkPlanEntry, BulkProgress } from '../../shared/model/bulk'
import type { FleetGuest } from '../../shared/model/fleet'
import type { PveClient } from '../pve/pve-client'
import type { FollowedTask } from './bulk-runner'
import { AGENT_MISSING, guestActionOf, runBulk } from './bulk-runner'
import type { ClusterAccess } from './cluster-access'
import { ClusterSlots } from './cluster-slots'

const entry = (clusterId: string, vmid: number, type: 'qemu' | 'lxc' = 'qemu'): BulkPlanEntry => ({
  key: `${clusterId}/${type}/${vmid}`,
  clusterId,
  vmid,
  name: `g${vmid}`,
  type,
  node: 'n1',
  site: 's',
  run: true,
})
const planOf = (
  entries: BulkPlanEntry[],
  concurrency: number,
  action: BulkAction = { kind: 'stop' },
): BulkPlan => ({
  planId: 'p1',
  action,
  entries,
  concurrency,
})
const upidOf = (vmid: number): string => `UPID:n1:00000001:00000002:6770A1B2:qmstop:${vmid}:root@pam:`

interface World {
  accessOf: (clusterId: string) => ClusterAccess
  follow: (clusterId: string, upid: string) => Promise<FollowedTask>
  started: string[]
  pending: Map<string, (task: FollowedTask) => void>
  peak: Map<string, number>
  endAll: () => void
}

/** Clusters that answer every action with a UPID and count what is in flight. */
function world(options: { readOnly?: Set<string> } = {}): World {
  const started: string[] = []
  const pending = new Map<string, (task: FollowedTask) => void>()
  const inFlight = new Map<string, number>()
  const peak = new Map<string, number>()
  const accessOf = (clusterId: string): ClusterAccess => ({
    clusterId,
    readOnly: options.readOnly?.has(clusterId) ?? false,
    // Only `call` is used by the actions.
    client: {
      call: (_m: string, path: string) => {
        const vmid = Number(/\/(\d+)\/status/.exec(path)?.[1])
        started.push(`${clusterId}/${vmid}`)
        return Promise.resolve(upidOf(vmid))
      },
    } as unknown as PveClient,
    guest: (vmid) =>
      Promise.resolve({
        key: `${clusterId}/qemu/${vmid}`,
        clusterId,
        kind: 'guest',
        type: 'qemu',
        vmid,
        node: 'n1',
        name: 'g',
        status: 'running',
        template: false,
        tags: [],
      } satisfies FleetGuest),
    can: () => Promise.resolve(true),
    siteOf: () => 's',
    nodes: () => Promise.resolve([]),
  })
  const follow = (clusterId: string, upid: string): Promise<FollowedTask> => {
    const now = (inFlight.get(clusterId) ?? 0) + 1
    inFlight.set(clusterId, now)
    peak.set(clusterId, Math.max(peak.get(clusterId) ?? 0, now))
    return new Promise((resolve) => {
      pending.set(`${clusterId}/${upid}`, (task) => {
        inFlight.set(clusterId, (inFlight.get(clusterId) ?? 1) - 1)
        resolve(task)
      })
    })
  }
  /** Ends every task in flight, OK. */
  const endAll = (): void => {
    for (const [key, end] of [...pending]) {
      pending.delete(key)
      end({ upid: key.slice(key.indexOf('/') + 1), state: 'ok', exitstatus: 'OK' })
    }
  }
  return { accessOf, follow, started, pending, peak, endAll }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const isDone = (state: { done: boolean }): boolean => state.done

/** Ends the tasks in flight until the run is done. */
async function drive(w: World, run: Promise<BulkProgress>): Promise<BulkProgress> {
  const state = { done: false }
  void run.then(() => {
    state.done = true
  })
  while (!isDone(state)) {
    await settle()
    w.endAll()
  }
  return run
}

describe('runBulk', () => {
  it('keeps at most `concurrency` in flight per cluster, clusters side by side, each task to its end', async () => {
    const w = world()
    const entries = [1, 2, 3, 4, 5].flatMap((i) => [entry('a', 100 + i), entry('b', 200 + i)])
    const final = await drive(w, runBulk(planOf(entries, 2), w.accessOf, w.follow))
    expect(Object.fromEntries(w.peak)).toEqual({ a: 2, b: 2 })
    expect(final.done).toBe(true)
    expect(final.results.map((r) => r.state)).toEqual(Array(10).fill('ok'))
    expect(final.results.every((r) => r.exitstatus === 'OK' && r.upid?.startsWith('UPID:'))).toBe(true)
  })

  it('cancel: nothing new starts, queued ones are cancelled, the one running goes on to its end', async () => {
    const w = world()
    const cancel = new AbortController()
    const run = runBulk(
      planOf([entry('a', 101), entry('a', 102), entry('a', 103)], 1),
      w.accessOf,
      w.follow,
      {
        signal: cancel.signal,
      },
    )
    while (w.pending.size === 0) await settle()
    cancel.abort()
    const final = await drive(w, run)
    expect(w.started).toEqual(['a/101'])
    expect(final).toMatchObject({ done: true, cancelled: true })
    expect(final.results.map((r) => r.state)).toEqual(['ok', 'cancelled', 'cancelled'])
  })

  it('checks each entry again just before its action: skipped with the reason, read-only too', async () => {
    const w = world({ readOnly: new Set(['ro']) })
    const final = await drive(
      w,
      runBulk(planOf([entry('a', 101), entry('a', 102), entry('ro', 301)], 4), w.accessOf, w.follow, {
        recheck: (e) =>
          e.vmid === 102
            ? new AppError({ code: 'conflict', message: 'already stopped', detail: { skip: 'already' } })
            : undefined,
      }),
    )
    expect(final.results.map((r) => [r.vmid, r.state, r.error?.code])).toEqual([
      [101, 'ok', undefined],
      [102, 'skipped', 'conflict'],
      [301, 'skipped', 'read_only'],
    ])
    expect(w.started).toEqual(['a/101'])
  })

  it('stops following when told (the app quitting): what runs ends `cancelled`, its UPID kept', async () => {
    const w = world()
    const quit = new AbortController()
    const run = runBulk(planOf([entry('a', 101)], 1), w.accessOf, w.follow, { followSignal: quit.signal })
    while (w.pending.size === 0) await settle()
    quit.abort()
    const final = await run
    expect(final.results).toEqual([
      expect.objectContaining({
        state: 'cancelled',
        upid: expect.stringContaining(':qmstop:101:') as unknown,
      }),
    ])
  })

  it('shares one limiter per cluster between runs: two runs at concurrency 2 never have 4 in flight', async () => {
    const w = world()
    const slots = new ClusterSlots()
    const planA = {
      ...planOf(
        [1, 2, 3, 4, 5, 6].map((i) => entry('a', 100 + i)),
        2,
      ),
      planId: 'A',
    }
    const planB = {
      ...planOf(
        [1, 2, 3, 4, 5, 6].map((i) => entry('a', 200 + i)),
        2,
      ),
      planId: 'B',
    }
    const both = Promise.all([
      runBulk(planA, w.accessOf, w.follow, { slot: slots.acquire }),
      runBulk(planB, w.accessOf, w.follow, { slot: slots.acquire }),
    ])
    const state = { done: false }
    void both.then(() => (state.done = true))
    while (!isDone(state)) {
      await settle()
      expect(slots.inFlight('a')).toBeLessThanOrEqual(2)
      w.endAll()
    }
    const [a, b] = await both
    expect(w.peak.get('a')).toBe(2)
    expect(w.started).toHaveLength(12)
    expect([...a.results, ...b.results].every((r) => r.state === 'ok')).toBe(true)
    expect(slots.inFlight('a')).toBe(0)
  })

  it('a run cancelled while it waits for a slot starts nothing and leaves the other run alone', async () => {
    const w = world()
    const slots = new ClusterSlots()
    const cancelB = new AbortController()
    const a = runBulk({ ...planOf([entry('a', 101)], 1), planId: 'A' }, w.accessOf, w.follow, {
      slot: slots.acquire,
    })
    while (w.pending.size === 0) await settle()
    const b = runBulk(
      { ...planOf([entry('a', 201), entry('a', 202)], 1), planId: 'B' },
      w.accessOf,
      w.follow,
      {
        slot: slots.acquire,
        signal: cancelB.signal,
      },
    )
    await settle()
    cancelB.abort()
    expect((await b).results.map((r) => r.state)).toEqual(['cancelled', 'cancelled'])
    expect((await drive(w, a)).results.map((r) => r.state)).toEqual(['ok'])
    expect(w.started).toEqual(['a/101'])
  })

  it('a refusal of PVE’s at run time (403) skips the entry with PVE’s words, not a failure', async () => {
    const w = world()
    const refusing = (clusterId: string): ClusterAccess => ({
      ...w.accessOf(clusterId),
      client: {
        call: () =>
          Promise.reject(
            new AppError({ code: 'forbidden', message: 'Permission check failed (/vms/101, VM.PowerMgmt)' }),
          ),
      } as unknown as PveClient,
    })
    const final = await runBulk(planOf([entry('a', 101)], 1), refusing, w.follow)
    expect(final.results.map((r) => [r.state, r.error?.message])).toEqual([
      ['skipped', 'Permission check failed (/vms/101, VM.PowerMgmt)'],
    ])
  })

  it('an HA request without an agent task is a warning saying so, not OK', async () => {
    const w = world()
    const follow = (_c: string, upid: string): Promise<FollowedTask> =>
      Promise.resolve({ upid, state: 'ok', exitstatus: 'OK', agentMissing: true })
    const final = await runBulk(planOf([entry('a', 101)], 1), w.accessOf, follow)
    expect(final.results.map((r) => [r.state, r.exitstatus])).toEqual([['warning', AGENT_MISSING]])
    expect(AGENT_MISSING).toBe('HA request filed; no agent task within 120 s')
  })

  it('sends progress throttled, and always once more at the end with everything done', async () => {
    const w = world()
    const events: BulkProgress[] = []
    const entries = Array.from({ length: 50 }, (_, i) => entry('a', 100 + i))
    const final = await drive(
      w,
      runBulk(planOf(entries, 4), w.accessOf, w.follow, {
        throttleMs: 3_600_000,
        onProgress: (p) => events.push(p),
      }),
    )
    // 150 changes (running, UPID, end) in at most one event per hour: the first batch and the last.
    expect(events.length).toBeLessThanOrEqual(2)
    expect(events.at(-1)).toEqual(final)
    expect(final.results.every((r) => r.state === 'ok')).toBe(true)
  })
})

describe('guestActionOf', () => {
  it('moves a container in restart mode when the bulk migration is live, and takes the cluster’s target', () => {
    const action: BulkAction = { kind: 'migrate', targets: { a: 'n2' }, online: true }
    expect(guestActionOf(action, entry('a', 1))).toEqual({ kind: 'migrate', target: 'n2', online: true })
    expect(guestActionOf(action, entry('a', 2, 'lxc'))).toEqual({
      kind: 'migrate',
      target: 'n2',
      restart: true,
    })
    expect(guestActionOf(action, entry('b', 3))).toBeUndefined()
  })

  it('keeps RAM out of a container’s guest snapshot; backs up to its cluster’s storage', () => {
    expect(guestActionOf({ kind: 'snapshot', name: 's', vmstate: true }, entry('a', 2, 'lxc'))).toEqual({
      kind: 'snapshotCreate',
      name: 's',
    })
    expect(
      guestActionOf(
        { kind: 'backup', storages: { a: 'local' }, mode: 'snapshot', compress: 'zstd' },
        entry('a', 1),
      ),
    ).toEqual({ kind: 'backup', storage: 'local', mode: 'snapshot', compress: 'zstd' })
  })
})
