import { afterEach, describe, expect, it, vi } from 'vitest'

import { trackHandles } from '../../../tests/support/leaks'
import { Emitter } from '../../shared/lifecycle'
import type { TaskEnded } from '../../shared/model/task'
import { formatUpid } from '../../shared/upid'
import type { ClusterConnection } from '../clusters/cluster-connection'
import type { ClusterRegistry } from '../clusters/cluster-registry'
import type { TaskApi } from '../pve/tasks'
import { TaskService } from './task-service'

const START = 1_700_000_000
const request = formatUpid({
  node: 'n1',
  pid: 1,
  pstart: 1,
  starttime: START,
  type: 'hastart',
  id: '103',
  user: 'op@pve',
})
const agent = formatUpid({
  node: 'n1',
  pid: 2,
  pstart: 2,
  starttime: START + 1,
  type: 'qmstart',
  id: '103',
  user: 'root@pam',
})
const eventually = (check: () => void): Promise<void> => vi.waitFor(check, { timeout: 10_000, interval: 5 })

/** What the cluster answers, changed by each test as PVE would change. */
interface Cluster {
  statuses: Map<string, unknown>
  /** `/cluster/tasks`' answer. */
  list: unknown
  calls: string[]
}

function cluster(): Cluster {
  return { statuses: new Map(), list: [], calls: [] }
}

/** A connection of `c`: polled by hand; disposed as the registry disposes a replaced or removed one. */
interface FakeConnection {
  connection: ClusterConnection
  poll: () => void
  dispose: () => void
}

function connection(c: Cluster): FakeConnection {
  const polled = new Emitter<void>()
  const disposed = new Emitter<void>()
  const api: TaskApi = {
    clusterId: 'c1',
    call: (method, path) => {
      c.calls.push(`${method} ${path}`)
      if (path === '/cluster/tasks') return Promise.resolve(c.list)
      for (const [upid, status] of c.statuses)
        if (path.includes(encodeURIComponent(upid))) return Promise.resolve(status)
      return Promise.reject(new Error(`unexpected ${path}`))
    },
  }
  const fake = {
    id: 'c1',
    api,
    config: { readOnly: false, name: 'c1' },
    onPolled: polled.event,
    onDidDispose: disposed.event,
    refresh: () => undefined,
  }
  return {
    // The part of ClusterConnection the task service uses; the rest would need a live PVE client.
    connection: fake as unknown as ClusterConnection,
    poll: () => polled.fire(),
    dispose: () => disposed.fire(),
  }
}

/** A registry of one cluster whose connection can be replaced (an edit) as ClusterRegistry.replace does. */
function registryOf(c: Cluster): {
  registry: ClusterRegistry
  current: () => FakeConnection
  replace: () => void
} {
  const status = new Emitter<void>()
  const replaced = new Emitter<{ previous: ClusterConnection; next: ClusterConnection }>()
  let current = connection(c)
  const registry = {
    onStatus: status.event,
    onReplaced: replaced.event,
    list: () => [current.connection],
    get: () => current.connection,
    has: () => true,
  }
  return {
    // The part of ClusterRegistry the task service uses.
    registry: registry as unknown as ClusterRegistry,
    current: () => current,
    replace: () => {
      const previous = current
      current = connection(c)
      // ClusterRegistry.replace: onReplaced first, then the previous connection is disposed.
      replaced.fire({ previous: previous.connection, next: current.connection })
      previous.dispose()
    },
  }
}

const services: TaskService[] = []
afterEach(() => {
  for (const s of services.splice(0)) s.dispose()
})

function service(registry: ClusterRegistry, haWaitMs = 60_000): { tasks: TaskService; ended: TaskEnded[] } {
  const tasks = new TaskService(registry, { followIntervalMs: 1, maxBackoffMs: 1, haWaitMs })
  services.push(tasks)
  const ended: TaskEnded[] = []
  tasks.onEnded((e) => ended.push(e))
  return { tasks, ended }
}

const stateOf = (tasks: TaskService, upid: string): string | undefined =>
  tasks.list().find((t) => t.upid === upid)?.state

