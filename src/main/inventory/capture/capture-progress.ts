import { onUnexpectedError } from '../../../shared/lifecycle'
import type { CaptureProgress } from '../../../shared/model/inventory-snapshot'

export type ClusterProgress = CaptureProgress['clusters'][number]
export type ProgressEvent = Omit<CaptureProgress, 'captureId' | 'phase'>

/** At most one event per this many ms (about ten a second): a 10,000-guest capture makes ~40,000 calls. */
export const PROGRESS_INTERVAL_MS = 100

/**
 * Each cluster's calls done of calls planned so far (the total grows as the plan expands: nodes, then guests),
 * reported at most every {@link PROGRESS_INTERVAL_MS}: the first change at once, later ones gathered into one
 * event at the end of the interval. `finish()` sends the last state and leaves no timer behind.
 */
export class CaptureProgressReporter {
  private readonly clusters: ClusterProgress[]
  private timer: ReturnType<typeof setTimeout> | undefined
  private lastSent = -Infinity
  private finished = false

  constructor(
    clusterIds: readonly string[],
    private readonly listener: ((p: ProgressEvent) => void) | undefined,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.clusters = clusterIds.map((clusterId) => ({ clusterId, state: 'waiting', done: 0, total: 0 }))
  }

  /** The live entry of one cluster: the capture updates it, then calls `changed()`. */
  entry(clusterId: string): ClusterProgress {
    const found = this.clusters.find((c) => c.clusterId === clusterId)
    if (found === undefined) throw new Error(`no progress entry for ${clusterId}`)
    return found
  }

  changed(): void {
    if (this.listener === undefined || this.finished || this.timer !== undefined) return
    const wait = this.lastSent + PROGRESS_INTERVAL_MS - this.clock()
    if (wait <= 0) this.send()
    else
      this.timer = setTimeout(() => {
        this.timer = undefined
        this.send()
      }, wait)
  }

  /** The final state, sent now; nothing is sent afterwards. */
  finish(): void {
    if (this.finished) return
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.send()
    this.finished = true
  }

  snapshot(): ProgressEvent {
    const clusters = this.clusters.map((c) => ({ ...c }))
    return {
      clusters,
      done: clusters.reduce((sum, c) => sum + c.done, 0),
      total: clusters.reduce((sum, c) => sum + c.total, 0),
    }
  }

  private send(): void {
    if (this.listener === undefined) return
    this.lastSent = this.clock()
    try {
      this.listener(this.snapshot())
    } catch (error) {
      // A listener's failure is not the capture's.
      onUnexpectedError(error)
    }
  }
}
