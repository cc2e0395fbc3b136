import { AppError } from '../../../shared/ipc/errors'

/**
 * At most `limit` tasks of one cluster in flight, the others waiting in order (FIFO: the cluster-wide calls,
 * planned first, go first). One signal ends it all: the tasks in flight are aborted, the waiting ones are
 * refused, and no task starts afterwards. Each task gets a signal of its own, aborted from the queue's one
 * listener: thousands of requests sharing the caller's signal would pile listeners on it.
 */
export class BoundedQueue {
  private running = 0
  private readonly active = new Set<AbortController>()
  private readonly waiting: { start: () => void; refuse: (error: AppError) => void }[] = []

  constructor(
    private readonly limit: number,
    private readonly signal: AbortSignal,
    private readonly clusterId: string,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency ${limit}: at least 1`)
    signal.addEventListener('abort', this.refuseAll, { once: true })
  }

  /** Runs `task` with the queue's signal once a place is free; rejects `cancelled` once the signal aborted. */
  run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(this.cancelled())
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        this.running++
        const controller = new AbortController()
        this.active.add(controller)
        // Through a promise, so that a task that throws at once rejects like one that fails later.
        const pending = new Promise<T>((started) => started(task(controller.signal)))
        pending.then(resolve, reject).finally(() => {
          this.active.delete(controller)
          this.running--
          this.next()
        })
      }
      if (this.running < this.limit) start()
      else this.waiting.push({ start, refuse: reject })
    })
  }

  /** Tasks in flight now (never above the limit). */
  get inFlight(): number {
    return this.running
  }

  /** Stops listening to the signal (the queue is done with). */
  dispose(): void {
    this.signal.removeEventListener('abort', this.refuseAll)
  }

  private next(): void {
    if (this.signal.aborted) return
    const following = this.waiting.shift()
    following?.start()
  }

  private readonly refuseAll = (): void => {
    const refused = this.waiting.splice(0)
    for (const task of refused) task.refuse(this.cancelled())
    for (const controller of this.active) controller.abort()
  }

  private cancelled(): AppError {
    return new AppError({ code: 'cancelled', clusterId: this.clusterId, message: 'capture cancelled' })
  }
}

/** Waits for every task (so that nothing of the capture still runs), then throws the first failure if any. */
export async function settle(tasks: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(tasks)
  for (const r of results) if (r.status === 'rejected') throw r.reason
}
