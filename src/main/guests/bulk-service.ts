import { AppError } from '../../shared/ipc/errors'
import { Disposable, Emitter, toDisposable } from '../../shared/lifecycle'
import type { BulkAction, BulkPlan, BulkPlanEntry, BulkProgress } from '../../shared/model/bulk'
import type { GuestRef } from '../../shared/model/guest-action'
import { planBulk } from '../../shared/guests/bulk-plan'
import type { TaskOutcome } from '../tasks/follow-through'
import type { FollowTask } from './bulk-runner'
import { runBulk } from './bulk-runner'
import { liveGuests, planClusters, skipError } from './bulk-fleet'
import { checkMigrations } from './bulk-preconditions'
import { ClusterSlots } from './cluster-slots'
import type { GuestService } from './guest-service'

export interface BulkServiceOptions {
  /** How long a plan can be run after it was made (default 10 minutes). */
  planTtlMs?: number
  /** Progress events at most once per this (default 200 ms). */
  throttleMs?: number
  now?: () => number
  /** How long one migration precondition read may take (default 15 s). */
  preconditionTimeoutMs?: number
}

/** Plans kept at once: a renderer asking for plans in a loop cannot fill main's memory. */
const MAX_PLANS = 32
/** Ended runs kept for `bulk:list`. */
const MAX_ENDED_RUNS = 50
/** Runs under way at once: a renderer asking for runs in a loop cannot queue work without end. */
export const MAX_LIVE_RUNS = 4

interface Run {
  progress: BulkProgress
  /** The first cancel: nothing more starts. */
  cancel: AbortController
  /** The second cancel: the started tasks are no longer followed (they go on in PVE). */
  unfollow: AbortController
  ended: boolean
}

/** TaskService.track with the caller's signal (a follow-up nobody else waits for stops with it). */
type Track = (clusterId: string, upid: string, options?: { signal?: AbortSignal }) => Promise<TaskOutcome>

/**
 * Bulk runs for the UI: a plan is made in main from the live fleet and the cached privileges and kept under its
 * `planId`; `run` runs exactly that plan, once (never a list the renderer sends), each entry checked again just
 * before its action; runs are cancellable and end with the service.
 */
export class BulkService extends Disposable {
  private readonly progressEmitter = this._register(new Emitter<BulkProgress>())
  readonly onProgress = this.progressEmitter.event
  private readonly plans = new Map<string, { plan: BulkPlan; expiresAt: number }>()
  private readonly runs = new Map<string, Run>()
  /** Aborted on dispose: every run stops starting and stops following. */
  private readonly lifetime = new AbortController()
  /** One limiter per cluster for every run: two runs never have more in flight there than either's concurrency. */
  private readonly slots = new ClusterSlots()