describe('TaskService HA follow-through', () => {
  it('follows the agent’s task through a cluster edited between the request’s end and the agent’s task', async () => {
    const c = cluster()
    c.statuses.set(request, { status: 'stopped', exitstatus: 'OK' })
    const desk = registryOf(c)
    const { tasks, ended } = service(desk.registry)
    const outcome = tasks.track('c1', request)
    await eventually(() => expect(stateOf(tasks, request)).toBe('ok'))
    desk.current().poll() // one list read: no agent's task yet
    await eventually(() => expect(c.calls.filter((x) => x === 'GET /cluster/tasks')).toHaveLength(1))
    desk.replace() // renamed: a new connection, so a new tracker
    c.list = [{ upid: agent }]
    c.statuses.set(agent, { status: 'stopped', exitstatus: 'OK' })
    // Polls come on (each one reads the list once) until the follow-up has the agent's task.
    let done = false
    void outcome.finally(() => (done = true))
    await eventually(() => {
      if (!done) desk.current().poll()
      expect(done).toBe(true)
    })
    const { task, request: filed, agentMissing } = await outcome
    expect(task).toMatchObject({ upid: agent, type: 'qmstart', state: 'ok', requestUpid: request })
    expect(filed).toMatchObject({ upid: request, state: 'ok' })
    expect(agentMissing).toBeUndefined()
    expect(stateOf(tasks, request)).toBe('ok')
    expect(ended.map((e) => e.task.upid)).toEqual([agent])
  })

  it('ends the wait at haWaitMs when the cluster’s list is no list', async () => {
    const c = cluster()
    c.statuses.set(request, { status: 'stopped', exitstatus: 'OK' })
    c.list = {}
    const desk = registryOf(c)
    const { tasks } = service(desk.registry, 50)
    const outcome = tasks.track('c1', request)
    desk.current().poll()
    await expect(outcome).resolves.toMatchObject({
      task: { upid: request, state: 'ok' },
      agentMissing: true,
    })
    expect(stateOf(tasks, request)).toBe('ok')
  })
})

describe('TaskService.track with a signal', () => {
  const upid = formatUpid({
    node: 'n1',
    pid: 3,
    pstart: 3,
    starttime: START,
    type: 'vzdump',
    id: '104',
    user: 'op@pve',
  })

  it('refuses at once with an aborted signal, sending nothing and leaving no timer', async () => {
    const c = cluster()
    c.statuses.set(upid, { status: 'running' })
    const handles = trackHandles()
    try {
      const { tasks } = service(registryOf(c).registry)
      await expect(tasks.track('c1', upid, { signal: AbortSignal.abort() })).rejects.toMatchObject({
        code: 'cancelled',
      })
      await expect(tasks.track('c1', 'UPID:junk', { signal: AbortSignal.abort() })).rejects.toMatchObject({
        code: 'invalid_request',
      })
      expect(c.calls.filter((x) => x.includes('/status'))).toEqual([])
      expect(await handles.settled()).toEqual([])
    } finally {
      handles.stop()
    }
  })

  it('stops the follow-up when its caller gives up: the task stays running and PVE Desk’s', async () => {
    const c = cluster()
    c.statuses.set(upid, { status: 'running' })
    const handles = trackHandles()
    try {
      const { tasks, ended } = service(registryOf(c).registry)
      const controller = new AbortController()
      const outcome = tasks.track('c1', upid, { signal: controller.signal })
      await eventually(() => expect(c.calls.length).toBeGreaterThanOrEqual(2))
      controller.abort()
      await expect(outcome).rejects.toMatchObject({ code: 'cancelled' })
      expect(tasks.list().find((t) => t.upid === upid)).toMatchObject({ state: 'running', mine: true })
      expect(await handles.settled()).toEqual([])
      const reads = c.calls.length
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(c.calls).toHaveLength(reads)
      expect(ended).toEqual([])
    } finally {
      handles.stop()
    }
  })

  it('goes on for a caller without a signal when another gives up', async () => {
    const c = cluster()
    c.statuses.set(upid, { status: 'running' })
    const { tasks } = service(registryOf(c).registry)
    const controller = new AbortController()
    const cancelled = tasks.track('c1', upid, { signal: controller.signal })
    const held = tasks.track('c1', upid)
    controller.abort()
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' })
    c.statuses.set(upid, { status: 'stopped', exitstatus: 'OK' })
    await expect(held).resolves.toMatchObject({ task: { upid, state: 'ok' } })
  })
})
