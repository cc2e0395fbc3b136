// Tasks as pve-manager's worker processes leave them behind: a UPID (`UPID:node:PID:PSTART:STARTTIME:type:id:user:`,
// upper-case hex, trailing colon), a log that grows while the task runs and ends with `TASK OK` or
// `TASK ERROR: <text>`, and an exit status. A task runs on simulated time: it is due once the clock passes its
// end, and settleTasks() (called before every request) finishes due tasks in order, applying their effect.
// Timers (the HA agent's rounds) are effects due at a time with no task of their own.

import type { ClusterState, GuestState } from '../model'
import { findNode } from '../model'

export interface TaskOutcome {
  /** Makes the task fail: `TASK ERROR: <error>` and the exit status. */
  error?: string
  /** Log lines written at the end, before the final status line. */
  lines?: readonly string[]
  /**
   * Warnings the worker printed (RESTEnvironment.pm `warn` counts them): without an error the task ends
   * `TASK WARNINGS: n`, exit status `WARNINGS: n`.
   */
  warnings?: number
}

/** A lock a worker holds on a guest: released when the task is stopped (its cleanup runs on the signal). */
export interface HeldLock {
  guest: GuestState
  lock: string
}

/** An effect due at a time, with no task of its own (a CRM or LRM round). */
export interface Timer {
  atMs: number
  run: (atMs: number) => void
}

export interface Task {
  upid: string
  node: string
  pid: number
  pstart: number
  /** Epoch seconds. */
  starttime: number
  type: string
  id: string
  /** The userid or full token id that started it. */
  user: string
  startMs: number
  endMs: number
  /** Progress lines, each visible once the clock has passed its time. */
  lines: { atMs: number; text: string }[]
  /** Effects due before the end (vzdump locks and unlocks one guest after the other). */
  steps: { atMs: number; run: (atMs: number) => readonly string[] | undefined }[]
  status: 'running' | 'stopped'
  exitstatus?: string
  /** Epoch seconds. */
  endtime?: number
  finish?: (atMs: number) => TaskOutcome | undefined
  /** What the worker writes when DELETE …/tasks/{upid} signals it. */
  abort?: (atMs: number) => TaskOutcome
  holds?: HeldLock
  stamp?: (atMs: number) => string
  /** The worker does not die on SIGTERM (a hung `qm`/`vzdump` child, a custom hook script). */
  ignoresSigterm?: boolean
  /** When DELETE …/tasks/{upid}'s SIGKILL comes for a worker that ignored the SIGTERM. */
  killAtMs?: number
}

export interface TaskPlan {
  node: string
  type: string
  id: string
  user: string
  durationMs: number
  /** Spread evenly over the run time. */
  progress?: readonly string[]
  /** Runs once, when the task is due (atMs is its end on the simulated clock): applies the effect, or fails. */
  finish?: (atMs: number) => TaskOutcome | undefined
  /** Effects at given times after the start; each may add log lines. */
  steps?: readonly TaskStep[]
  /**
   * The worker's answer to SIGTERM; default fork_worker's handler (RESTEnvironment.pm: `received interrupt`).
   */
  abort?: (atMs: number) => TaskOutcome
  /** The guest lock the worker holds, released when it is stopped. */
  holds?: HeldLock
  /**
   * Prefixes every progress and end line (not the final `TASK …` line): the migration code's
   * `YYYY-MM-DD HH:MM:SS ` (AbstractMigrate.pm `$msg2text`).
   */
  stamp?: (atMs: number) => string
  /** Forked by the HA resource agent (`$rpcenv->{type} eq 'ha'`): the log says so first. */
  byHaAgent?: boolean
  /** The worker ignores SIGTERM: a stop kills it {@link SIGKILL_AFTER_MS} later (see {@link abortTask}). */
  ignoresSigterm?: boolean
}

export interface TaskStep {
  afterMs: number
  run: (atMs: number) => readonly string[] | undefined
}

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0')