  constructor(
    readonly guests: GuestService,
    private readonly options: BulkServiceOptions = {},
  ) {
    super()
    this._register(
      toDisposable(() => {
        this.lifetime.abort()
        for (const run of this.runs.values()) run.cancel.abort()
        this.plans.clear()
      }),
    )
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  /**
   * The plan over the live fleet; a migration's VMs are judged again by PVE's own precondition (read with at
   * most 4 per cluster, each within its time limit, aborted with `signal` or with the service).
   */
  async plan(
    guests: readonly GuestRef[],
    action: BulkAction,
    concurrency?: number,
    signal?: AbortSignal,
  ): Promise<BulkPlan> {
    this.assertAlive()
    const { registry } = this.guests
    const found = liveGuests(registry, guests)
    const entries = await checkMigrations(
      action,
      planBulk(action, found, planClusters(registry, found)),
      found,
      (id) => this.guests.access(id),
      {
        signal: signal === undefined ? this.lifetime.signal : AbortSignal.any([signal, this.lifetime.signal]),
        ...(this.options.preconditionTimeoutMs === undefined
          ? {}
          : { timeoutMs: this.options.preconditionTimeoutMs }),
      },
    )
    const plan: BulkPlan = {
      planId: globalThis.crypto.randomUUID(),
      action,
      entries,
      concurrency: concurrency ?? (await this.guests.preferenceStore.readOrDefaults()).bulkConcurrency,
    }
    this.assertAlive()
    this.prunePlans()
    this.plans.set(plan.planId, { plan, expiresAt: this.now() + (this.options.planTtlMs ?? 10 * 60_000) })
    return plan
  }

  /**
   * Runs a plan made here, once; an unknown, expired or already-run plan id is refused (nothing starts), and so
   * is a fifth run while four are under way (`conflict`; the plan is kept to run later).
   */
  run(planId: string): { bulkId: string } {
    this.assertAlive()
    const live = [...this.runs.values()].filter((r) => !r.ended).length
    if (live >= MAX_LIVE_RUNS && this.plans.has(planId))
      throw new AppError({
        code: 'conflict',
        message: `${live} bulk runs are under way: wait for one to end or cancel one, then run again`,
        detail: { reason: 'too_many_runs' },
      })
    const kept = this.plans.get(planId)
    this.plans.delete(planId)
    if (kept === undefined || kept.expiresAt <= this.now())
      throw new AppError({
        code: 'not_found',
        message: `no bulk plan ${planId.slice(0, 64)}: it expired or was run already; preview again`,
      })
    const bulkId = globalThis.crypto.randomUUID()
    const cancel = new AbortController()
    const unfollow = new AbortController()
    const run: Run = {
      progress: { bulkId, planId, results: [], done: false, cancelled: false },
      cancel,
      unfollow,
      ended: false,
    }
    this.runs.set(bulkId, run)
    const publish = (progress: BulkProgress): void => {
      run.progress = progress
      if (!this.isDisposed) this.progressEmitter.fire(progress)
    }
    void runBulk(kept.plan, (id) => this.guests.access(id), this.follow(), {
      bulkId,
      signal: cancel.signal,
      followSignal: AbortSignal.any([this.lifetime.signal, unfollow.signal]),
      slot: this.slots.acquire,
      onProgress: publish,
      recheck: (entry) => this.recheck(kept.plan.action, entry),
      ...(this.options.throttleMs === undefined ? {} : { throttleMs: this.options.throttleMs }),
    })
      .then(publish, (error: unknown) => console.error(`[bulk] run ${bulkId} failed: ${String(error)}`))
      .finally(() => {
        run.ended = true
        this.pruneRuns()
      })
    return { bulkId }
  }

  /**
   * The first cancel starts nothing more (what runs is still followed to its end); a second one, as the CLI's
   * second Ctrl-C, stops following too: entries still followed end `cancelled` (their tasks go on in PVE) and
   * their cluster slots are free again — a task that never ends (a UPID on a node that does not answer, a status
   * stuck running) cannot hold them for good.
   */
  cancel(bulkId: string): void {
    const run = this.runs.get(bulkId)
    if (run === undefined)
      throw new AppError({ code: 'not_found', message: `no bulk run ${bulkId.slice(0, 64)}` })
    if (run.cancel.signal.aborted) run.unfollow.abort()
    else run.cancel.abort()
  }

  list(): BulkProgress[] {
    return [...this.runs.values()].map((r) => r.progress).reverse()
  }

  /** The tracker follows each task (HA requests through to the agent's task); its outcome is the entry's. */
  private follow(): FollowTask {
    // Bound, not wrapped: TaskService.track takes `options` (its signal ends the follow-up nobody else waits for).
    const track: Track = this.guests.tasks.track.bind(this.guests.tasks)
    return async (clusterId, upid, signal) => {
      const outcome = await track(clusterId, upid, { signal })
      return {
        upid: outcome.task.upid,
        state: outcome.task.state,
        exitstatus: outcome.task.exitstatus ?? outcome.task.state,
        ...('agentMissing' in outcome && outcome.agentMissing === true ? { agentMissing: true } : {}),
      }
    }
  }

  /** The entry planned again over the fleet as it is now: a cluster set read-only, a guest now stopped… */
  private recheck(action: BulkAction, entry: BulkPlanEntry): AppError | undefined {
    const { registry } = this.guests
    const [guest] = liveGuests(registry, [{ clusterId: entry.clusterId, vmid: entry.vmid }])
    if (guest === undefined)
      return new AppError({
        code: 'not_found',
        clusterId: entry.clusterId,
        message: `no guest ${entry.vmid} in ${entry.clusterId} any more`,
      })
    const [now] = planBulk(action, [guest], planClusters(registry, [guest]))
    return now === undefined || now.run ? undefined : skipError(now)
  }

  private assertAlive(): void {
    if (this.isDisposed) throw new AppError({ code: 'cancelled', message: 'PVE Desk is closing' })
  }

  private prunePlans(): void {
    const now = this.now()
    for (const [id, kept] of this.plans) if (kept.expiresAt <= now) this.plans.delete(id)
    while (this.plans.size >= MAX_PLANS) {
      const oldest = this.plans.keys().next().value
      if (oldest === undefined) break
      this.plans.delete(oldest)
    }
  }

  private pruneRuns(): void {
    const ended = [...this.runs].filter(([, r]) => r.ended)
    for (const [id] of ended.slice(0, Math.max(0, ended.length - MAX_ENDED_RUNS))) this.runs.delete(id)
  }
}
