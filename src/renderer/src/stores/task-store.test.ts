import { beforeEach, describe, expect, it } from 'vitest'

import { endedFixture, taskFixture } from '../features/tasks/test-tasks'
import {
  MAX_FAILURE_NOTICES,
  MAX_NOTICES,
  MAX_TASKS_PER_CLUSTER,
  mergeTask,
  runningCount,
  useTaskStore,
} from './task-store'

const reset = (): void => useTaskStore.setState({ loaded: false, tasks: new Map(), notices: [] })

describe('task store', () => {
  beforeEach(reset)

  it('lists, then applies deltas: a task new, a task ended, a task gone', () => {
    const a = taskFixture({ pid: 1 })
    const b = taskFixture({ pid: 2, starttime: 1001 })
    useTaskStore.getState().load([a, b])
    expect(runningCount(useTaskStore.getState().tasks)).toBe(2)
    const c = taskFixture({ pid: 3, starttime: 1002 })
    useTaskStore.getState().applyDelta({ clusterId: 'c1', upserts: [c, endedFixture(a)], removed: [b.key] })
    const { tasks } = useTaskStore.getState()
    expect([...tasks.keys()].sort()).toEqual([a.key, c.key].sort())
    expect(tasks.get(a.key)?.state).toBe('ok')
    expect(runningCount(tasks)).toBe(1)
  })

  it('applies a task twice (a delta before the list, then the list) once, and keeps its end', () => {
    const a = taskFixture()
    // The delta arrives while the list is on its way; the list was read before the task ended.
    useTaskStore
      .getState()
      .applyDelta({ clusterId: 'c1', upserts: [endedFixture(a, 'TASK ERROR: boom')], removed: [] })
    useTaskStore.getState().load([a])
    const { tasks } = useTaskStore.getState()
    expect(tasks.size).toBe(1)
    expect(tasks.get(a.key)).toMatchObject({ state: 'error', exitstatus: 'TASK ERROR: boom' })
  })

  it('a stale "running" delta after the end does not bring the task back to running', () => {
    const a = taskFixture()
    useTaskStore.getState().load([endedFixture(a)])
    useTaskStore.getState().applyDelta({ clusterId: 'c1', upserts: [a], removed: [] })
    expect(useTaskStore.getState().tasks.get(a.key)?.state).toBe('ok')
  })

  it('renders nothing again for a delta that changes nothing', () => {
    const a = taskFixture()
    useTaskStore.getState().load([a])
    const before = useTaskStore.getState().tasks
    useTaskStore.getState().applyDelta({ clusterId: 'c1', upserts: [{ ...a }], removed: [] })
    expect(useTaskStore.getState().tasks).toBe(before)
  })

  it('keeps mine and the HA request once known, whatever a later report says', () => {
    const request = taskFixture({ type: 'hastart', pid: 1 })
    const agent = taskFixture({ pid: 2, starttime: 1003 })
    const merged = mergeTask({ ...agent, mine: true, requestUpid: request.upid }, { ...agent, state: 'ok' })
    expect(merged).toMatchObject({ mine: true, requestUpid: request.upid, state: 'ok' })
  })

  it('refuses a delta writing or removing another cluster’s tasks', () => {
    const other = taskFixture({ clusterId: 'c2' })
    useTaskStore.getState().load([other])
    const forged = taskFixture({ clusterId: 'c2', state: 'error', exitstatus: 'forged' })
    useTaskStore.getState().applyDelta({ clusterId: 'c1', upserts: [forged], removed: [other.key] })
    expect(useTaskStore.getState().tasks.get(other.key)).toEqual(other)
  })

  it('keeps at most 1,000 tasks per cluster: the oldest ended go, running ones stay', () => {
    const running = taskFixture({ pid: 0, starttime: 1 })
    const flood = Array.from({ length: MAX_TASKS_PER_CLUSTER + 500 }, (_, i) =>
      endedFixture(taskFixture({ pid: i + 1, starttime: 10 + i })),
    )
    useTaskStore.getState().applyDelta({ clusterId: 'c1', upserts: [running, ...flood], removed: [] })
    const other = taskFixture({ clusterId: 'c2' })
    useTaskStore.getState().applyDelta({ clusterId: 'c2', upserts: [other], removed: [] })
    const { tasks } = useTaskStore.getState()
    expect([...tasks.values()].filter((t) => t.clusterId === 'c1')).toHaveLength(MAX_TASKS_PER_CLUSTER)
    expect(tasks.has(running.key)).toBe(true)
    expect(tasks.has(other.key)).toBe(true)
    // The newest ended one is kept, the oldest gone.
    expect(tasks.has(flood.at(-1)?.key ?? '')).toBe(true)
    expect(tasks.has(flood[0]?.key ?? '')).toBe(false)
  })

  it('an ended task PVE Desk started is told once, at most four at a time, and dismissed', () => {
    const store = useTaskStore.getState()
    const tasks = Array.from({ length: 6 }, (_, i) => endedFixture(taskFixture({ pid: i + 1, mine: true })))
    for (const task of tasks) store.ended(task, true)
    store.ended(tasks[5] ?? taskFixture(), true)
    let { notices } = useTaskStore.getState()
    expect(notices.map((n) => n.key)).toEqual(tasks.slice(-MAX_NOTICES).map((t) => t.key))
    useTaskStore.getState().dismissNotice(tasks[5]?.key ?? '')
    ;({ notices } = useTaskStore.getState())
    expect(notices).toHaveLength(MAX_NOTICES - 1)
    // Not notified (the preference says so): the timeline has its end all the same.
    const quiet = endedFixture(taskFixture({ pid: 99, mine: true }), 'TASK ERROR: no')
    useTaskStore.getState().ended(quiet, false)
    expect(useTaskStore.getState().notices.some((n) => n.key === quiet.key)).toBe(false)
    expect(useTaskStore.getState().tasks.get(quiet.key)?.state).toBe('error')
  })

  it('keeps a failure’s toast while ten successes come after it: the successes go first', () => {
    const store = useTaskStore.getState()
    const failure = endedFixture(taskFixture({ pid: 1, mine: true }), 'TASK ERROR: start failed')
    const warned = endedFixture(taskFixture({ pid: 2, mine: true }), 'WARNINGS: 1')
    store.ended(failure, true)
    store.ended(warned, true)
    const oks = Array.from({ length: 10 }, (_, i) => endedFixture(taskFixture({ pid: i + 10, mine: true })))
    for (const ok of oks) store.ended(ok, true)
    const keys = useTaskStore.getState().notices.map((n) => n.key)
    expect(keys).toHaveLength(MAX_NOTICES)
    // The failure and the warning stay (oldest first), the newest successes fill the rest.
    expect(keys).toEqual([failure.key, warned.key, ...oks.slice(-2).map((t) => t.key)])
    // More failures than the cap: all stay until dismissed (a warning goes before them), up to their own bound.
    for (let i = 0; i < 6; i++)
      store.ended(endedFixture(taskFixture({ pid: 100 + i, mine: true }), 'TASK ERROR: no'), true)
    const states = useTaskStore.getState().notices.map((n) => n.state)
    expect(states).toEqual(Array.from({ length: 7 }, () => 'error'))
    for (let i = 0; i < MAX_FAILURE_NOTICES; i++)
      store.ended(endedFixture(taskFixture({ pid: 200 + i, mine: true }), 'TASK ERROR: no'), true)
    const bounded = useTaskStore.getState().notices
    expect(bounded).toHaveLength(MAX_FAILURE_NOTICES)
    expect(bounded.some((n) => n.key === failure.key)).toBe(false)
  })

  it('drops a removed cluster’s tasks and toasts', () => {
    const a = taskFixture()
    const b = taskFixture({ clusterId: 'c2' })
    useTaskStore.getState().load([a, b])
    useTaskStore.getState().ended(endedFixture(a), true)
    useTaskStore.getState().dropCluster('c1')
    expect([...useTaskStore.getState().tasks.keys()]).toEqual([b.key])
    expect(useTaskStore.getState().notices).toEqual([])
  })
})
