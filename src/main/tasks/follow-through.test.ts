import { getEventListeners } from 'node:events'

import { describe, expect, it } from 'vitest'

import { AppError } from '../../shared/ipc/errors'
import type { PveTask } from '../../shared/model/task'
import { formatUpid } from '../../shared/upid'
import type { TaskApi } from '../pve/tasks'
import {
  agentTaskIn,
  followStatus,
  followThrough,
  isTransientFailure,
  MAX_HARD_FAILURES,
  relocationStartIn,
} from './follow-through'
import { taskFromRow } from './task-rows'

const START = 1_700_000_000
const upid = (type: string, starttime = START, user = 'root@pam', id = '101', node = 'km4-pve1'): string =>
  formatUpid({ node, pid: 0x1234 + starttime - START, pstart: 0xabcd, starttime, type, id, user })

/** An answer, or an Error to reject with. */
type Answer = unknown
/** A client whose answers per path come from `answers` in turn (the last one repeats); records every call. */
function scripted(answers: Record<string, Answer[]>): TaskApi & { calls: string[] } {
  const calls: string[] = []
  const seen = new Map<string, number>()
  return {
    clusterId: 'c1',
    calls,
    call: (method, path) => {
      calls.push(`${method} ${path}`)
      const list = answers[path]
      if (list === undefined) return Promise.reject(new AppError({ code: 'not_found', message: path }))
      const i = seen.get(path) ?? 0
      seen.set(path, i + 1)
      const answer = list[Math.min(i, list.length - 1)]
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)
    },
  }
}
const statusPath = (u: string): string => `/nodes/${u.split(':')[1]}/tasks/${encodeURIComponent(u)}/status`
const running = { status: 'running' }
const stopped = (exitstatus: string): unknown => ({ status: 'stopped', exitstatus })

