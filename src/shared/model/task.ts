import { z } from 'zod'

/**
 * Proxmox VE tasks as PVE Desk shows them: one timeline across clusters, fed by each cluster's `/cluster/tasks`
 * (read on the poll's cadence) and by the follow-up of the tasks PVE Desk started
 * (`/nodes/{node}/tasks/{upid}/status`). The UPID names the node where a task's status and log live.
 */

/** `running`; ended `ok`, `warning` (`WARNINGS: n`), `error` (any other exit status); `unknown` when lost. */
export const TaskState = z.enum(['running', 'ok', 'warning', 'error', 'unknown'])
export type TaskState = z.infer<typeof TaskState>

export const PveTask = z.object({
  /** `<clusterId>/<upid>`: unique across the fleet. */
  key: z.string(),
  clusterId: z.string(),
  upid: z.string(),
  node: z.string(),
  /** PVE's worker type (`qmstart`, `vzdump`, `hastart`, `qmigrate`…). */
  type: z.string(),
  /** The worker's id: a vmid for guest tasks, else whatever PVE put there (may be empty). */
  id: z.string(),
  /** Who started it: `user@realm` or `user@realm!token`. */
  user: z.string(),
  /** Epoch seconds, from the UPID. */
  starttime: z.number(),
  /** Epoch seconds, once ended. */
  endtime: z.number().optional(),
  state: TaskState,
  /** PVE's own exit text once ended: `OK`, `WARNINGS: 2`, or the error. */
  exitstatus: z.string().optional(),
  /** Started by this PVE Desk (the UI or its bulk runs), so followed to its end and notified. */
  mine: z.boolean(),
  /** The guest the task is about, when PVE's type says the id is a vmid. */
  vmid: z.number().int().optional(),
  /**
   * For an HA agent's task (`qmstart` as root@pam after a `hastart` request PVE Desk filed): the request task's
   * UPID, so the timeline can show one under the other.
   */
  requestUpid: z.string().optional(),
})
export type PveTask = z.infer<typeof PveTask>

/** What changed in the timeline: tasks new or changed, tasks no longer listed (by key). */
export const TaskDelta = z.object({
  clusterId: z.string(),
  upserts: z.array(PveTask),
  removed: z.array(z.string()),
})
export type TaskDelta = z.infer<typeof TaskDelta>

/** A task PVE Desk followed ended (ok, warning, error): the renderer notifies it. */
export const TaskEnded = z.object({ task: PveTask })
export type TaskEnded = z.infer<typeof TaskEnded>

/** One page of a task's log (`GET …/tasks/{upid}/log?start&limit`). */
export const TaskLogPage = z.object({
  /** `n` is PVE's 1-based line number. */
  lines: z.array(z.object({ n: z.number().int(), t: z.string() })),
  /** PVE's `total`: lines in the log so far. */
  total: z.number().int().nonnegative(),
  /** The task still runs: the log may grow. */
  running: z.boolean(),
})
export type TaskLogPage = z.infer<typeof TaskLogPage>
