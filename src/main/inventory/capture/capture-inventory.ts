import { AppError } from '../../../shared/ipc/errors'
import type { InventoryIssue, InventorySnapshot } from '../../../shared/model/inventory-snapshot'
import { INVENTORY_FORMAT, INVENTORY_SCHEMA_VERSION } from '../../../shared/model/inventory-snapshot'
import { defaultDrTargets } from '../../../shared/model/dr'
import { BoundedQueue } from './bounded-queue'
import { captureDr } from './capture-dr'
import { CaptureProgressReporter } from './capture-progress'
import type { CaptureOptions } from './capture-types'
import { ClusterCapture } from './cluster-capture'

export type { CaptureCluster, CaptureOptions, LastKnownCluster } from './capture-types'

/** Requests in flight per cluster by default: what a browser allows per host, and pveproxy serves easily. */
export const DEFAULT_CONCURRENCY_PER_CLUSTER = 6

const cancelled = (): AppError => new AppError({ code: 'cancelled', message: 'inventory capture cancelled' })

/**
 * An **inventory snapshot** of every cluster at once: each cluster captured in parallel, at most
 * `concurrencyPerCluster` requests in flight on each; a failed call is an issue, never the end of the capture.
 * In stable order (clusters by id, nodes by name, guests by vmid, PVE's lists by their ids) so that two captures
 * of the same fleet give the same canonical JSON but for the times.
 *
 * Cancelling (`signal`) aborts the requests in flight and starts no other; the promise then rejects with
 * `cancelled`, once nothing of the capture runs any more.
 */
export async function captureInventory(options: CaptureOptions): Promise<InventorySnapshot> {
  const now = options.now ?? Date.now
  const startedAt = now()
  const signal = options.signal ?? new AbortController().signal
  // Read through a function: the signal changes while the capture awaits.
  const aborted = (): boolean => signal.aborted
  if (aborted()) throw cancelled()
  const clusters = [...options.clusters].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const duplicate = clusters.find((c, i) => clusters[i + 1]?.id === c.id)
  if (duplicate !== undefined)
    throw new AppError({ code: 'invalid_request', message: `cluster ${duplicate.id} listed twice` })
  const limit = options.concurrencyPerCluster ?? DEFAULT_CONCURRENCY_PER_CLUSTER

  const progress = new CaptureProgressReporter(
    clusters.map((c) => c.id),
    options.onProgress,
  )
  const queues = clusters.map((c) => new BoundedQueue(limit, signal, c.id))
  try {
    const captures = clusters.map(
      (cluster, i) =>
        new ClusterCapture(
          cluster,
          queues[i] as BoundedQueue,
          progress.entry(cluster.id),
          () => progress.changed(),
          signal,
        ),
    )
    const results = await Promise.allSettled(captures.map((c) => c.capture()))
    if (aborted()) {
      for (const c of clusters) {
        const entry = progress.entry(c.id)
        if (entry.state === 'running' || entry.state === 'waiting') entry.state = 'cancelled'
      }
      throw cancelled()
    }
    const captured = results.map((r) => {
      if (r.status === 'rejected') throw AppError.from(r.reason)
      return r.value
    })
    const issues = captures.flatMap((c) => c.issues)
    const dr = captureDr(captured, options.drTargets ?? defaultDrTargets(), startedAt)
    if (dr.issue !== undefined) issues.push(dr.issue)
    issues.sort(compareIssues)
    return {
      format: INVENTORY_FORMAT,
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      meta: {
        takenAt: new Date(startedAt).toISOString(),
        takenBy: { user: options.takenBy.user, host: options.takenBy.host },
        app: { name: 'PVE Desk', version: options.appVersion },
        trigger: options.trigger,
        durationMs: Math.max(0, Math.round(now() - startedAt)),
      },
      clusters: captured,
      consoleSessions: options.consoleSessions,
      issues,
      ...(dr.dr === undefined ? {} : { dr: dr.dr }),
    }
  } finally {
    for (const q of queues) q.dispose()
    progress.finish()
  }
}

const FIELDS = ['clusterId', 'node', 'path', 'code', 'message'] as const

function compareIssues(a: InventoryIssue, b: InventoryIssue): number {
  for (const f of FIELDS) {
    const x = a[f] ?? ''
    const y = b[f] ?? ''
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}
