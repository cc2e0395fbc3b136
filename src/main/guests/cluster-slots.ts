import { AppError } from '../../shared/ipc/errors'

/** Gives a slot to start one action on a cluster; resolves with its release (called once its task ended). */
export type AcquireSlot = (clusterId: string, limit: number, signal?: AbortSignal) => Promise<() => void>

interface Waiter {
  limit: number
  grant: () => void
}

interface ClusterQueue {
  inFlight: number
  waiting: Waiter[]
}

const cancelled = (clusterId: string): AppError =>
  new AppError({ code: 'cancelled', clusterId, message: 'bulk run cancelled: nothing more starts' })

/**
 * The actions in flight per cluster across every bulk run of the app: a run asking with `limit` (its
 * concurrency) gets a slot only while fewer than `limit` actions of any run are in flight on that cluster, so two
 * runs at concurrency 2 never have more than 2 tasks running there together. First come, first served; a waiter
 * whose signal aborts leaves the queue. Holds nothing but the waiters' promises (no timer), each ended by its
 * run's signal.
 */
export class ClusterSlots {
  private readonly clusters = new Map<string, ClusterQueue>()

  readonly acquire: AcquireSlot = (clusterId, limit, signal) => {
    if (signal?.aborted === true) return Promise.reject(cancelled(clusterId))
    const queue = this.queueOf(clusterId)
    return new Promise<() => void>((resolve, reject) => {
      const waiter: Waiter = {
        limit: Math.max(1, limit),
        grant: () => {
          signal?.removeEventListener('abort', onAbort)
          queue.inFlight++
          let released = false
          resolve(() => {
            if (released) return
            released = true
            queue.inFlight--
            this.pump(clusterId, queue)
          })
        },
      }
      const onAbort = (): void => {
        const at = queue.waiting.indexOf(waiter)
        if (at < 0) return
        queue.waiting.splice(at, 1)
        reject(cancelled(clusterId))
        // The head gone may let the next one in (a lower limit was holding the line).
        this.pump(clusterId, queue)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      queue.waiting.push(waiter)
      this.pump(clusterId, queue)
    })
  }

  /** Actions in flight on a cluster now (for tests and the log). */
  inFlight(clusterId: string): number {
    return this.clusters.get(clusterId)?.inFlight ?? 0
  }

  private queueOf(clusterId: string): ClusterQueue {
    let queue = this.clusters.get(clusterId)
    if (queue === undefined) {
      queue = { inFlight: 0, waiting: [] }
      this.clusters.set(clusterId, queue)
    }
    return queue
  }

  private pump(clusterId: string, queue: ClusterQueue): void {
    for (
      let head = queue.waiting[0];
      head !== undefined && queue.inFlight < head.limit;
      head = queue.waiting[0]
    ) {
      queue.waiting.shift()
      head.grant()
    }
    if (queue.inFlight === 0 && queue.waiting.length === 0) this.clusters.delete(clusterId)
  }
}
