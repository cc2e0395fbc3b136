import { AppError } from '../../shared/ipc/errors'
import type { IDisposable } from '../../shared/lifecycle'
import { Disposable, Emitter, toDisposable } from '../../shared/lifecycle'
import type { PveTask, TaskDelta, TaskEnded, TaskLogPage } from '../../shared/model/task'
import type { ClusterConnection } from '../clusters/cluster-connection'
import type { ClusterRegistry } from '../clusters/cluster-registry'
import type { TaskApi } from '../pve/tasks'
import { ClusterTaskTracker } from './cluster-task-tracker'
import type { TaskOutcome } from './follow-through'
import { followThrough } from './follow-through'
import { readTaskLog, stopTask, upidOf } from './task-api'
import { newestFirst, taskFromUpid, taskKey } from './task-rows'

export type { TaskOutcome } from './follow-through'

/** How the service runs (tests shorten the follow-up interval and the HA wait). */
export interface TaskServiceOptions {
  /** How often a task PVE Desk started is asked for its status while it runs (default 1 s). */
  followIntervalMs?: number
  /** Longest wait between status reads after failures (default 30 s). */
  maxBackoffMs?: number
  /** How long to look for the HA agent's task after an HA request ended OK (default 120 s). */
  haWaitMs?: number
  /** Epoch ms (tests move it by hand). */
  now?: () => number
}

interface TrackerEntry {
  connection: ClusterConnection
  tracker: ClusterTaskTracker
  subscription: IDisposable
}

interface Follower {
  controller: AbortController
  clusterId: string
  done: Promise<TaskOutcome>
  /**
   * `lost`: its cluster was removed, the follow-up ends with the task `unknown`. `released`: every caller that
   * tracked it gave up (their signals aborted): it stops, the task keeps what was last known of it.
   */
  gone: { lost: boolean; released: boolean }
  /** A caller without a signal waits for it: it runs to the end whatever the others do. */
  held: boolean
  /** Callers with a signal still waiting for it. */
  waiting: number
}

/** How a caller tracks a task: `signal` gives up waiting (and stops the follow-up if nobody else waits). */
export interface TrackOptions {
  signal?: AbortSignal
}

const isCancel = (error: unknown): boolean => error instanceof AppError && error.code === 'cancelled'

/**
 * The task timeline across clusters: one tracker per cluster connection (`/cluster/tasks` after each poll, one
 * request per cluster; created for a connection when the registry reports it, rebuilt with its tasks when the
 * connection is replaced, gone with it) and the follow-up of the tasks PVE Desk started, until they end.
 */
export class TaskService extends Disposable {
  private readonly deltaEmitter = this._register(new Emitter<TaskDelta>())
  private readonly endedEmitter = this._register(new Emitter<TaskEnded>())
  readonly onDelta = this.deltaEmitter.event
  readonly onEnded = this.endedEmitter.event
  private readonly trackers = new Map<string, TrackerEntry>()
  private readonly followers = new Map<string, Follower>()

  constructor(
    readonly registry: ClusterRegistry,
    readonly options: TaskServiceOptions = {},
  ) {
    super()
    // Registered after the emitters, so released before them: followers end, then trackers, then listeners.
    this._register(
      toDisposable(() => {
        for (const entry of this.trackers.values()) {
          entry.subscription.dispose()
          entry.tracker.dispose()
        }
        this.trackers.clear()
      }),
    )
    this._register(
      toDisposable(() => {
        for (const follower of this.followers.values()) follower.controller.abort()
      }),
    )
    // A connection is new to us when it first reports a status (added clusters start polling at once).
    this._register(registry.onStatus(() => this.attachAll()))
    this._register(
      registry.onReplaced(({ previous, next }) => {
        const carried = this.trackers.get(previous.id)
        this.attach(next, carried?.connection === previous ? carried.tracker.list() : [])
      }),
    )
    this.attachAll()
  }

  /** Every known task, newest first. */
  list(): PveTask[] {
    this.attachAll()
    return [...this.trackers.values()].flatMap((e) => e.tracker.list()).sort(newestFirst)
  }

