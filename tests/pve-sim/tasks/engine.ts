// Tasks as pve-manager's worker processes leave them behind: a UPID (`UPID:node:PID:PSTART:STARTTIME:type:id:user:`,
// upper-case hex, trailing colon), a log that grows while the task runs and ends with `TASK OK` or
// `TASK ERROR: <text>`, and an exit status. A task runs on simulated time: it is due once the clock passes its
// end, and settleTasks() (called before every request) finishes due tasks in order, applying their effect.

import type { ClusterState } from '../model'
import { findNode } from '../model'

export interface TaskOutcome {
  /** Makes the task fail: `TASK ERROR: <error>` and the exit status. */
  error?: string
  /** Log lines written at the end, before the final status line. */
  lines?: readonly string[]
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
  const progress = plan.progress ?? []
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
    lines: progress.map((text, i) => ({
      atMs: now + (plan.durationMs * i) / Math.max(1, progress.length),
      text,
    })),
    steps: (plan.steps ?? []).map((s) => ({ atMs: now + s.afterMs, run: s.run })),
    status: 'running',
  }
  if (plan.finish !== undefined) task.finish = plan.finish
  cluster.tasks.push(task)
  return task
}

function complete(task: Task, outcome: TaskOutcome | undefined, atMs: number): void {
  for (const text of outcome?.lines ?? []) task.lines.push({ atMs, text })
  const error = outcome?.error
  task.lines.push({ atMs, text: error === undefined ? 'TASK OK' : `TASK ERROR: ${error}` })
  task.status = 'stopped'
  task.exitstatus = error ?? 'OK'
  task.endtime = Math.floor(atMs / 1000)
  delete task.finish
}

/** Runs every step and finishes every task whose time is up, in time order, so that effects apply in order. */
export function settleTasks(cluster: ClusterState, now: number): void {
  const events: { atMs: number; apply: () => void }[] = []
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
    if (task.endMs <= now)
      events.push({ atMs: task.endMs, apply: () => complete(task, task.finish?.(task.endMs), task.endMs) })
  }
  events.sort((a, b) => a.atMs - b.atMs)
  for (const event of events) event.apply()
}

/** Ends an open-ended task (a console) now. */
export function endTask(task: Task, outcome: TaskOutcome | undefined, atMs: number): void {
  if (task.status !== 'running') return
  task.steps = []
  complete(task, outcome, atMs)
}

/** DELETE /nodes/{node}/tasks/{upid}: the worker is killed, its effect never happens. */
export function abortTask(task: Task, now: number): void {
  if (task.status !== 'running') return
  task.lines = task.lines.filter((l) => l.atMs <= now)
  task.steps = []
  complete(task, { error: 'interrupted by signal' }, now)
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
