import { AppError } from '../../shared/ipc/errors'
import { Disposable, Emitter } from '../../shared/lifecycle'
import type { PveTask, TaskDelta, TaskEnded, TaskLogPage } from '../../shared/model/task'
import type { ClusterRegistry } from '../clusters/cluster-registry'

/** How the service runs (tests shorten the follow-up interval). */
export interface TaskServiceOptions {
  /** How often a task PVE Desk started is asked for its status while it runs (default 1 s). */
  followIntervalMs?: number
}

/** How a followed task ended. */
export interface TaskOutcome {
  task: PveTask
}

/**
 * The task timeline across clusters: one tracker per cluster connection (`/cluster/tasks` on the poll's cadence,
 * one request per cluster) and the follow-up of the tasks PVE Desk started, until they end.
 * SKELETON: the tasks lane fills it in; the public names stay.
 */
export class TaskService extends Disposable {
  private readonly deltaEmitter = this._register(new Emitter<TaskDelta>())
  private readonly endedEmitter = this._register(new Emitter<TaskEnded>())
  readonly onDelta = this.deltaEmitter.event
  readonly onEnded = this.endedEmitter.event

  constructor(
    readonly registry: ClusterRegistry,
    readonly options: TaskServiceOptions = {},
  ) {
    super()
  }

  /** Every known task, newest first. */
  list(): PveTask[] {
    return []
  }

  /** Follows a task PVE Desk started until it ends; resolves with its end (rejects `cancelled` on dispose). */
  track(clusterId: string, upid: string): Promise<TaskOutcome> {
    return Promise.reject(new AppError({ code: 'internal', clusterId, message: `not yet: ${upid}` }))
  }

  log(
    clusterId: string,
    upid: string,
    start: number,
    limit: number,
    _signal?: AbortSignal,
  ): Promise<TaskLogPage> {
    return Promise.reject(
      new AppError({ code: 'internal', clusterId, message: `not yet: ${upid} ${start} ${limit}` }),
    )
  }

  stop(clusterId: string, upid: string): Promise<void> {
    return Promise.reject(new AppError({ code: 'internal', clusterId, message: `not yet: ${upid}` }))
  }
}