  /**
   * Follows a task PVE Desk started until it ends (through the HA agent's task for an HA request) and resolves
   * with its end; `onEnded` fires then and the cluster's inventory is refreshed at once. Resolves with the task
   * `unknown` if its cluster is removed or the service disposed meanwhile; rejects only a cluster or UPID that
   * is not one (`not_found`, `invalid_request`). Tracking the same task twice follows it once.
   *
   * With `options.signal` (a bulk run's cancel), an abort rejects this caller's wait with `cancelled` at once;
   * when no other caller waits, the follow-up stops too, leaving the task as last known (still PVE Desk's, not
   * failed: it runs on in PVE, and the cluster's list shows its end).
   */
  track(clusterId: string, upid: string, options: TrackOptions = {}): Promise<TaskOutcome> {
    const { signal } = options
    try {
      if (signal?.aborted === true) {
        upidOf(this.registry.get(clusterId).api, upid)
        return Promise.reject(this.cancelledWait(clusterId))
      }
      const follower = this.follow(clusterId, upid)
      if (signal === undefined) {
        follower.held = true
        return follower.done
      }
      return this.waitWith(follower, signal)
    } catch (error) {
      return Promise.reject(AppError.from(error))
    }
  }

  private cancelledWait(clusterId: string): AppError {
    return new AppError({ code: 'cancelled', clusterId, message: 'task follow-up cancelled' })
  }

  /** One caller's wait for `follower`, given up when `signal` aborts; the last caller gone stops it. */
  private waitWith(follower: Follower, signal: AbortSignal): Promise<TaskOutcome> {
    follower.waiting++
    return new Promise<TaskOutcome>((resolve, reject) => {
      const onAbort = (): void => {
        follower.waiting--
        if (!follower.held && follower.waiting === 0) {
          follower.gone.released = true
          follower.controller.abort()
        }
        reject(this.cancelledWait(follower.clusterId))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      follower.done.then(
        (outcome) => {
          signal.removeEventListener('abort', onAbort)
          resolve(outcome)
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort)
          reject(AppError.from(error))
        },
      )
    })
  }

  private follow(clusterId: string, upid: string): Follower {
    const connection = this.registry.get(clusterId)
    const parsed = upidOf(connection.api, upid)
    const key = taskKey(clusterId, upid)
    const existing = this.followers.get(key)
    if (existing !== undefined) return existing
    this.attach(connection)
    const controller = new AbortController()
    const gone = { lost: false, released: false }
    // Each read goes through the cluster's connection of the moment: a renamed cluster's follow-up goes on.
    const api: TaskApi = {
      clusterId,
      call: (method, path, params, signal) =>
        this.registry.get(clusterId).api.call(method, path, params, signal),
    }
    const done = followThrough(api, upid, {
      signal: controller.signal,
      ...(this.options.followIntervalMs === undefined ? {} : { intervalMs: this.options.followIntervalMs }),
      ...(this.options.maxBackoffMs === undefined ? {} : { maxBackoffMs: this.options.maxBackoffMs }),
      ...(this.options.haWaitMs === undefined ? {} : { haWaitMs: this.options.haWaitMs }),
      ...(this.options.now === undefined ? {} : { now: this.options.now }),
      onUpdate: (task) => this.followed(task),
      agentTasks: (signal) => this.nextList(clusterId, signal),
    }).then(
      (outcome) => {
        if (outcome.task.state !== 'running' && outcome.task.state !== 'unknown')
          this.endedEmitter.fire({
            task: this.trackers.get(clusterId)?.tracker.get(outcome.task.key) ?? outcome.task,
          })
        return outcome
      },
      (error: unknown) => {
        if (!isCancel(error)) throw AppError.from(error)
        const lost = { ...taskFromUpid(clusterId, upid, parsed, { state: 'unknown' }, true) }
        if (gone.released) return { task: this.trackers.get(clusterId)?.tracker.get(key) ?? lost }
        if (!gone.lost) this.trackers.get(clusterId)?.tracker.upsert(lost)
        return { task: lost }
      },
    )
    const follower: Follower = { controller, clusterId, gone, done, held: false, waiting: 0 }
    this.followers.set(key, follower)
    void done
      .finally(() => {
        if (this.followers.get(key) === follower) this.followers.delete(key)
      })
      .catch(() => undefined)
    return follower
  }