describe('followStatus', () => {
  it('follows a task on its UPID’s node until it stops, with PVE’s exit text', async () => {
    const u = upid('qmstart', START, 'root@pam', '101', 'vitib-pve1')
    const api = scripted({ [statusPath(u)]: [running, running, stopped('VM 101 already running')] })
    const updates: PveTask[] = []
    const task = await followStatus(api, u, {
      intervalMs: 0,
      onUpdate: (t) => updates.push(t),
      now: () => 5e12,
    })
    expect(task).toMatchObject({
      state: 'error',
      exitstatus: 'VM 101 already running',
      mine: true,
      vmid: 101,
    })
    expect(task.endtime).toBe(5e9)
    expect(api.calls).toEqual(Array(3).fill(`GET ${statusPath(u)}`))
    expect(api.calls[0]).toContain('/nodes/vitib-pve1/tasks/')
    expect(updates.map((t) => t.state)).toEqual(['running', 'error'])
  })

  it('goes on through timeouts, unreachable nodes and 5xx answers', async () => {
    const u = upid('vzdump')
    const error = (code: 'timeout' | 'unreachable' | 'pve_error'): AppError =>
      new AppError({ code, message: code })
    const api = scripted({
      [statusPath(u)]: [
        error('timeout'),
        error('unreachable'),
        running,
        error('pve_error'),
        stopped('WARNINGS: 2'),
      ],
    })
    await expect(followStatus(api, u, { intervalMs: 0 })).resolves.toMatchObject({ state: 'warning' })
    expect(api.calls).toHaveLength(5)
  })

  it('gives up as unknown after a few reads pveproxy cannot route (hostname lookup failed)', async () => {
    const u = upid('qmstart', START, 'root@pam', '101', 'ghost-node')
    // pveproxy proxying to a node name that does not resolve (the UPID names no node of the cluster).
    const lookup = new AppError({
      code: 'pve_error',
      message: "hostname lookup 'ghost-node' failed - failed to get address info for: ghost-node",
      detail: { status: '500' },
    })
    const api = scripted({ [statusPath(u)]: [running, lookup] })
    const updates: string[] = []
    const task = await followStatus(api, u, { intervalMs: 0, onUpdate: (t) => updates.push(t.state) })
    expect(task).toMatchObject({ state: 'unknown', mine: true })
    expect(api.calls).toHaveLength(1 + MAX_HARD_FAILURES)
    expect(updates).toEqual(['running', 'unknown'])
  })

  it('gives up on refusals (4xx) but not while transient failures come between good reads', async () => {
    const u = upid('qmstart')
    const forbidden = new AppError({ code: 'forbidden', message: 'Permission check failed' })
    const refused = scripted({ [statusPath(u)]: [forbidden] })
    await expect(followStatus(refused, u, { intervalMs: 0 })).resolves.toMatchObject({ state: 'unknown' })
    expect(refused.calls).toHaveLength(MAX_HARD_FAILURES)
    // A node restarting: many 5xx, timeouts and unreachable answers in a row never end the follow-up.
    const restarting = new AppError({ code: 'pve_error', message: 'proxy error', detail: { status: '502' } })
    const timeout = new AppError({ code: 'timeout', message: 'slow' })
    const flaky = [...Array<AppError>(3 * MAX_HARD_FAILURES).fill(restarting), timeout, running]
    const api = scripted({ [statusPath(u)]: [...flaky, stopped('OK')] })
    await expect(followStatus(api, u, { intervalMs: 0 })).resolves.toMatchObject({ state: 'ok' })
    expect(api.calls).toHaveLength(flaky.length + 1)
  })

  it('tells transient failures from the others', () => {
    type Code = 'timeout' | 'unreachable' | 'pve_error' | 'not_found'
    const e = (code: Code, message = 'x', status?: string): AppError =>
      new AppError({ code, message, ...(status === undefined ? {} : { detail: { status } }) })
    expect(isTransientFailure(e('timeout'))).toBe(true)
    expect(isTransientFailure(e('unreachable', 'no route to host'))).toBe(true)
    expect(isTransientFailure(e('pve_error', 'service unavailable', '503'))).toBe(true)
    expect(isTransientFailure(e('pve_error', "hostname lookup 'x' failed - nope", '500'))).toBe(false)
    expect(isTransientFailure(e('not_found'))).toBe(false)
    expect(isTransientFailure(new Error('boom'))).toBe(false)
  })

  it('ends unknown when PVE says the task does not exist', async () => {
    const u = upid('qmstart')
    const gone = new AppError({
      code: 'invalid_request',
      message: 'Parameter verification failed.',
      detail: { upid: 'no such task' },
    })
    const api = scripted({ [statusPath(u)]: [running, gone] })
    await expect(followStatus(api, u, { intervalMs: 0 })).resolves.toMatchObject({ state: 'unknown' })
  })

  it('refuses a UPID that does not read, sending nothing', async () => {
    const api = scripted({})
    await expect(followStatus(api, 'UPID:../../access:1:2:3:x:y:z:')).rejects.toMatchObject({
      code: 'invalid_request',
    })
    expect(api.calls).toEqual([])
  })

  it('stops with cancelled when its signal aborts, leaving no listener', async () => {
    const u = upid('qmstart')
    const api = scripted({ [statusPath(u)]: [running] })
    const controller = new AbortController()
    const following = followStatus(api, u, { intervalMs: 60_000, signal: controller.signal })
    await new Promise((resolve) => setImmediate(resolve))
    controller.abort()
    await expect(following).rejects.toMatchObject({ code: 'cancelled' })
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })
})

const row = (u: string, extra: Record<string, unknown> = {}): PveTask => {
  const task = taskFromRow('c1', { upid: u, ...extra })
  if (task === undefined) throw new Error(`bad upid ${u}`)
  return task
}

describe('agentTaskIn', () => {
  it('finds the first real task for the vmid as root@pam, at or after the request', () => {
    const request = row(upid('hastart', START, 'noc@pve'))
    const right = row(upid('qmstart', START + 2))
    const later = row(upid('qmstart', START + 9))
    const tasks = [
      row(upid('qmstart', START - 1)),
      row(upid('qmstart', START + 1, 'noc@pve')),
      row(upid('qmstart', START + 1, 'root@pam', '102')),
      row(upid('qmstop', START + 1)),
      later,
      right,
    ]
    expect(agentTaskIn(tasks, request, ['qmstart', 'vzstart'])?.upid).toBe(right.upid)
    expect(agentTaskIn([request], request, ['hastart'])).toBeUndefined()
  })
})

