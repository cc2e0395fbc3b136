import { setMaxListeners } from 'node:events'

import { AppError } from '../../shared/ipc/errors'
import type { IDisposable } from '../../shared/lifecycle'
import { Disposable, toDisposable } from '../../shared/lifecycle'
import type { PveTask, TaskDelta } from '../../shared/model/task'
import type { TaskApi } from '../pve/tasks'
import { MAX_TASKS_PER_CLUSTER, newestFirst, readTaskRows } from './task-rows'

/** What the tracker needs of a cluster connection. */
export interface TrackedConnection {
  readonly id: string
  readonly api: TaskApi
  readonly onPolled: (listener: () => void) => IDisposable
}

/** Tasks PVE Desk started, kept beyond the cluster's list once it no longer shows them (the newest of them). */
const MAX_MINE_KEPT = 200

/** What a task looks like to the timeline: a change here is a delta. */
const signature = (t: PveTask): string =>
  `${t.state}|${t.exitstatus ?? ''}|${t.endtime ?? ''}|${t.mine ? 1 : 0}|${t.requestUpid ?? ''}`

/**
 * The task list of one cluster connection: after each successful poll of the connection it reads
 * `GET /cluster/tasks` once (never one request per task; a poll that comes while a read is under way adds
 * none), keeps the newest {@link MAX_TASKS_PER_CLUSTER} tasks and publishes only what changed. The tasks PVE
 * Desk follows are merged in as their follow-up learns more (`upsert`); an ended task never goes back to
 * running on an older list.
 */
export class ClusterTaskTracker extends Disposable {
  private tasks = new Map<string, PveTask>()
  private reading: AbortController | undefined
  private readonly lifetime = new AbortController()
  /** Those waiting for the next list read (the HA follow-through). */
  private readonly waiting = new Set<{
    resolve: (tasks: readonly PveTask[]) => void
    reject: (e: AppError) => void
  }>()

  constructor(
    private readonly connection: TrackedConnection,
    private readonly publish: (delta: TaskDelta) => void,
    seed: Iterable<PveTask> = [],
  ) {
    super()
    // Many HA follow-throughs may wait on the next list at once, each with its own abort listener on its signal.
    setMaxListeners(100, this.lifetime.signal)
    for (const task of seed) this.tasks.set(task.key, task)
    this._register(toDisposable(() => this.lifetime.abort()))
    this._register(
      toDisposable(() => {
        const error = new AppError({
          code: 'cancelled',
          clusterId: this.id,
          message: 'task tracker disposed',
        })
        for (const waiter of [...this.waiting]) waiter.reject(error)
        this.waiting.clear()
      }),
    )
    this._register(connection.onPolled(() => void this.read()))
  }

  get id(): string {
    return this.connection.id
  }

  /** This cluster's tasks now, newest first. */
  list(): PveTask[] {
    return [...this.tasks.values()].sort(newestFirst)
  }

  get(key: string): PveTask | undefined {
    return this.tasks.get(key)
  }

  /** The list as the next successful read leaves it (rejects `cancelled` on dispose or abort). */
  nextList(signal?: AbortSignal): Promise<readonly PveTask[]> {
    return new Promise((resolve, reject) => {
      const cancelled = (): AppError =>
        new AppError({ code: 'cancelled', clusterId: this.id, message: 'task list wait cancelled' })
      if (this.isDisposed || signal?.aborted === true) {
        reject(cancelled())
        return
      }
      const onAbort = (): void => {
        this.waiting.delete(waiter)
        reject(cancelled())
      }
      const waiter = {
        resolve: (tasks: readonly PveTask[]): void => {
          signal?.removeEventListener('abort', onAbort)
          resolve(tasks)
        },
        reject: (error: AppError): void => {
          signal?.removeEventListener('abort', onAbort)
          reject(error)
        },
      }
      this.waiting.add(waiter)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** A followed task's news (started, ended): merged and published if it changed anything. */
  upsert(task: PveTask): void {
    if (this.isDisposed) return
    const previous = this.tasks.get(task.key)
    const next = previous === undefined ? task : mergeFollowed(previous, task)
    if (previous !== undefined && signature(previous) === signature(next)) return
    this.tasks.set(task.key, next)
    this.publish({ clusterId: this.id, upserts: [next], removed: [] })
  }

  private async read(): Promise<void> {
    if (this.isDisposed || this.reading !== undefined) return
    const controller = new AbortController()
    const onDispose = (): void => controller.abort()
    this.lifetime.signal.addEventListener('abort', onDispose, { once: true })
    this.reading = controller
    try {
      const data = await this.connection.api.call('GET', '/cluster/tasks', undefined, controller.signal)
      // An answer that is no list is a failed read, not an empty cluster.
      if (this.disposedNow() || !Array.isArray(data)) return
      this.accept(readTaskRows(this.id, data))
    } catch {
      // The next poll reads again; the timeline keeps what it had (a failed read is not "no tasks").
    } finally {
      this.lifetime.signal.removeEventListener('abort', onDispose)
      this.reading = undefined
    }
  }

  private accept(listed: readonly PveTask[]): void {
    const next = new Map<string, PveTask>()
    for (const row of listed) {
      const previous = this.tasks.get(row.key)
      next.set(row.key, previous === undefined ? row : mergeListed(previous, row))
    }
    // PVE Desk's own tasks stay a while after the cluster's list drops them, still under the bound; one still
    // followed stays whatever the list says (the follow-up ends it).
    const mine = [...this.tasks.values()].filter((t) => t.mine && !next.has(t.key)).sort(newestFirst)
    let room = Math.min(MAX_MINE_KEPT, MAX_TASKS_PER_CLUSTER - next.size)
    for (const task of mine) {
      if (task.state === 'running') next.set(task.key, task)
      else if (room-- > 0) next.set(task.key, task)
    }
    const upserts = [...next.values()].filter((t) => {
      const previous = this.tasks.get(t.key)
      return previous === undefined || signature(previous) !== signature(t)
    })
    const removed = [...this.tasks.keys()].filter((key) => !next.has(key))
    this.tasks = next
    if (upserts.length > 0 || removed.length > 0)
      this.publish({ clusterId: this.id, upserts: upserts.sort(newestFirst), removed })
    const list = this.list()
    for (const waiter of [...this.waiting]) waiter.resolve(list)
    this.waiting.clear()
  }

  /** A method, not the getter, after an await: the tracker may have been disposed meanwhile. */
  private disposedNow(): boolean {
    return this.isDisposed
  }
}

/** A list row over what was known: an end is never undone by an older list; what PVE Desk knows stays. */
function mergeListed(previous: PveTask, row: PveTask): PveTask {
  const keep = {
    mine: previous.mine,
    ...(previous.requestUpid === undefined ? {} : { requestUpid: previous.requestUpid }),
  }
  if (row.state === 'running' && previous.state !== 'running') return { ...previous, ...keep }
  // A followed task's end came from its status read (no end time there): the list's end time is PVE's own.
  return { ...row, ...keep }
}

/** A follow-up's news over what was known: the list's own end time wins over the follow-up's estimate. */
function mergeFollowed(previous: PveTask, followed: PveTask): PveTask {
  if (followed.state === 'running' && previous.state !== 'running')
    return { ...previous, mine: followed.mine }
  const endtime =
    previous.state === followed.state ? (previous.endtime ?? followed.endtime) : followed.endtime
  return {
    ...followed,
    ...(endtime === undefined ? {} : { endtime }),
    ...(followed.requestUpid === undefined && previous.requestUpid !== undefined
      ? { requestUpid: previous.requestUpid }
      : {}),
  }
}
