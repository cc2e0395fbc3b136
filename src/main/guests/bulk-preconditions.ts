import { AppError } from '../../shared/ipc/errors'
import type { BulkAction, BulkPlanEntry, SkipReason } from '../../shared/model/bulk'
import type { FleetGuest } from '../../shared/model/fleet'
import type { ClusterAccess } from './cluster-access'
import type { Precondition } from './guest-reads'
import { readMigratePrecondition } from './guest-reads'

/** Precondition reads in flight per cluster (PVE's own `max_workers` default, as the run). */
export const PRECONDITION_CONCURRENCY = 4
/** How long one precondition read may take before its guest is skipped with the timeout. */
export const PRECONDITION_TIMEOUT_MS = 15_000
/** Volumes or resources a skip's detail names before it counts the rest. */
const NAMED = 5

const named = (items: readonly string[]): string =>
  items.length <= NAMED ? items.join(', ') : `${items.slice(0, NAMED).join(', ')} (+${items.length - NAMED})`

export interface MigrationSkip {
  skip: SkipReason
  detail: string
}

/**
 * Why PVE would refuse to migrate this VM to `target`, read from its precondition (qemu-server
 * src/PVE/API2/Qemu.pm `migrate_vm_precondition`), as src/PVE/QemuMigrate.pm `prepare` and `scan_local_volumes`
 * then refuse it; undefined when it would go. A bulk migration never sends `with-local-disks` nor `force`:
 * - `target_not_allowed`: the target is not in `allowed_nodes` (its `not_allowed_nodes` entry says why: storages
 *   missing there, HA resources in the way, `unavailable-resources` without a mapping there);
 * - `local_resources`: a local device that is no cluster mapping ("can't migrate VM which uses local devices",
 *   `force` only offline and only for root), or, running, a mapped one PVE says cannot migrate live;
 * - `local_disks`: a local CD/DVD image or drive ("local cdrom image", "can't migrate local cdrom drive"), or,
 *   running, an attached local disk ("can't live migrate attached local disks without with-local-disks option").
 *   Offline, PVE copies local disks itself; a cloud-init drive is generated again on the target.
 */
export function migrationSkip(pre: Precondition, target: string): MigrationSkip | undefined {
  const listed = pre.allowed === undefined ? !pre.notAllowed.has(target) : pre.allowed.has(target)
  if (!listed)
    return { skip: 'target_not_allowed', detail: `${target}: ${pre.notAllowed.get(target) ?? 'not allowed'}` }
  const mapped = new Set(pre.mapped)
  const devices = pre.localResources.filter((r) => !mapped.has(r))
  if (devices.length > 0) return { skip: 'local_resources', detail: named(devices) }
  if (pre.running && pre.notLive.length > 0)
    return { skip: 'local_resources', detail: `${named(pre.notLive)}: not live-migratable` }
  const cdroms = pre.localDisks.filter((d) => d.cdrom === true && !d.cloudinit)
  if (cdroms.length > 0) return { skip: 'local_disks', detail: `CD/DVD ${named(cdroms.map((d) => d.volid))}` }
  const attached = pre.localDisks.filter((d) => d.attached && !d.cloudinit && d.cdrom !== true)
  if (pre.running && attached.length > 0)
    return { skip: 'local_disks', detail: named(attached.map((d) => d.volid)) }
  return undefined
}

export interface PreconditionOptions {
  /** Cancels the plan: reads still under way are aborted and the plan is refused `cancelled`. */
  signal?: AbortSignal
  timeoutMs?: number
  perCluster?: number
}

/** One guest's precondition judged; a read that fails or takes too long is a skip with its error. */
async function judge(
  access: ClusterAccess,
  guest: FleetGuest,
  target: string,
  options: PreconditionOptions,
): Promise<MigrationSkip | undefined> {
  const timeoutMs = options.timeoutMs ?? PRECONDITION_TIMEOUT_MS
  // A timer of its own, cleared once the read ends (AbortSignal.timeout's would outlive a quick answer).
  const timeout = new AbortController()
  const timer = setTimeout(() => timeout.abort(), timeoutMs)
  const signal =
    options.signal === undefined ? timeout.signal : AbortSignal.any([options.signal, timeout.signal])
  try {
    return migrationSkip(await readMigratePrecondition(access, guest, signal), target)
  } catch (error) {
    if (options.signal?.aborted === true)
      throw new AppError({ code: 'cancelled', message: 'the bulk plan was cancelled' })
    if (timeout.signal.aborted)
      return { skip: 'precondition_failed', detail: `no answer within ${timeoutMs / 1000} s` }
    const e = AppError.from(error)
    return { skip: 'precondition_failed', detail: `${e.code}: ${e.message.slice(0, 300)}` }
  } finally {
    clearTimeout(timer)
  }
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]
      if (item !== undefined) await work(item)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/**
 * A migration plan's VMs that would run, judged again by PVE's own precondition, read with at most
 * {@link PRECONDITION_CONCURRENCY} reads per cluster; a VM PVE would refuse is skipped with the reason and its
 * detail. Containers have no precondition to ask before PVE 9 and migrate in restart mode: they stay as planned.
 * Other actions' plans come back as they are. The entries keep their order.
 */
export async function checkMigrations(
  action: BulkAction,
  entries: readonly BulkPlanEntry[],
  guests: readonly FleetGuest[],
  accessOf: (clusterId: string) => ClusterAccess,
  options: PreconditionOptions = {},
): Promise<BulkPlanEntry[]> {
  if (action.kind !== 'migrate') return [...entries]
  const byKey = new Map(guests.map((g) => [g.key, g]))
  const skips = new Map<string, MigrationSkip>()
  const byCluster = new Map<string, BulkPlanEntry[]>()
  for (const e of entries) {
    if (!e.run || e.type !== 'qemu' || e.target === undefined || !byKey.has(e.key)) continue
    byCluster.set(e.clusterId, [...(byCluster.get(e.clusterId) ?? []), e])
  }
  await Promise.all(
    [...byCluster].map(async ([clusterId, asked]) => {
      let access: ClusterAccess
      try {
        access = accessOf(clusterId)
      } catch (error) {
        const detail = AppError.from(error).message.slice(0, 300)
        for (const e of asked) skips.set(e.key, { skip: 'precondition_failed', detail })
        return
      }
      await pool(asked, options.perCluster ?? PRECONDITION_CONCURRENCY, async (e) => {
        const guest = byKey.get(e.key)
        if (guest === undefined || e.target === undefined) return
        const why = await judge(access, guest, e.target, options)
        if (why !== undefined) skips.set(e.key, why)
      })
    }),
  )
  if (options.signal?.aborted === true)
    throw new AppError({ code: 'cancelled', message: 'the bulk plan was cancelled' })
  return entries.map((e) => {
    const why = skips.get(e.key)
    return why === undefined ? e : { ...e, run: false, skip: why.skip, detail: why.detail }
  })
}
