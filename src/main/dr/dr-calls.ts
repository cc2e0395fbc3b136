import { AppError } from '../../shared/ipc/errors'
import type { InventoryIssue, PveObject } from '../../shared/model/inventory-snapshot'
import type { Params } from '../pve/http-client'
import type { BoundedQueue } from '../inventory/capture/bounded-queue'
import type { CaptureCluster } from '../inventory/capture/capture-types'
import { NODE_FAILURES_BEFORE_SKIP, NodeBreaker, SkippedCall } from '../inventory/capture/node-breaker'
import { MAX_DEPTH, nestedDeeperThan, pveList, pveObject, stableList } from '../inventory/capture/pve-values'

/** A call that failed: its issue is recorded, the part it would fill stays absent. */
export const FAILED = Symbol('failed')

/**
 * The GETs of one DR read, through the cluster's bounded queue, as the inventory capture makes them: a failed call
 * becomes an issue (its part stays absent), a node that times out three times in a row has its other calls
 * skipped, an answer nested deeper than any PVE answer is refused whole. Throws only `cancelled`.
 */
export class DrCalls {
  readonly issues: InventoryIssue[] = []
  private readonly breaker = new NodeBreaker()

  constructor(
    private readonly cluster: CaptureCluster,
    private readonly queue: BoundedQueue,
    private readonly signal: AbortSignal,
  ) {}

  async list(path: string, params?: Params, node?: string): Promise<PveObject[] | undefined> {
    const v = await this.call(path, params, node)
    if (v === FAILED) return undefined
    const list = pveList(v)
    if (list === undefined) this.issue(pathOf(path, params), node, 'bad_response', 'expected a list')
    return list
  }

  /** A list kept in a stable order (PVE lists some in hash order: two reads must compare equal). */
  async sorted(path: string, fields: string[], node?: string): Promise<PveObject[] | undefined> {
    const v = await this.list(path, undefined, node)
    return v === undefined ? undefined : stableList(v, ...fields)
  }

  async object(path: string, params?: Params, node?: string): Promise<PveObject | undefined> {
    const v = await this.call(path, params, node)
    if (v === FAILED) return undefined
    const object = pveObject(v)
    if (object === undefined) this.issue(pathOf(path, params), node, 'bad_response', 'expected an object')
    return object
  }

  private async call(path: string, params?: Params, node?: string): Promise<unknown> {
    try {
      const answer = await this.queue.run((signal) =>
        node !== undefined && this.breaker.open(node)
          ? Promise.reject(new SkippedCall(node))
          : this.cluster.get(path, params, signal),
      )
      if (node !== undefined) this.breaker.answered(node)
      if (nestedDeeperThan(answer, MAX_DEPTH)) {
        this.issue(
          pathOf(path, params),
          node,
          'bad_response',
          `nested more than ${MAX_DEPTH} levels deep: not kept`,
        )
        return FAILED
      }
      return answer
    } catch (error) {
      if (this.signal.aborted) throw this.cancelled()
      if (error instanceof SkippedCall) {
        this.breaker.skip(error.node)
        return FAILED
      }
      const e = AppError.from(error)
      this.issue(pathOf(path, params), node, e.code, e.message)
      if (node !== undefined && this.breaker.failed(node, e.code))
        this.issue(
          `/nodes/${node}`,
          node,
          'unreachable',
          `node ${node} did not answer ${NODE_FAILURES_BEFORE_SKIP} calls in a row: its other calls were not made`,
        )
      return FAILED
    }
  }

  issue(path: string, node: string | undefined, code: string, message: string): void {
    this.issues.push({
      clusterId: this.cluster.id,
      ...(node === undefined ? {} : { node }),
      path,
      code,
      message,
    })
  }

  cancelled(): AppError {
    return new AppError({ code: 'cancelled', clusterId: this.cluster.id, message: 'DR read cancelled' })
  }
}

/** The path as an issue shows it, with its query (`/nodes/a/storage/local/content?content=backup`). */
function pathOf(path: string, params: Params | undefined): string {
  if (params === undefined) return path
  const query = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v))
  const q = query.toString()
  return q === '' ? path : `${path}?${q}`
}
