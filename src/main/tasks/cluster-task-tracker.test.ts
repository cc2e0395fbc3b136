import { describe, expect, it } from 'vitest'

import { Emitter } from '../../shared/lifecycle'
import type { PveTask, TaskDelta } from '../../shared/model/task'
import { formatUpid } from '../../shared/upid'
import { ClusterTaskTracker } from './cluster-task-tracker'
import { taskFromRow } from './task-rows'

const START = 1_700_000_000
const upid = (n: number, type = 'qmstart'): string =>
  formatUpid({
    node: 'km4-pve1',
    pid: 0x100 + n,
    pstart: 0xabcd,
    starttime: START + n,
    type,
    id: '101',
    user: 'root@pam',
  })

/** A connection whose `/cluster/tasks` answers are handed out by the test, one per read. */
function fakeConnection(): {
  polled: Emitter<void>
  reads: () => number
  answer: (rows: unknown) => Promise<void>
  tracker: (seed?: PveTask[]) => { tracker: ClusterTaskTracker; deltas: TaskDelta[] }
} {
  const polled = new Emitter<void>()
  const pending: ((rows: unknown) => void)[] = []
  let reads = 0
  const connection = {
    id: 'c1',
    onPolled: polled.event,
    api: {
      clusterId: 'c1',
      call: (_method: string, path: string): Promise<unknown> => {
        if (path !== '/cluster/tasks') throw new Error(`unexpected ${path}`)
        reads++
        return new Promise((resolve) => pending.push(resolve))
      },
    },
  }
  return {
    polled,
    reads: () => reads,
    answer: async (rows) => {
      pending.shift()?.(rows)
      await new Promise((resolve) => setImmediate(resolve))
    },
    tracker: (seed = []) => {
      const deltas: TaskDelta[] = []
      const tracker = new ClusterTaskTracker(connection, (d) => deltas.push(d), seed)
      return { tracker, deltas }
    },
  }
}

describe('ClusterTaskTracker', () => {
  it('reads /cluster/tasks once per poll, never twice at once, and publishes only what changed', async () => {
    const fake = fakeConnection()
    const { tracker, deltas } = fake.tracker()
    fake.polled.fire()
    fake.polled.fire()
    expect(fake.reads()).toBe(1)
    await fake.answer([{ upid: upid(1) }, { upid: upid(2), status: 'OK', endtime: START + 3 }])
    expect(deltas).toHaveLength(1)
    expect(deltas[0]?.upserts.map((t) => [t.starttime, t.state])).toEqual([
      [START + 2, 'ok'],
      [START + 1, 'running'],
    ])
    fake.polled.fire()
    await fake.answer([{ upid: upid(1) }, { upid: upid(2), status: 'OK', endtime: START + 3 }])
    expect(deltas).toHaveLength(1)
    fake.polled.fire()
    await fake.answer([{ upid: upid(1), status: 'interrupted by signal', endtime: START + 9 }])
    expect(deltas[1]).toEqual({
      clusterId: 'c1',
      upserts: [
        expect.objectContaining({ upid: upid(1), state: 'error', exitstatus: 'interrupted by signal' }),
      ],
      removed: [`c1/${upid(2)}`],
    })
    expect(fake.reads()).toBe(3)
    tracker.dispose()
  })

  it('never turns an ended task back to running on an older list, and keeps PVE Desk’s own marks', async () => {
    const fake = fakeConnection()
    const { tracker } = fake.tracker()
    const mine = taskFromRow('c1', { upid: upid(1) })
    if (mine === undefined) throw new Error('bad upid')
    tracker.upsert({ ...mine, mine: true })
    tracker.upsert({ ...mine, mine: true, state: 'ok', exitstatus: 'OK', endtime: START + 50 })
    fake.polled.fire()
    await fake.answer([{ upid: upid(1) }])
    expect(tracker.list()).toEqual([
      expect.objectContaining({ state: 'ok', mine: true, endtime: START + 50 }),
    ])
    fake.polled.fire()
    await fake.answer([{ upid: upid(1), status: 'OK', endtime: START + 4 }])
    // PVE's own end time wins over the follow-up's estimate.
    expect(tracker.list()).toEqual([expect.objectContaining({ state: 'ok', mine: true, endtime: START + 4 })])
    // Once the list drops it, PVE Desk's task stays in the timeline; a task of others goes.
    fake.polled.fire()
    await fake.answer([{ upid: upid(7, 'vzdump') }])
    expect(tracker.list().map((t) => t.upid)).toEqual([upid(7, 'vzdump'), upid(1)])
    tracker.dispose()
  })

  it('keeps a task PVE Desk still follows, however full the list', async () => {
    const fake = fakeConnection()
    const { tracker } = fake.tracker()
    const followed = taskFromRow('c1', { upid: upid(0) })
    if (followed === undefined) throw new Error('bad upid')
    tracker.upsert({ ...followed, mine: true })
    fake.polled.fire()
    await fake.answer(
      Array.from({ length: 1_500 }, (_, i) => ({ upid: upid(i + 1), status: 'OK', endtime: START })),
    )
    const list = tracker.list()
    expect(list).toHaveLength(1_001)
    expect(list.at(-1)).toMatchObject({ upid: upid(0), mine: true, state: 'running' })
    tracker.dispose()
  })

  it('keeps a failed read from emptying the timeline', async () => {
    const fake = fakeConnection()
    const { tracker } = fake.tracker()
    fake.polled.fire()
    await fake.answer([{ upid: upid(1) }])
    fake.polled.fire()
    await fake.answer('not a list')
    expect(tracker.list()).toHaveLength(1)
    tracker.dispose()
  })

  it('hands the next list to those waiting, and cancels them on dispose; nothing is read after', async () => {
    const fake = fakeConnection()
    const { tracker } = fake.tracker()
    const next = tracker.nextList()
    fake.polled.fire()
    await fake.answer([{ upid: upid(3) }])
    expect((await next).map((t) => t.upid)).toEqual([upid(3)])
    const aborted = new AbortController()
    const waiting = tracker.nextList(aborted.signal)
    aborted.abort()
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' })
    const left = tracker.nextList()
    tracker.dispose()
    await expect(left).rejects.toMatchObject({ code: 'cancelled' })
    fake.polled.fire()
    expect(fake.reads()).toBe(1)
    expect(fake.polled.listenerCount).toBe(0)
  })

  it('starts from the tasks of the connection it replaces', () => {
    const fake = fakeConnection()
    const seeded = taskFromRow('c1', { upid: upid(4) })
    if (seeded === undefined) throw new Error('bad upid')
    const { tracker, deltas } = fake.tracker([seeded])
    expect(tracker.list()).toEqual([seeded])
    expect(deltas).toEqual([])
    tracker.dispose()
  })
})
