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
  /**
   * An HA request that ended OK but whose agent's task did not show up within `haWaitMs`: `task` is the request
   * (PVE filed it; the HA manager may still act on it later), not a sign the guest did what was asked. Also a
   * relocated container whose start on the target did not come within `haWaitMs` (`task`: its `vzmigrate`).
   */
  agentMissing?: true
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
/**
 * Failures in a row that are not a node or network passing trouble (see {@link isTransientFailure}) after which a
 * follow-up gives up with the task `unknown`: a UPID naming a node pveproxy cannot resolve stays so for ever.
 */
export const MAX_HARD_FAILURES = 5
/** The HA agent runs as root@pam (pve-ha-manager's LRM forks the worker with the `ha` RPC environment). */
const HA_AGENT = 'root@pam'

const isCancel = (error: unknown): boolean => error instanceof AppError && error.code === 'cancelled'

/**
 * Whether a failed status read is worth retrying for as long as it takes: a timeout, an endpoint or node nobody
 * answers on (`unreachable`, which includes pveproxy's 595/596 when it cannot reach the UPID's node), and a 5xx
 * of PVE's own (pvedaemon restarting answers 500/502/503). Not so: a 500 `hostname lookup '…' failed` (pveproxy
 * PVE::APIServer::AnyEvent proxying to a node name that does not resolve: the UPID names no node of the
 * cluster), any 4xx (refused, forbidden, not found, an expired session the client could not renew) and an
 * answer that does not read.
 */
export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof AppError)) return false
  if (error.code === 'timeout' || error.code === 'unreachable') return true
  if (error.code !== 'pve_error') return false
  if (/hostname lookup .* failed/i.test(error.message)) return false
  const status = Number(error.detail?.status ?? '500')
  return status >= 500 && status < 600
}

/**
 * Follows one task to its end with `GET /nodes/{node}/tasks/{upid}/status` on the UPID's node. A transient
 * failure (timeout, unreachable, a 5xx while a node reboots: {@link isTransientFailure}) is retried with back-off
 * and does not end the follow-up; PVE saying the task does not exist ends it `unknown` at once, and
 * {@link MAX_HARD_FAILURES} other failures with no good read between end it `unknown` too. Rejects `cancelled`
 * when `signal` aborts.
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
  let hard = 0
  for (;;) {
    try {
      const status = await readTaskStatus(api, upid, options.signal)
      failures = 0
      hard = 0
      if (!status.running) {
        const ended = make(stateOf(status.exitstatus, true), status.exitstatus)
        options.onUpdate?.(ended)
        return ended
      }
    } catch (error) {
      if (isCancel(error) || options.signal?.aborted === true) throw cancelled(api)
      if (isNoSuchTask(error) || (!isTransientFailure(error) && ++hard >= MAX_HARD_FAILURES)) {
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
 * request alone (`agentMissing`) if no agent's task shows up within `haWaitMs`. A running HA container is
 * relocated, not migrated: its `vzmigrate` is followed on to the HA manager's `vzstart` on the target
 * ({@link relocationStartIn}). Usable with a bare PveClient (the CLI's --wait).
 */
export async function followThrough(
  api: TaskApi,
  upid: string,
  options: FollowOptions = {},
): Promise<TaskOutcome> {
  const request = await followStatus(api, upid, options)
  const ha = describeTaskType(request.type).haRequest
  if (ha === undefined || request.state !== 'ok' || request.vmid === undefined) return { task: request }
  const agent = await waitInTaskList(api, options, (tasks) => agentTaskIn(tasks, request, ha.real))
  if (agent === undefined || agent === 'none') return { task: request, request, agentMissing: true }
  const follow = { ...options, requestUpid: request.upid }
  const task = await followStatus(api, agent.upid, follow)
  if (task.type !== 'vzmigrate' || task.state !== 'ok') return { task, request }
  const start = await waitInTaskList(api, options, (tasks) => relocationStartIn(tasks, request, task))
  if (start === 'none') return { task, request }
  // The container moved but its start never came within the wait: said, not taken for a success.
  if (start === undefined) return { task, request, agentMissing: true }
  return { task: await followStatus(api, start.upid, follow), request }
}

/**
 * The HA manager's start of a relocated container in `tasks`, once its `vzmigrate` (`migration`) ended: PVE
 * relocates a running HA container (pve-ha-manager src/PVE/HA/Resources/PVECT.pm `migrate`: `shutdown` when
 * `check_running`, then `migrate_vm` with online 0), and the CRM then puts the service back in its requested
 * state on the target (src/PVE/HA/Manager.pm `next_state_migrate_relocate`: `started`), where that node's LRM
 * starts it (`vzstart`, root@pam). `none` when the agent shut nothing down first (the container was stopped: no
 * start comes); undefined while the start is still to come.
 */
export function relocationStartIn(
  tasks: readonly PveTask[],
  request: PveTask,
  migration: PveTask,
): PveTask | 'none' | undefined {
  const agents = tasks.filter((t) => t.id === request.id && t.user === HA_AGENT && t.upid !== migration.upid)
  const shutdown = agents.some(
    (t) => t.type === 'vzshutdown' && t.starttime >= request.starttime && t.starttime <= migration.starttime,
  )
  if (!shutdown) return 'none'
  let best: PveTask | undefined
  for (const t of agents) {
    if (t.type !== 'vzstart' || t.starttime < migration.starttime) continue
    if (best === undefined || t.starttime < best.starttime) best = t
  }
  return best
}

/**
 * Reads the cluster's task list (the tracker's, or `GET /cluster/tasks` once per interval) until `pick` finds
 * what it looks for (or says `none`), for at most `haWaitMs`; undefined when the wait ran out.
 */
async function waitInTaskList(
  api: TaskApi,
  options: FollowOptions,
  pick: (tasks: readonly PveTask[]) => PveTask | 'none' | undefined,
): Promise<PveTask | 'none' | undefined> {
  const now = options.now ?? Date.now
  const deadline = now() + (options.haWaitMs ?? DEFAULT_HA_WAIT_MS)
  const list =
    options.agentTasks ??
    (async (signal: AbortSignal | undefined): Promise<readonly PveTask[]> => {
      await delay(options.intervalMs ?? DEFAULT_INTERVAL_MS, signal)
      return readTaskRows(api.clusterId, await api.call('GET', '/cluster/tasks', undefined, signal))
    })
  for (;;) {
    const left = deadline - now()
    if (left <= 0) return undefined
    try {
      // A list that never comes (no successful poll, an answer that is no list) must not outlast the wait.
      const listed = await within(list, left, options.signal)
      if (listed === 'late') return undefined
      const match = pick(listed)
      if (match !== undefined) return match
    } catch (error) {
      if (isCancel(error) || options.signal?.aborted === true) throw cancelled(api)
      // A list that failed to read is tried again until the deadline: the request itself went well.
      if (now() < deadline) await delay(options.intervalMs ?? DEFAULT_INTERVAL_MS, options.signal)
    }
  }
}

/**
 * `list()`, or `late` once `ms` have passed first. Both run under one signal of their own, aborted as soon as
 * either ends (the timer or the list's waiter does not outlive the race), and when `signal` aborts.
 */
async function within(
  list: (signal: AbortSignal | undefined) => Promise<readonly PveTask[]>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<readonly PveTask[] | 'late'> {
  const race = new AbortController()
  const onAbort = (): void => race.abort()
  if (signal?.aborted === true) race.abort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const late = delay(ms, race.signal).then(() => 'late' as const)
    return await Promise.race([list(race.signal), late])
  } finally {
    signal?.removeEventListener('abort', onAbort)
    race.abort()
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
