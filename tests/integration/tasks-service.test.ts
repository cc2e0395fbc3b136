import { describe, expect, it, vi } from 'vitest'

import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import { ClusterRegistry } from '../../src/main/clusters/cluster-registry'
import { PveClient } from '../../src/main/pve/pve-client'
import { MAX_HARD_FAILURES } from '../../src/main/tasks/follow-through'
import type { TaskServiceOptions } from '../../src/main/tasks/task-service'
import { TaskService } from '../../src/main/tasks/task-service'
import type { FleetDelta, FleetGuest } from '../../src/shared/model/fleet'
import type { TaskDelta, TaskEnded } from '../../src/shared/model/task'
import { PveTask } from '../../src/shared/model/task'
import { trackHandles } from '../support/leaks'
import { useSimulatorFleet } from '../support/simulator-fleet'

/** Waits for `check` to pass: generous, as the machine may be busy (nothing here depends on its speed). */
const eventually = (check: () => void): Promise<void> => vi.waitFor(check, { timeout: 10_000, interval: 20 })

const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })
const connectionOptions = { pollIntervalMs: 150, timeoutMs: 2_000, backoff: { baseMs: 100, maxMs: 400 } }

/** A registry with `configs` and a task service over it, both disposed after the test, and what they emitted. */
function desk(
  configs: ClusterConfig[] = [fleet.config('ace-prod')],
  options: TaskServiceOptions = {},
  pollIntervalMs = connectionOptions.pollIntervalMs,
): {
  registry: ClusterRegistry
  tasks: TaskService
  deltas: TaskDelta[]
  ended: TaskEnded[]
  fleetDeltas: FleetDelta[]
} {
  const registry = fleet.disposables.add(
    new ClusterRegistry(fleet.credentials, { ...connectionOptions, pollIntervalMs }),
  )
  // Added after the registry, so disposed before it, as services.ts does.
  const tasks = fleet.disposables.add(new TaskService(registry, { followIntervalMs: 50, ...options }))
  const deltas: TaskDelta[] = []
  const ended: TaskEnded[] = []
  const fleetDeltas: FleetDelta[] = []
  tasks.onDelta((d) => deltas.push(d))
  tasks.onEnded((e) => ended.push(e))
  registry.onDelta((d) => fleetDeltas.push(d))
  for (const config of configs) registry.add(config)
  return { registry, tasks, deltas, ended, fleetDeltas }
}

/** Another PVE client of the same cluster: what someone else (PVE's GUI, a script) does. */
function elsewhere(config: ClusterConfig): PveClient {
  return fleet.disposables.add(
    new PveClient(config.id, config.endpoints, fleet.credentials, { timeoutMs: 2_000 }),
  )
}

const post = async (client: PveClient, path: string, params?: Record<string, string>): Promise<string> =>
  String(await client.call('POST', path, params))

const taskOf = (tasks: TaskService, upid: string): PveTask | undefined =>
  tasks.list().find((t) => t.upid === upid)

const guestOf = (registry: ClusterRegistry, vmid: number): FleetGuest | undefined =>
  registry.get('ace-prod').items.find((i): i is FleetGuest => i.kind === 'guest' && i.vmid === vmid)

const requestsTo = (path: string): number =>
  fleet.sim.requests.filter((r) => r.path.split('?')[0] === `/api2/json${path}`).length