describe('followThrough', () => {
  it('follows an HA start through its request and the agent’s task', async () => {
    const request = upid('hastart', START, 'noc@pve')
    const agent = upid('qmstart', START + 3)
    const api = scripted({
      [statusPath(request)]: [running, stopped('OK')],
      [statusPath(agent)]: [running, stopped('OK')],
    })
    const lists: PveTask[][] = [[], [row(upid('qmstart', START + 1, 'noc@pve')), row(agent)]]
    const updates: string[] = []
    const outcome = await followThrough(api, request, {
      intervalMs: 0,
      agentTasks: () => Promise.resolve(lists.shift() ?? []),
      onUpdate: (t) => updates.push(`${t.type} ${t.state}`),
    })
    expect(outcome.task).toMatchObject({ upid: agent, state: 'ok', mine: true, requestUpid: request })
    expect(outcome.request).toMatchObject({ upid: request, state: 'ok', type: 'hastart' })
    expect(updates).toEqual(['hastart running', 'hastart ok', 'qmstart running', 'qmstart ok'])
  })

  it('reads /cluster/tasks itself when given no list (the CLI)', async () => {
    const request = upid('hamigrate', START, 'noc@pve')
    const agent = upid('qmigrate', START + 1)
    const api = scripted({
      [statusPath(request)]: [stopped('OK')],
      '/cluster/tasks': [[{ upid: agent }]],
      [statusPath(agent)]: [stopped('migration problems')],
    })
    const outcome = await followThrough(api, request, { intervalMs: 0 })
    expect(outcome.task).toMatchObject({ upid: agent, state: 'error', exitstatus: 'migration problems' })
    expect(api.calls.filter((c) => c === 'GET /cluster/tasks')).toHaveLength(1)
  })

  it('answers the request alone when no agent’s task shows up in time', async () => {
    const request = upid('hastop', START, 'noc@pve')
    const api = scripted({ [statusPath(request)]: [stopped('OK')] })
    let now = 0
    let looks = 0
    const outcome = await followThrough(api, request, {
      intervalMs: 0,
      haWaitMs: 120_000,
      now: () => now,
      agentTasks: () => {
        looks++
        now += 50_000
        return looks === 2
          ? Promise.reject(new AppError({ code: 'timeout', message: 'slow' }))
          : Promise.resolve([])
      },
    })
    expect(outcome).toEqual({
      task: expect.objectContaining({ upid: request, state: 'ok' }) as unknown,
      request: outcome.task,
      agentMissing: true,
    })
    expect(looks).toBe(3)
  })

  it('ends the wait for the agent’s task at haWaitMs even when no list ever comes', async () => {
    const request = upid('hastart', START, 'noc@pve')
    const api = scripted({ [statusPath(request)]: [stopped('OK')] })
    const controller = new AbortController()
    const signals: AbortSignal[] = []
    const outcome = await followThrough(api, request, {
      intervalMs: 0,
      haWaitMs: 50,
      signal: controller.signal,
      // A cluster that never polls well again: the tracker's next list never comes.
      agentTasks: (signal) => {
        if (signal !== undefined) signals.push(signal)
        return new Promise(() => undefined)
      },
    })
    expect(outcome).toMatchObject({ task: { upid: request, state: 'ok' }, agentMissing: true })
    expect(outcome.request?.upid).toBe(request)
    // The list's wait was told to stop; nothing is left on the caller's signal.
    expect(signals.map((s) => s.aborted)).toEqual([true])
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('says nothing of a missing agent when the agent’s task was found', async () => {
    const request = upid('hastart', START, 'noc@pve')
    const agent = upid('qmstart', START + 1)
    const api = scripted({
      [statusPath(request)]: [stopped('OK')],
      [statusPath(agent)]: [stopped('OK')],
    })
    const outcome = await followThrough(api, request, {
      intervalMs: 0,
      agentTasks: () => Promise.resolve([row(agent)]),
    })
    expect(outcome.agentMissing).toBeUndefined()
  })

  it('looks for no agent after a failed request, nor for a task that is no HA request', async () => {
    const failed = upid('hastart', START, 'noc@pve')
    const plain = upid('qmstart', START + 5, 'noc@pve')
    const api = scripted({
      [statusPath(failed)]: [stopped('service vm:101 not found')],
      [statusPath(plain)]: [stopped('OK')],
    })
    const agentTasks = (): Promise<PveTask[]> => Promise.reject(new Error('must not be asked'))
    expect(await followThrough(api, failed, { intervalMs: 0, agentTasks })).toEqual({
      task: expect.objectContaining({ state: 'error' }) as unknown,
    })
    expect((await followThrough(api, plain, { intervalMs: 0, agentTasks })).request).toBeUndefined()
  })

  it('follows a running HA container’s relocation past its vzmigrate to the HA manager’s vzstart', async () => {
    const request = upid('hamigrate', START, 'noc@pve', '110')
    const shutdown = upid('vzshutdown', START + 2, 'root@pam', '110')
    const migrate = upid('vzmigrate', START + 6, 'root@pam', '110')
    const start = upid('vzstart', START + 14, 'root@pam', '110', 'km4-pve2')
    const api = scripted({
      [statusPath(request)]: [stopped('OK')],
      [statusPath(migrate)]: [running, stopped('OK')],
      [statusPath(start)]: [running, stopped('OK')],
    })
    const before = [row(shutdown, { status: 'OK' }), row(migrate)]
    // The CRM's next round comes later: two lists without the start, then with it.
    const lists: PveTask[][] = [before, before, before, [...before, row(start)]]
    const updates: string[] = []
    const outcome = await followThrough(api, request, {
      intervalMs: 0,
      agentTasks: () => Promise.resolve(lists.shift() ?? []),
      onUpdate: (t) => updates.push(`${t.type} ${t.state}`),
    })
    expect(outcome.task).toMatchObject({ upid: start, state: 'ok', node: 'km4-pve2', requestUpid: request })
    expect(outcome.request?.upid).toBe(request)
    expect(outcome.agentMissing).toBeUndefined()
    expect(updates).toEqual([
      'hamigrate running',
      'hamigrate ok',
      'vzmigrate running',
      'vzmigrate ok',
      'vzstart running',
      'vzstart ok',
    ])
  })

  it('ends at the vzmigrate of a stopped HA container (nothing shut down, no start comes)', async () => {
    const request = upid('hamigrate', START, 'noc@pve', '110')
    const migrate = upid('vzmigrate', START + 2, 'root@pam', '110')
    const api = scripted({
      [statusPath(request)]: [stopped('OK')],
      [statusPath(migrate)]: [stopped('OK')],
    })
    const outcome = await followThrough(api, request, {
      intervalMs: 0,
      agentTasks: () => Promise.resolve([row(migrate)]),
    })
    expect(outcome).toEqual({
      task: expect.objectContaining({ upid: migrate, state: 'ok' }) as unknown,
      request: expect.objectContaining({ upid: request }) as unknown,
    })
  })

  it('says so when a relocated container’s start never comes, and looks for none after a failed migration', async () => {
    const request = upid('hamigrate', START, 'noc@pve', '110')
    const shutdown = upid('vzshutdown', START + 2, 'root@pam', '110')
    const migrate = upid('vzmigrate', START + 6, 'root@pam', '110')
    const api = scripted({
      [statusPath(request)]: [stopped('OK')],
      [statusPath(migrate)]: [stopped('OK')],
    })
    let now = 0
    const outcome = await followThrough(api, request, {
      intervalMs: 0,
      haWaitMs: 120_000,
      now: () => now,
      agentTasks: () => {
        now += 50_000
        return Promise.resolve([row(shutdown), row(migrate)])
      },
    })
    expect(outcome).toMatchObject({ task: { upid: migrate, state: 'ok' }, agentMissing: true })
    const failing = scripted({
      [statusPath(request)]: [stopped('OK')],
      [statusPath(migrate)]: [stopped('migration aborted')],
    })
    let looks = 0
    const failed = await followThrough(failing, request, {
      intervalMs: 0,
      agentTasks: () => {
        looks++
        return Promise.resolve([row(shutdown), row(migrate)])
      },
    })
    expect(failed).toMatchObject({ task: { upid: migrate, state: 'error' } })
    expect(failed.agentMissing).toBeUndefined()
    expect(looks).toBe(1)
  })
})

describe('relocationStartIn', () => {
  it('takes the first vzstart as root@pam for the vmid from the migration on, once the agent shut it down', () => {
    const request = row(upid('hamigrate', START, 'noc@pve', '110'))
    const migration = row(upid('vzmigrate', START + 6, 'root@pam', '110'))
    const shutdown = row(upid('vzshutdown', START + 2, 'root@pam', '110'))
    const right = row(upid('vzstart', START + 14, 'root@pam', '110', 'km4-pve2'))
    const noise = [
      row(upid('vzstart', START + 1, 'root@pam', '110')),
      row(upid('vzstart', START + 15, 'noc@pve', '110')),
      row(upid('vzstart', START + 15, 'root@pam', '111')),
      row(upid('vzstart', START + 20, 'root@pam', '110')),
    ]
    expect(relocationStartIn([shutdown, migration, ...noise, right], request, migration)).toMatchObject({
      upid: right.upid,
    })
    expect(relocationStartIn([shutdown, migration], request, migration)).toBeUndefined()
    // A shutdown before the request, or someone else's, is not the agent's relocation.
    const old = row(upid('vzshutdown', START - 5, 'root@pam', '110'))
    const theirs = row(upid('vzshutdown', START + 2, 'noc@pve', '110'))
    expect(relocationStartIn([old, theirs, migration, right], request, migration)).toBe('none')
  })
})