export function formatUpid(
  t: Pick<Task, 'node' | 'pid' | 'pstart' | 'starttime' | 'type' | 'id' | 'user'>,
): string {
  return `UPID:${t.node}:${hex(t.pid, 8)}:${hex(t.pstart, 8)}:${hex(t.starttime, 8)}:${t.type}:${t.id}:${t.user}:`
}

const UPID_RE =
  /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/

export const isUpid = (text: string): boolean => UPID_RE.test(text)

/** The node a UPID belongs to (where its status and log live). */
export const upidNode = (upid: string): string | undefined => UPID_RE.exec(upid)?.[1]

/** Worker PIDs grow per cluster; the process start is in clock ticks (100 Hz) since the node booted. */
function nextPid(cluster: ClusterState): number {
  const last = cluster.tasks.at(-1)?.pid ?? 0x2000 + cluster.nodes.length * 0x1111
  return last + 7 + (cluster.tasks.length % 5)
}

export function startTask(cluster: ClusterState, plan: TaskPlan, now: number): Task {
  const node = findNode(cluster, plan.node)
  const bootedAt = node?.bootedAt ?? now - 86_400_000
  const progress = [
    ...(plan.byHaAgent === true ? ['task started by HA resource agent'] : []),
    ...(plan.progress ?? []),
  ]
  const partial = {
    node: plan.node,
    pid: nextPid(cluster),
    pstart: Math.max(0, Math.floor((now - bootedAt) / 10)),
    starttime: Math.floor(now / 1000),
    type: plan.type,
    id: plan.id,
    user: plan.user,
  }
  const task: Task = {
    ...partial,
    upid: formatUpid(partial),
    startMs: now,
    endMs: now + plan.durationMs,
    lines: progress.map((text, i) => {
      const atMs = now + (plan.durationMs * i) / Math.max(1, progress.length)
      // The HA agent's own first line is not the migration code's.
      const stamped = plan.stamp !== undefined && !(plan.byHaAgent === true && i === 0)
      return { atMs, text: stamped ? `${plan.stamp?.(atMs) ?? ''}${text}` : text }
    }),
    steps: (plan.steps ?? []).map((s) => ({ atMs: now + s.afterMs, run: s.run })),
    status: 'running',
  }
  if (plan.finish !== undefined) task.finish = plan.finish
  if (plan.abort !== undefined) task.abort = plan.abort
  if (plan.holds !== undefined) task.holds = plan.holds
  if (plan.stamp !== undefined) task.stamp = plan.stamp
  if (plan.ignoresSigterm === true) task.ignoresSigterm = true
  cluster.tasks.push(task)
  return task
}

function complete(task: Task, outcome: TaskOutcome | undefined, atMs: number): void {
  for (const text of outcome?.lines ?? [])
    task.lines.push({ atMs, text: `${task.stamp?.(atMs) ?? ''}${text}` })
  const error = outcome?.error
  const warnings = outcome?.warnings ?? 0
  const exit = error ?? (warnings > 0 ? `WARNINGS: ${warnings}` : 'OK')
  task.lines.push({ atMs, text: error === undefined ? `TASK ${exit}` : `TASK ERROR: ${error}` })
  task.status = 'stopped'
  task.exitstatus = exit
  task.endtime = Math.floor(atMs / 1000)
  delete task.finish
  delete task.abort
  delete task.holds
}

/** Runs `run` once the simulated clock reaches atMs (in settleTasks, in time order with the tasks). */
export function schedule(cluster: ClusterState, atMs: number, run: (atMs: number) => void): void {
  ;(cluster.timers ??= []).push({ atMs, run })
}

interface Due {
  atMs: number
  apply: () => void
}