  /**
   * The cluster's task list after its next read, for the HA follow-through. A cluster's edit (rename, sites,
   * read-only, a settings reload) replaces its connection and so its tracker, whose waiters it cancels: the wait
   * goes on on the new tracker while the service lives, the cluster is still there and `signal` has not aborted.
   */
  private async nextList(clusterId: string, signal: AbortSignal | undefined): Promise<readonly PveTask[]> {
    for (;;) {
      if (!this.isDisposedNow() && !this.trackers.has(clusterId) && this.registry.has(clusterId))
        this.attach(this.registry.get(clusterId))
      const entry = this.trackers.get(clusterId)
      if (entry === undefined) throw new AppError({ code: 'not_found', clusterId, message: 'no task list' })
      try {
        return await entry.tracker.nextList(signal)
      } catch (error) {
        // Its own tracker still there: a real end of the wait, not a hand-over.
        if (!isCancel(error) || signal?.aborted === true || this.isDisposedNow()) throw error
        if (this.trackers.get(clusterId)?.tracker === entry.tracker) throw error
      }
    }
  }

  /** A followed task's news: into the timeline; an end refreshes the cluster's inventory at once. */
  private followed(task: PveTask): void {
    if (this.isDisposedNow()) return
    this.trackers.get(task.clusterId)?.tracker.upsert(task)
    if (task.state !== 'running' && this.registry.has(task.clusterId))
      this.registry.get(task.clusterId).refresh()
  }

  /** One page of a task's log; `running` from what the timeline knows of it. */
  async log(
    clusterId: string,
    upid: string,
    start: number,
    limit: number,
    signal?: AbortSignal,
  ): Promise<TaskLogPage> {
    const connection = this.registry.get(clusterId)
    const page = await readTaskLog(connection.api, upid, start, limit, signal)
    const known = this.trackers.get(clusterId)?.tracker.get(taskKey(clusterId, upid))
    return { ...page, running: known?.state === 'running' }
  }

  /** Stops a running task (`DELETE /nodes/{node}/tasks/{upid}`); on a read-only cluster nothing is sent. */
  async stop(clusterId: string, upid: string): Promise<void> {
    const connection = this.registry.get(clusterId)
    if (connection.config.readOnly) {
      throw new AppError({
        code: 'read_only',
        clusterId,
        message: `${connection.config.name} is read-only in PVE Desk: the task was not stopped`,
      })
    }
    await stopTask(connection.api, upid)
  }

  private attachAll(): void {
    if (this.isDisposedNow()) return
    for (const connection of this.registry.list()) this.attach(connection)
  }

  private attach(connection: ClusterConnection, seed: readonly PveTask[] = []): void {
    if (this.isDisposedNow() || this.trackers.get(connection.id)?.connection === connection) return
    const tracker = new ClusterTaskTracker(connection, (delta) => this.deltaEmitter.fire(delta), seed)
    const subscription = connection.onDidDispose(() => this.detach(connection, tracker))
    this.trackers.get(connection.id)?.subscription.dispose()
    this.trackers.get(connection.id)?.tracker.dispose()
    this.trackers.set(connection.id, { connection, tracker, subscription })
  }

  /** The connection went: replaced (its tracker's tasks live on in the next one) or its cluster removed. */
  private detach(connection: ClusterConnection, tracker: ClusterTaskTracker): void {
    tracker.dispose()
    const entry = this.trackers.get(connection.id)
    if (entry?.tracker !== tracker) return
    this.trackers.delete(connection.id)
    if (this.isDisposedNow() || this.registry.has(connection.id)) return
    for (const follower of this.followers.values()) {
      if (follower.clusterId !== connection.id) continue
      follower.gone.lost = true
      follower.controller.abort()
    }
    const removed = tracker.list().map((t) => t.key)
    if (removed.length > 0) this.deltaEmitter.fire({ clusterId: connection.id, upserts: [], removed })
  }

  /** A method, not the getter, in callbacks: the service may have been disposed meanwhile. */
  private isDisposedNow(): boolean {
    return this.isDisposed
  }
}
