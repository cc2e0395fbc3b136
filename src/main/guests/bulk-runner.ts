import { AppError } from '../../shared/ipc/errors'
import type {
  BulkAction,
  BulkEntryResult,
  BulkPlan,
  BulkPlanEntry,
  BulkProgress,
} from '../../shared/model/bulk'
import type { GuestAction } from '../../shared/model/guest-action'
import type { TaskState } from '../../shared/model/task'
import type { ClusterAccess } from './cluster-access'
import type { AcquireSlot } from './cluster-slots'
import { runGuestAction } from './guest-actions'

/** How a followed task ended, as the app's tracker (TaskService.track) or the CLI's followThrough tell it. */
export interface FollowedTask {
  upid: string
  state: TaskState
  exitstatus: string
  /** An HA request PVE filed whose agent's task never showed up (TaskOutcome `agentMissing`). */
  agentMissing?: boolean
}

/** The entry's words for an HA request without an agent's task (the follow-up's `haWaitMs`, 120 s). */
export const AGENT_MISSING = 'HA request filed; no agent task within 120 s'

export type FollowTask = (clusterId: string, upid: string, signal: AbortSignal) => Promise<FollowedTask>

export interface BulkRunOptions {
  /** Given by the caller (BulkService keeps runs by it); a random one otherwise. */
  bulkId?: string
  /** Cancel: nothing new starts, queued entries become `cancelled`; actions already started go on. */
  signal?: AbortSignal
  /** Stops following the started tasks too (the app quitting, Ctrl-C twice): they end `cancelled`, still running in PVE. */
  followSignal?: AbortSignal
  /** The whole result list, at most once per `throttleMs`, and always once more at the end. */
  onProgress?: (progress: BulkProgress) => void
  /** Default 200 ms: at most five progress events a second. */
  throttleMs?: number
  /**
   * Looked at just before an entry's action (the plan may be minutes old): an error skips the entry with it. The
   * action's own checks (read-only, privileges) run anyway, inside runGuestAction.
   */
  recheck?: (entry: BulkPlanEntry) => Promise<AppError | undefined> | AppError | undefined
  /**
   * A slot on the entry's cluster shared with other runs (BulkService's ClusterSlots), asked before each action
   * with the plan's concurrency; without it only this run's own `concurrency` bounds what is in flight.
   */
  slot?: AcquireSlot
}

/** The one guest action a bulk action is for this entry (its cluster's target or storage, its guest's type). */
export function guestActionOf(action: BulkAction, entry: BulkPlanEntry): GuestAction | undefined {
  switch (action.kind) {
    case 'migrate': {
      const target = entry.target ?? action.targets[entry.clusterId]
      if (target === undefined) return undefined
      // A running container moves in restart mode: pve-container has no live migration.
      return entry.type === 'qemu'
        ? { kind: 'migrate', target, ...(action.online === true ? { online: true } : {}) }
        : { kind: 'migrate', target, ...(action.online === true ? { restart: true } : {}) }
    }
    case 'backup': {
      const storage = entry.target ?? action.storages[entry.clusterId]
      if (storage === undefined) return undefined
      const { storages: _storages, ...rest } = action
      return { ...rest, storage }
    }
    case 'snapshot':
      return {
        kind: 'snapshotCreate',
        name: action.name,
        ...(action.vmstate === true && entry.type === 'qemu' ? { vmstate: true } : {}),
      }
    default:
      return action
  }
}

const stateOf = (state: TaskState): BulkEntryResult['state'] =>
  state === 'ok' ? 'ok' : state === 'warning' ? 'warning' : 'failed'

/**
 * A refusal met at run time that the planner would have skipped the entry for: the cluster set read-only
 * meanwhile, a privilege missing (ours or PVE's 403). Nothing was done to the guest: `skipped`, with its reason.
 */
const RUN_TIME_SKIPS: ReadonlySet<string> = new Set(['read_only', 'forbidden'])
const stateOfError = (error: unknown): BulkEntryResult['state'] => {
  const { code } = AppError.from(error)
  return code === 'cancelled' ? 'cancelled' : RUN_TIME_SKIPS.has(code) ? 'skipped' : 'failed'
}

const randomId = (): string => globalThis.crypto.randomUUID()

const noTarget = (entry: BulkPlanEntry): AppError =>
  new AppError({
    code: 'invalid_request',
    clusterId: entry.clusterId,
    message: `no target chosen for ${entry.clusterId}`,
  })

/** Waits for `work`, or rejects `cancelled` as soon as `signal` aborts (the work itself is not stopped). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void =>
      reject(new AppError({ code: 'cancelled', message: 'no longer followed: the task goes on in PVE' }))
    if (signal.aborted) {
      onAbort()
      return
    }
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/**
 * Runs a bulk plan: per cluster at most `plan.concurrency` actions in flight (an action is in flight until its
 * task ended), clusters side by side, entries in plan order. Each entry is checked again just before its action,
 * then started with runGuestAction (read-only and privileges checked there too) and its task followed to its end.
 * Cancel starts nothing more; what runs goes on and is still followed. Resolves with the final progress (`done`).
 */
