import { AppError } from '../../shared/ipc/errors'
import type { PveTask } from '../../shared/model/task'
import { describeTaskType } from '../../shared/task-types'
import type { TaskApi } from '../pve/tasks'
import { delay } from '../pve/tasks'
import { isNoSuchTask, readTaskStatus, upidOf } from './task-api'
import { readTaskRows, stateOf, taskFromUpid } from './task-rows'

/** How a followed task ended: the HA agent's task when there was one, with the request it answered. */
export interface TaskOutcome {
  task: PveTask
  request?: PveTask
}

export interface FollowOptions {
  signal?: AbortSignal
  /** Between two status reads of a running task (default 1 s). */
  intervalMs?: number
  /** Longest wait between reads after failures (default 30 s): back-off doubles the interval up to it. */
  maxBackoffMs?: number
  /** Each change of what is followed: the task seen running, then ended (and the agent's task after an HA request). */
  onUpdate?: (task: PveTask) => void
  /** How long to look for the HA agent's task once a request ended OK (default 120 s). */
  haWaitMs?: number
  /**
   * The cluster's task list, to find the HA agent's task in: by default `GET /cluster/tasks` once per interval;
   * the app hands the list its tracker reads after each poll (no request of its own).
   */
  agentTasks?: (signal: AbortSignal | undefined) => Promise<readonly PveTask[]>
  /** Epoch ms (tests move it by hand). */
  now?: () => number
}

const DEFAULT_INTERVAL_MS = 1_000
const DEFAULT_HA_WAIT_MS = 120_000
/** The HA agent runs as root@pam (pve-ha-manager's LRM forks the worker with the `ha` RPC environment). */
const HA_AGENT = 'root@pam'

const isCancel = (error: unknown): boolean => error instanceof AppError && error.code === 'cancelled'

/**
 * Follows one task to its end with `GET /nodes/{node}/tasks/{upid}/status` on the UPID's node. A read that
 * fails (timeout, unreachable, a 5xx while a node reboots) is retried with back-off and does not end the
 * follow-up; only PVE saying the task does not exist does (`unknown`). Rejects `cancelled` when `signal` aborts.
 */
export async function followStatus(
  api: TaskApi,
  upid: string,
  options: FollowOptions & { mine?: boolean; requestUpid?: string } = {},
): Promise<PveTask> {
  const parsed = upidOf(api, upid)
  const interval = options.intervalMs ?? DEFAULT_INTERVAL_MS
  const maxBackoff = Math.max(interval, options.maxBackoffMs ?? 30_000)
  const now = options.now ?? Date.now
  const extra = options.requestUpid === undefined ? {} : { requestUpid: options.requestUpid }
  const make = (state: PveTask['state'], exitstatus?: string): PveTask => ({
    ...taskFromUpid(
      api.clusterId,
      upid,
      parsed,
      state === 'running'
        ? { state }
        : { state, endtime: Math.floor(now() / 1000), ...(exitstatus === undefined ? {} : { exitstatus }) },
      options.mine ?? true,
    ),
    ...extra,
  })
  options.onUpdate?.(make('running'))
  let failures = 0
  for (;;) {
    try {
      const status = await readTaskStatus(api, upid, options.signal)
      failures = 0
      if (!status.running) {
        const ended = make(stateOf(status.exitstatus, true), status.exitstatus)
        options.onUpdate?.(ended)
        return ended
      }
    } catch (error) {
      if (isCancel(error) || options.signal?.aborted === true) throw cancelled(api)
      if (isNoSuchTask(error)) {
        const lost = make('unknown')
        options.onUpdate?.(lost)
        return lost
      }
      failures++
    }
    await delay(Math.min(maxBackoff, interval * 2 ** Math.min(failures, 16)), options.signal)
  }
}

const cancelled = (api: TaskApi): AppError =>
  new AppError({ code: 'cancelled', clusterId: api.clusterId, message: 'task follow-up cancelled' })

/**
 * Follows a task PVE Desk started to its real end. For an HA request (`hastart`, `hastop`, `hamigrate`…) that
 * ended OK, PVE has only told the HA manager; the agent then runs the real worker (`qmstart`, `vzmigrate`…) for
 * the same vmid as root@pam. That task — the first of a matching type starting at or after the request — is
 * looked for in the cluster's task list and followed too; the outcome is it, with the request beside it, or the
 * request alone if no agent's task shows up within `haWaitMs`. Usable with a bare PveClient (the CLI's --wait).
 */
export async function followThrough(
  api: TaskApi,
  upid: string,
  options: FollowOptions = {},
): Promise<TaskOutcome> {
  const request = await followStatus(api, upid, options)
  const ha = describeTaskType(request.type).haRequest
  if (ha === undefined || request.state !== 'ok' || request.vmid === undefined) return { task: request }
  const agent = await findAgentTask(api, request, ha.real, options)
  if (agent === undefined) return { task: request, request }
  const task = await followStatus(api, agent.upid, { ...options, requestUpid: request.upid })
  return { task, request }
}

async function findAgentTask(
  api: TaskApi,
  request: PveTask,
  real: readonly string[],
  options: FollowOptions,
): Promise<PveTask | undefined> {
  const now = options.now ?? Date.now
  const deadline = now() + (options.haWaitMs ?? DEFAULT_HA_WAIT_MS)
  const list =
    options.agentTasks ??
    (async (signal: AbortSignal | undefined): Promise<readonly PveTask[]> => {
      await delay(options.intervalMs ?? DEFAULT_INTERVAL_MS, signal)
      return readTaskRows(api.clusterId, await api.call('GET', '/cluster/tasks', undefined, signal))
    })
  for (;;) {
    try {
      const match = agentTaskIn(await list(options.signal), request, real)
      if (match !== undefined) return match
    } catch (error) {
      if (isCancel(error) || options.signal?.aborted === true) throw cancelled(api)
      // A list that failed to read is tried again until the deadline: the request itself went well.
      if (now() < deadline) await delay(options.intervalMs ?? DEFAULT_INTERVAL_MS, options.signal)
    }
    if (now() >= deadline) return undefined
  }
}

/** The HA agent's task for `request` in `tasks`: same vmid, a real type, root@pam, not before the request. */
export function agentTaskIn(
  tasks: readonly PveTask[],
  request: PveTask,
  real: readonly string[],
): PveTask | undefined {
  let best: PveTask | undefined
  for (const task of tasks) {
    if (task.upid === request.upid || task.id !== request.id || task.user !== HA_AGENT) continue
    if (!real.includes(task.type) || task.starttime < request.starttime) continue
    if (best === undefined || task.starttime < best.starttime) best = task
  }
  return best
}
