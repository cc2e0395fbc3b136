import { AppError } from '../../shared/ipc/errors'
import { Disposable, Emitter } from '../../shared/lifecycle'
import type { BulkAction, BulkPlan, BulkProgress } from '../../shared/model/bulk'
import type { GuestRef } from '../../shared/model/guest-action'
import type { GuestService } from './guest-service'

/**
 * Bulk runs: plans kept by id for a while, runs with a bounded number of actions in flight per cluster, cancel.
 * SKELETON: the guests lane fills it in; the public names stay.
 */
export class BulkService extends Disposable {
  private readonly progressEmitter = this._register(new Emitter<BulkProgress>())
  readonly onProgress = this.progressEmitter.event

  constructor(readonly guests: GuestService) {
    super()
  }

  plan(guests: readonly GuestRef[], action: BulkAction, concurrency?: number): Promise<BulkPlan> {
    return Promise.reject(
      new AppError({ code: 'internal', message: `not yet ${guests.length} ${action.kind} ${concurrency}` }),
    )
  }

  run(planId: string): { bulkId: string } {
    throw new AppError({ code: 'internal', message: `not yet ${planId}` })
  }

  cancel(_bulkId: string): void {}

  list(): BulkProgress[] {
    return []
  }
}