function dueEvents(cluster: ClusterState, now: number): Due[] {
  const events: Due[] = []
  for (const task of cluster.tasks) {
    if (task.status !== 'running') continue
    for (const step of task.steps.filter((s) => s.atMs <= now)) {
      events.push({
        atMs: step.atMs,
        apply: () => {
          for (const text of step.run(step.atMs) ?? []) task.lines.push({ atMs: step.atMs, text })
        },
      })
    }
    task.steps = task.steps.filter((s) => s.atMs > now)
    const killAt = task.killAtMs
    if (killAt !== undefined && killAt <= now)
      events.push({
        atMs: killAt,
        apply: () => {
          if (task.status === 'running') killed(task, killAt)
        },
      })
    if (task.endMs <= now)
      events.push({
        atMs: task.endMs,
        apply: () => {
          if (task.status === 'running') complete(task, task.finish?.(task.endMs), task.endMs)
        },
      })
  }
  const timers = cluster.timers ?? []
  for (const timer of timers.filter((t) => t.atMs <= now)) {
    events.push({ atMs: timer.atMs, apply: () => timer.run(timer.atMs) })
  }
  if (timers.length > 0) cluster.timers = timers.filter((t) => t.atMs > now)
  return events
}

/**
 * Runs every step, timer and task end whose time is up, in time order, so that effects apply in order; an
 * effect may start tasks or set timers that are already due (the HA agent after its request): they run too.
 */
export function settleTasks(cluster: ClusterState, now: number): void {
  for (let round = 0; round < 1000; round++) {
    const events = dueEvents(cluster, now)
    if (events.length === 0) return
    events.sort((a, b) => a.atMs - b.atMs)
    for (const event of events) event.apply()
  }
}

/** Ends an open-ended task (a console) now. */
export function endTask(task: Task, outcome: TaskOutcome | undefined, atMs: number): void {
  if (task.status !== 'running') return
  task.steps = []
  complete(task, outcome, atMs)
}

/** How long pve-common RESTEnvironment.pm `$kill_process_group` waits after SIGTERM before it sends SIGKILL. */
export const SIGKILL_AFTER_MS = 5000

/**
 * SIGKILL: no handler, no cleanup, no end line. The log's last line is no `TASK …` line, so PVE::UPID
 * `read_status` says `unexpected status`; the lock the worker held stays (`qm unlock` is the way out).
 */
function killed(task: Task, atMs: number): void {
  task.lines = task.lines.filter((l) => l.atMs <= atMs)
  task.steps = []
  task.status = 'stopped'
  task.exitstatus = 'unexpected status'
  task.endtime = Math.floor(atMs / 1000)
  delete task.finish
  delete task.abort
  delete task.holds
  delete task.killAtMs
}

/**
 * DELETE /nodes/{node}/tasks/{upid}: the worker gets SIGTERM (RESTEnvironment.pm `$kill_process_group`) and dies
 * with its handler's words; its effect never happens, and its cleanup releases the lock it held. A worker that
 * ignores SIGTERM runs on: it may still end on its own, otherwise SIGKILL ends it {@link SIGKILL_AFTER_MS} later
 * on the simulated clock (pvedaemon answers the DELETE only after those seconds; the simulator answers at once).
 */
export function abortTask(task: Task, now: number): void {
  if (task.status !== 'running') return
  if (task.ignoresSigterm === true) {
    // A second stop while the first waits: the first SIGKILL stands.
    task.killAtMs = Math.min(task.killAtMs ?? Infinity, now + SIGKILL_AFTER_MS)
    return
  }
  task.lines = task.lines.filter((l) => l.atMs <= now)
  task.steps = []
  const held = task.holds
  if (held !== undefined && held.guest.lock === held.lock) delete held.guest.lock
  complete(task, task.abort?.(now) ?? { error: 'received interrupt' }, now)
}

/** An already finished task, for the history a scenario starts with. */
export function pastTask(
  cluster: ClusterState,
  plan: TaskPlan,
  startMs: number,
  outcome?: TaskOutcome,
): Task {
  const task = startTask(cluster, { ...plan, finish: undefined }, startMs)
  complete(task, outcome, task.endMs)
  return task
}

export const findTask = (cluster: ClusterState, upid: string): Task | undefined =>
  cluster.tasks.find((t) => t.upid === upid)

/** The log as the clock shows it now: `[{n, t}]`, 1-based. */
export function visibleLog(task: Task, now: number): { n: number; t: string }[] {
  return task.lines.filter((l) => l.atMs <= now).map((l, i) => ({ n: i + 1, t: l.text }))
}