describe('TaskService against the simulator', () => {
  it('shows tasks started elsewhere, then their end, from /cluster/tasks', async () => {
    const { tasks, deltas } = desk()
    const other = elsewhere(fleet.config('ace-prod'))
    const upid = await post(other, '/nodes/km4-pve2/qemu/210/status/start')
    await eventually(() => expect(taskOf(tasks, upid)).toMatchObject({ state: 'running', mine: false }))
    expect(taskOf(tasks, upid)).toMatchObject({
      key: `ace-prod/${upid}`,
      node: 'km4-pve2',
      type: 'qmstart',
      vmid: 210,
      user: 'root@pam',
    })
    fleet.sim.advanceClock(5)
    await eventually(() => expect(taskOf(tasks, upid)).toMatchObject({ state: 'ok', exitstatus: 'OK' }))
    expect(taskOf(tasks, upid)?.endtime).toBeGreaterThanOrEqual(taskOf(tasks, upid)?.starttime ?? Infinity)
    // Deltas carry changes only: the task came once running and once ended, however many polls in between.
    const seen = deltas.flatMap((d) => d.upserts).filter((t) => t.upid === upid)
    expect(seen.map((t) => t.state)).toEqual(['running', 'ok'])
  })

  it('follows a task PVE Desk started to its end, notifies it and refreshes the tree at once', async () => {
    // Polls one minute apart: only the refresh after the task's end can show the guest running this soon.
    const { registry, tasks, ended } = desk(undefined, {}, 60_000)
    const connection = registry.get('ace-prod')
    await eventually(() => expect(guestOf(registry, 210)?.status).toBe('stopped'))
    const upid = await post(connection.api, '/nodes/km4-pve2/qemu/210/status/start')
    const outcome = tasks.track('ace-prod', upid)
    await eventually(() => expect(taskOf(tasks, upid)).toMatchObject({ state: 'running', mine: true }))
    fleet.sim.advanceClock(5)
    await expect(outcome).resolves.toEqual({
      task: expect.objectContaining({ upid, state: 'ok', exitstatus: 'OK', mine: true }) as unknown,
    })
    expect(ended.map((e) => [e.task.upid, e.task.state])).toEqual([[upid, 'ok']])
    await eventually(() => expect(guestOf(registry, 210)?.status).toBe('running'))
    // Tracking it again is the same follow-up, not a second one.
    expect(tasks.list().filter((t) => t.upid === upid)).toHaveLength(1)
  })

  it('stops a running task; it ends with PVE’s exit text and its log says so', async () => {
    const { registry, tasks } = desk()
    const upid = await post(registry.get('ace-prod').api, '/nodes/km4-pve2/qemu/210/status/start')
    const outcome = tasks.track('ace-prod', upid)
    await tasks.stop('ace-prod', upid)
    const { task } = await outcome
    // PVE's worker dies of the signal (RESTEnvironment's handler: `received interrupt`).
    expect(task).toMatchObject({ state: 'error', exitstatus: expect.stringMatching(/interrupt/) as unknown })
    const page = await tasks.log('ace-prod', upid, 0, 50)
    expect(page.running).toBe(false)
    expect(page.lines.at(-1)).toEqual({ n: page.total, t: `TASK ERROR: ${task.exitstatus ?? ''}` })
  })

  it('reads a task’s log by pages, to its exact end', async () => {
    const { registry, tasks } = desk()
    const upid = await post(registry.get('ace-prod').api, '/nodes/km4-pve1/vzdump', {
      vmid: '110,105',
      storage: 'local',
      mode: 'snapshot',
    })
    const outcome = tasks.track('ace-prod', upid)
    fleet.sim.advanceClock(200)
    // Several guests, one task: PVE leaves the id empty, and the failed guest makes the whole job fail.
    await expect(outcome).resolves.toMatchObject({
      task: { type: 'vzdump', id: '', state: 'error', exitstatus: 'job errors' },
    })
    const whole = await tasks.log('ace-prod', upid, 0, 5_000)
    expect(whole.lines.length).toBeGreaterThan(4)
    expect(whole.total).toBe(whole.lines.length)
    expect(whole.lines.map((l) => l.t)).toContain('ERROR: Backup of VM 105 failed - VM is locked (backup)')
    const middle = await tasks.log('ace-prod', upid, 1, 2)
    expect(middle.lines).toEqual(whole.lines.slice(1, 3))
    // Not the end yet: PVE's own count of the log's lines.
    expect(middle.total).toBe(whole.total)
    const past = await tasks.log('ace-prod', upid, whole.total, 50)
    expect(past).toMatchObject({ lines: [], total: whole.total, running: false })
  })

  it('sends nothing to stop a task of a read-only cluster', async () => {
    const { registry, tasks } = desk([{ ...fleet.config('ace-prod'), readOnly: true }])
    const upid = await post(elsewhere(fleet.config('ace-prod')), '/nodes/km4-pve2/qemu/210/status/start')
    await eventually(() => expect(registry.get('ace-prod').status.state).toBe('online'))
    const before = fleet.sim.requests.length
    await expect(tasks.stop('ace-prod', upid)).rejects.toMatchObject({ code: 'read_only' })
    expect(fleet.sim.requests.slice(before).filter((r) => r.method === 'DELETE')).toEqual([])
  })

  it('refuses a UPID that does not read and a cluster that is not one, sending nothing', async () => {
    const { tasks } = desk()
    const before = fleet.sim.requests.length
    await expect(tasks.track('ace-prod', 'UPID:../../access/ticket:1:2:3:x:y:z:')).rejects.toMatchObject({
      code: 'invalid_request',
    })
    await expect(tasks.log('ace-prod', 'not a upid', 0, 10)).rejects.toMatchObject({
      code: 'invalid_request',
    })
    await expect(tasks.stop('nowhere', 'UPID:x')).rejects.toMatchObject({ code: 'not_found' })
    const tail = fleet.sim.requests.slice(before).filter((r) => r.path.includes('/tasks/'))
    expect(tail).toEqual([])
  })

  it('asks a UPID’s own node for its status, even a node the cluster does not list', async () => {
    const { tasks } = desk(undefined, { followIntervalMs: 20, maxBackoffMs: 40 })
    const ghost = 'UPID:ghost-node:00001234:00ABCDEF:5FBE4F9A:qmstart:210:root@pam:'
    const asked = (): number =>
      fleet.sim.requests.filter((r) => r.path.startsWith('/api2/json/nodes/ghost-node/tasks/')).length
    const outcome = tasks.track('ace-prod', ghost)
    // pveproxy cannot resolve it (hostname lookup failed, a 500 that stays so): asked a few times, then given
    // up as unknown (never called ended, never followed for ever).
    await expect(outcome).resolves.toMatchObject({ task: { node: 'ghost-node', state: 'unknown' } })
    expect(asked()).toBe(MAX_HARD_FAILURES)
    expect(taskOf(tasks, ghost)).toMatchObject({ node: 'ghost-node', state: 'unknown', mine: true })
  })

  it('reads /cluster/tasks once per poll per cluster, however many tasks it follows', async () => {
    const configs = [fleet.config('ace-prod'), fleet.config('yakro-pve1')]
    const { registry, tasks } = desk(configs)
    const api = registry.get('ace-prod').api
    const upids = [
      await post(api, '/nodes/km4-pve2/qemu/210/status/start'),
      await post(api, '/nodes/km4-pve2/qemu/204/status/start'),
      await post(api, '/nodes/vitib-pve1/qemu/301/status/start'),
    ]
    for (const upid of upids) void tasks.track('ace-prod', upid)
    const resourcesBefore = requestsTo('/cluster/resources')
    const tasksBefore = requestsTo('/cluster/tasks')
    await eventually(() =>
      expect(requestsTo('/cluster/resources') - resourcesBefore).toBeGreaterThanOrEqual(8),
    )
    const polls = requestsTo('/cluster/resources') - resourcesBefore
    const reads = requestsTo('/cluster/tasks') - tasksBefore
    // One read after each poll (a read still under way when the next poll ends adds none).
    expect(reads).toBeLessThanOrEqual(polls + configs.length)
    expect(reads).toBeGreaterThanOrEqual(polls - 2 * configs.length)
    // Never a node's own task list, and never a list per task.
    expect(fleet.sim.requests.some((r) => /\/nodes\/[^/]+\/tasks(\?|$)/.test(r.path))).toBe(false)
    fleet.sim.advanceClock(10)
    await eventually(() => expect(upids.map((u) => taskOf(tasks, u)?.state)).toEqual(['ok', 'ok', 'ok']))
  })

  it('bounds a hostile /cluster/tasks: a huge list, junk rows, lying fields', async () => {
    const { registry, tasks, deltas } = desk()
    const api = registry.get('ace-prod').api
    const real = api.call.bind(api)
    const hostile: unknown[] = [null, 'UPID', { upid: 'UPID:../../access:1:2:3:a:b:c:' }, { upid: 7 }]
    for (let i = 0; i < 200_000; i++) {
      const starttime = (0x60000000 + i).toString(16).toUpperCase()
      hostile.push({
        upid: `UPID:km4-pve1:00001234:00ABCDEF:${starttime}:qmstart:101:root@pam:`,
        node: 'vitib-pve1',
        status: i % 2 === 0 ? 'x'.repeat(10_000) : { not: 'text' },
        endtime: 'soon',
      })
    }
    vi.spyOn(api, 'call').mockImplementation((method, path, params, signal) =>
      path === '/cluster/tasks' ? Promise.resolve(hostile) : real(method, path, params, signal),
    )
    await eventually(() => expect(tasks.list().length).toBeGreaterThan(0))
    const listed = tasks.list()
    expect(listed.length).toBeLessThanOrEqual(1_000)
    // Every task is what the IPC event's schema accepts, its node the UPID's, its exit text bounded.
    for (const task of listed) {
      expect(PveTask.safeParse(task).success).toBe(true)
      expect(task.node).toBe('km4-pve1')
      expect((task.exitstatus ?? '').length).toBeLessThanOrEqual(2_000)
    }
    expect(deltas.flatMap((d) => d.upserts).length).toBeLessThanOrEqual(1_000)
  })

  it('ends the follow-up as unknown when its cluster is removed, and drops its tasks', async () => {
    const { registry, tasks, deltas } = desk()
    const upid = await post(registry.get('ace-prod').api, '/nodes/km4-pve2/qemu/210/status/start')
    const outcome = tasks.track('ace-prod', upid)
    await eventually(() => expect(taskOf(tasks, upid)).toBeDefined())
    registry.remove('ace-prod')
    await expect(outcome).resolves.toMatchObject({ task: { upid, state: 'unknown' } })
    expect(tasks.list()).toEqual([])
    expect(deltas.at(-1)).toMatchObject({
      clusterId: 'ace-prod',
      upserts: [],
      removed: expect.arrayContaining([`ace-prod/${upid}`]) as unknown,
    })
  })

  it('goes on following through a cluster’s new settings (renamed), with its timeline kept', async () => {
    const { registry, tasks } = desk()
    const config = fleet.config('ace-prod')
    const upid = await post(registry.get('ace-prod').api, '/nodes/km4-pve2/qemu/210/status/start')
    const outcome = tasks.track('ace-prod', upid)
    await eventually(() => expect(taskOf(tasks, upid)).toBeDefined())
    registry.replace({ ...config, name: 'ACE production' })
    expect(taskOf(tasks, upid)).toMatchObject({ mine: true })
    fleet.sim.advanceClock(5)
    await expect(outcome).resolves.toMatchObject({ task: { upid, state: 'ok' } })
  })

  it('follows an HA start through its request and the HA agent’s task', async () => {
    const { registry, tasks, ended } = desk(undefined, { haWaitMs: 30_000 })
    fleet.sim.setGuestStatus('ace-prod', 103, 'stopped')
    await eventually(() => expect(guestOf(registry, 103)?.status).toBe('stopped'))
    const request = await post(registry.get('ace-prod').api, '/nodes/km4-pve1/qemu/103/status/start')
    expect(request).toMatch(/:hastart:103:root@pam:$/)
    const outcome = tasks.track('ace-prod', request)
    for (let i = 0; i < 6; i++) {
      fleet.sim.advanceClock(3)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const { task, request: filed } = await outcome
    expect(filed).toMatchObject({ upid: request, type: 'hastart', state: 'ok' })
    expect(task).toMatchObject({
      type: 'qmstart',
      vmid: 103,
      user: 'root@pam',
      mine: true,
      requestUpid: request,
    })
    expect(ended.map((e) => e.task.upid)).toEqual([task.upid])
    expect(taskOf(tasks, task.upid)).toMatchObject({ requestUpid: request, state: 'ok' })
  })

  it('follows an HA start through the agent’s task when the cluster is edited after the request ended', async () => {
    const { registry, tasks, ended } = desk(undefined, { haWaitMs: 30_000 })
    const config = fleet.config('ace-prod')
    fleet.sim.setGuestStatus('ace-prod', 103, 'stopped')
    await eventually(() => expect(guestOf(registry, 103)?.status).toBe('stopped'))
    const request = await post(registry.get('ace-prod').api, '/nodes/km4-pve1/qemu/103/status/start')
    const outcome = tasks.track('ace-prod', request)
    // The request ends OK after 1 s; the simulated HA manager starts the agent's task 2 s later.
    fleet.sim.advanceClock(1)
    await eventually(() => expect(taskOf(tasks, request)).toMatchObject({ state: 'ok' }))
    registry.replace({ ...config, name: 'ACE production' })
    for (let i = 0; i < 6; i++) {
      fleet.sim.advanceClock(3)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const { task, request: filed, agentMissing } = await outcome
    expect(task).toMatchObject({ type: 'qmstart', vmid: 103, state: 'ok', requestUpid: request })
    expect(filed).toMatchObject({ upid: request, state: 'ok' })
    expect(agentMissing).toBeUndefined()
    expect(taskOf(tasks, request)).toMatchObject({ state: 'ok' })
    expect(ended.map((e) => e.task.upid)).toEqual([task.upid])
  })

  it('leaves no timer, socket or listener once disposed mid-follow-up', async () => {
    const handles = trackHandles()
    try {
      const registry = new ClusterRegistry(fleet.credentials, connectionOptions)
      const tasks = new TaskService(registry, { followIntervalMs: 10_000 })
      registry.add(fleet.config('ace-prod'))
      const upid = await post(registry.get('ace-prod').api, '/nodes/km4-pve2/qemu/210/status/start')
      const outcome = tasks.track('ace-prod', upid)
      await eventually(() => expect(taskOf(tasks, upid)).toBeDefined())
      const waiting = tasks.list().length
      expect(waiting).toBeGreaterThan(0)
      tasks.dispose()
      registry.dispose()
      await expect(outcome).resolves.toMatchObject({ task: { upid, state: 'unknown' } })
      expect(await handles.settled()).toEqual([])
    } finally {
      handles.stop()
    }
  })
})