export async function runBulk(
  plan: BulkPlan,
  accessOf: (clusterId: string) => ClusterAccess,
  follow: FollowTask,
  options: BulkRunOptions = {},
): Promise<BulkProgress> {
  const { signal, followSignal } = options
  const bulkId = options.bulkId ?? randomId()
  const entries = plan.entries.filter((e) => e.run)
  const results: BulkEntryResult[] = entries.map((e) => ({
    key: e.key,
    clusterId: e.clusterId,
    vmid: e.vmid,
    state: 'queued',
  }))
  let cancelled = signal?.aborted === true
  let done = false
  const snapshot = (): BulkProgress => ({
    bulkId,
    planId: plan.planId,
    results: results.map((r) => ({ ...r })),
    done,
    cancelled,
  })
  const progress = throttled(() => options.onProgress?.(snapshot()), options.throttleMs ?? 200)
  const set = (index: number, change: Partial<BulkEntryResult>): void => {
    results[index] = { ...(results[index] as BulkEntryResult), ...change }
    progress.touch()
  }
  const cancelQueued = (): void => {
    cancelled = true
    results.forEach((r, i) => {
      if (r.state === 'queued') set(i, { state: 'cancelled' })
    })
  }
  signal?.addEventListener('abort', cancelQueued, { once: true })

  const runEntry = async (index: number): Promise<void> => {
    const entry = entries[index] as BulkPlanEntry
    const fail = (error: unknown, state: BulkEntryResult['state'] = 'failed'): void => {
      set(index, { state, error: AppError.from(error).toShape() })
    }
    try {
      const skip = await options.recheck?.(entry)
      const action = guestActionOf(plan.action, entry)
      if (skip !== undefined) fail(skip, 'skipped')
      else if (cancelled) set(index, { state: 'cancelled' })
      else if (action === undefined) fail(noTarget(entry), 'skipped')
      else await start(index, entry, action)
    } catch (error) {
      fail(error, stateOfError(error))
    }
  }
  const start = async (index: number, entry: BulkPlanEntry, action: GuestAction): Promise<void> => {
    set(index, { state: 'running' })
    const started = await runGuestAction(accessOf(entry.clusterId), entry.vmid, action)
    if (started.upid === null) {
      set(index, { state: 'ok', exitstatus: started.message ?? 'OK' })
      return
    }
    set(index, { upid: started.upid })
    const ended = await unlessAborted(
      follow(entry.clusterId, started.upid, followSignal ?? new AbortController().signal),
      followSignal,
    )
    if (ended.agentMissing === true && ended.state === 'ok')
      set(index, { state: 'warning', exitstatus: AGENT_MISSING, upid: ended.upid })
    else set(index, { state: stateOf(ended.state), exitstatus: ended.exitstatus, upid: ended.upid })
  }

  /** Read again after an await: TypeScript would keep `cancelled` narrowed to what it was before it. */
  const cancelledNow = (): boolean => cancelled
  const byCluster = new Map<string, number[]>()
  entries.forEach((e, i) => byCluster.set(e.clusterId, [...(byCluster.get(e.clusterId) ?? []), i]))
  try {
    if (cancelled) cancelQueued()
    await Promise.all(
      [...byCluster].map(async ([clusterId, indexes]) => {
        let next = 0
        const worker = async (): Promise<void> => {
          while (!cancelled && next < indexes.length) {
            let release: () => void = () => undefined
            try {
              if (options.slot !== undefined)
                release = await options.slot(clusterId, plan.concurrency, signal)
            } catch {
              return // cancelled while waiting for a slot: the queued entries are marked so
            }
            try {
              // Another worker may have taken the last entry, or cancel come, while this one waited.
              if (cancelledNow() || next >= indexes.length) return
              await runEntry(indexes[next++] as number)
            } finally {
              release()
            }
          }
        }
        await Promise.all(Array.from({ length: Math.min(plan.concurrency, indexes.length) }, worker))
      }),
    )
    if (cancelled) cancelQueued()
  } finally {
    signal?.removeEventListener('abort', cancelQueued)
    done = true
    progress.flush()
  }
  return snapshot()
}

/** Calls `emit` at most once per `intervalMs` after changes; `flush` emits now and leaves no timer behind. */
function throttled(emit: () => void, intervalMs: number): { touch(): void; flush(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = Number.NEGATIVE_INFINITY
  const fire = (): void => {
    timer = undefined
    last = performance.now()
    emit()
  }
  return {
    touch() {
      if (timer !== undefined) return
      const wait = last + intervalMs - performance.now()
      timer = setTimeout(fire, Math.max(0, wait))
    },
    flush() {
      clearTimeout(timer)
      fire()
    },
  }
}
