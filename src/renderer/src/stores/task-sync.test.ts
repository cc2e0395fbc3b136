import { beforeEach, describe, expect, it } from 'vitest'

import type { PveDeskApi } from '../../../shared/ipc/api'
import type { Result } from '../../../shared/ipc/errors'
import type { PveTask, TaskDelta } from '../../../shared/model/task'
import { endedFixture, taskFixture } from '../features/tasks/test-tasks'
import { useTaskStore } from './task-store'
import type { NotifyPreference } from './task-sync'
import { subscribeTasks, wantsNotice } from './task-sync'

/** A bridge whose events the test fires by hand and whose list answers when the test says. */
function harness(): {
  api: PveDeskApi
  fire: (name: 'delta' | 'ended' | 'config', payload: unknown) => void
  answerList: (tasks: PveTask[]) => void
  order: string[]
  listeners: () => number
} {
  const listeners: Record<string, ((payload: never) => void) | undefined> = {}
  const order: string[] = []
  let answer: ((result: Result<PveTask[]>) => void) | undefined
  const on = (name: string) => (listener: (payload: never) => void) => {
    order.push(`subscribe ${name}`)
    listeners[name] = listener
    return () => {
      listeners[name] = undefined
    }
  }
  // Only what the sync calls.
  const api = {
    onTaskDelta: on('delta'),
    onTaskEnded: on('ended'),
    onClusterConfig: on('config'),
    taskList: () => {
      order.push('list')
      return new Promise<Result<PveTask[]>>((resolve) => (answer = resolve))
    },
  } as unknown as PveDeskApi
  return {
    api,
    fire: (name, payload) => listeners[name]?.(payload as never),
    answerList: (tasks) => answer?.({ ok: true, value: tasks }),
    order,
    listeners: () => Object.values(listeners).filter(Boolean).length,
  }
}

describe('task sync', () => {
  beforeEach(() => useTaskStore.setState({ loaded: false, tasks: new Map(), notices: [] }))

  it('subscribes before it lists, and a delta that came meanwhile is not lost nor doubled', async () => {
    const h = harness()
    const sync = subscribeTasks(h.api, () => 'all')
    const listed = sync.list()
    expect(h.order).toEqual(['subscribe delta', 'subscribe ended', 'subscribe config', 'list'])
    const a = taskFixture({ pid: 1 })
    const b = taskFixture({ pid: 2 })
    const delta: TaskDelta = { clusterId: 'c1', upserts: [endedFixture(a), b], removed: [] }
    h.fire('delta', delta)
    h.answerList([a])
    await listed
    const { tasks, loaded } = useTaskStore.getState()
    expect(loaded).toBe(true)
    expect(tasks.size).toBe(2)
    expect(tasks.get(a.key)?.state).toBe('ok')
    sync.stop()
    expect(h.listeners()).toBe(0)
  })

  it('toasts an ended task of PVE Desk as the preference read at that moment says', () => {
    const h = harness()
    let preference: NotifyPreference = 'failed'
    subscribeTasks(h.api, () => preference)
    const ok = endedFixture(taskFixture({ pid: 1, mine: true }))
    const failed = endedFixture(taskFixture({ pid: 2, mine: true }), 'TASK ERROR: storage gone')
    const notMine = endedFixture(taskFixture({ pid: 3 }), 'TASK ERROR: someone else')
    h.fire('ended', { task: ok })
    h.fire('ended', { task: failed })
    h.fire('ended', { task: notMine })
    expect(useTaskStore.getState().notices.map((n) => n.key)).toEqual([failed.key])
    preference = 'all'
    const next = endedFixture(taskFixture({ pid: 4, mine: true }))
    h.fire('ended', { task: next })
    expect(useTaskStore.getState().notices.map((n) => n.key)).toEqual([failed.key, next.key])
    preference = 'off'
    h.fire('ended', { task: endedFixture(taskFixture({ pid: 5, mine: true }), 'TASK ERROR: x') })
    expect(useTaskStore.getState().notices).toHaveLength(2)
  })

  it('drops a cluster’s tasks when it is removed from PVE Desk', async () => {
    const h = harness()
    const sync = subscribeTasks(h.api, () => 'all')
    const listed = sync.list()
    h.answerList([taskFixture(), taskFixture({ clusterId: 'c2' })])
    await listed
    h.fire('config', { kind: 'removed', clusterId: 'c1' })
    expect([...useTaskStore.getState().tasks.values()].map((t) => t.clusterId)).toEqual(['c2'])
  })

  it('notifies failures only with `failed`: an error or a lost task, not warnings', () => {
    const task = taskFixture()
    expect(wantsNotice('failed', endedFixture(task, 'WARNINGS: 2'))).toBe(false)
    expect(wantsNotice('failed', { ...task, state: 'unknown' })).toBe(true)
    expect(wantsNotice('all', endedFixture(task, 'WARNINGS: 2'))).toBe(true)
    expect(wantsNotice('off', endedFixture(task, 'boom'))).toBe(false)
  })
})
