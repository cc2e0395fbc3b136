import type { DrFlag, DrGuestRow, DrLevel, DrTargets } from '../model/dr'
import type { InventoryCluster, PveObject } from '../model/inventory-snapshot'
import type { BackupEntry } from './cluster-index'
import { cut, num, str } from './pve-fields'

export interface FlagContext {
  cluster: InventoryCluster
  targets: DrTargets
  /** Every backup of the guest, newest first. */
  archives: readonly BackupEntry[]
  /** Whether PVE lists it as not backed up by any job; undefined when that list was not read. */
  inNotBackedUp: boolean | undefined
  /** The newest vzdump task for the vmid in /cluster/tasks. */
  vzdumpTask: PveObject | undefined
}

const HA_BAD_STATES = new Set(['error', 'fence', 'recovery'])

const flag = (code: DrFlag['code'], level: DrFlag['level'], params: DrFlag['params'] = {}): DrFlag => ({
  code,
  level,
  params,
})

/** A task's status other than OK (or OK with warnings) is a failure, with PVE's words (pve-common RESTEnvironment). */
function taskFailed(status: string | undefined): boolean {
  return status !== undefined && status !== 'OK' && !status.startsWith('WARNINGS')
}

function replicationFlags(row: DrGuestRow, ctx: FlagContext, flags: DrFlag[]): boolean {
  const enabled = row.replication.filter((job) => !job.disabled)
  for (const job of enabled) {
    if (job.failCount > 0) {
      flags.push(
        flag('replication-failed', 'amber', {
          job: job.id,
          failCount: job.failCount,
          ...(job.error !== undefined ? { error: job.error } : {}),
        }),
      )
    }
  }
  const minutes = row.target.replicaMinutes
  if (minutes === undefined) return enabled.length > 0
  const targetSeconds = minutes * 60
  // The freshest replica is what a recovery would start from.
  const best = [...enabled].sort((a, b) => (a.lagSeconds ?? Infinity) - (b.lagSeconds ?? Infinity))[0]
  if (best === undefined) {
    flags.push(flag('no-replica', 'red', { targetSeconds }))
    return false
  }
  if (best.lagSeconds === undefined) {
    flags.push(flag('replica-stale', 'red', { job: best.id, lagSeconds: 'never', targetSeconds }))
  } else if (best.lagSeconds > targetSeconds) {
    flags.push(flag('replica-stale', 'red', { job: best.id, lagSeconds: best.lagSeconds, targetSeconds }))
  } else if (best.lagSeconds > targetSeconds * ctx.targets.warnAt) {
    flags.push(
      flag('near-target', 'amber', {
        kind: 'replica',
        job: best.id,
        lagSeconds: best.lagSeconds,
        targetSeconds,
      }),
    )
  }
  if (enabled.every((job) => job.targetSite === row.site)) {
    flags.push(flag('replica-same-site', 'amber', { job: best.id, site: row.site }))
  }
  return true
}

function backupFlags(row: DrGuestRow, ctx: FlagContext, flags: DrFlag[]): boolean {
  const last = row.lastBackup
  const task = ctx.vzdumpTask
  const taskEnd = num(task?.endtime)
  const status = str(task?.status)
  if (taskFailed(status) && taskEnd !== undefined && (last === undefined || taskEnd > last.time)) {
    flags.push(flag('backup-failed', 'amber', { error: cut(status ?? '', 500), at: taskEnd }))
  }
  if (last?.verification === 'failed') {
    flags.push(flag('verify-failed', 'red', { storage: last.storage }))
  } else if (last?.verification === 'none') {
    flags.push(flag('backup-unverified', 'amber', { storage: last.storage }))
  }
  const hours = row.target.backupHours
  if (hours === undefined) return last !== undefined
  const targetSeconds = hours * 3600
  if (ctx.inNotBackedUp === true || (ctx.inNotBackedUp === undefined && row.backupJobs.length === 0)) {
    flags.push(flag('no-job', 'amber'))
  }
  if (last === undefined) {
    flags.push(flag('no-backup', 'red', { targetSeconds }))
    return false
  }
  if (last.ageSeconds > targetSeconds) {
    flags.push(
      flag('backup-overdue', 'red', { ageSeconds: last.ageSeconds, targetSeconds, storage: last.storage }),
    )
  } else if (last.ageSeconds > targetSeconds * ctx.targets.warnAt) {
    flags.push(
      flag('near-target', 'amber', {
        kind: 'backup',
        ageSeconds: last.ageSeconds,
        targetSeconds,
        storage: last.storage,
      }),
    )
  }
  // A backup on a storage of no known site may well be elsewhere: only known sites count against the guest.
  if (ctx.archives.every((a) => a.site !== undefined && a.site === row.site)) {
    flags.push(flag('backup-same-site', 'amber', { site: row.site }))
  }
  return true
}

function haFlags(row: DrGuestRow, flags: DrFlag[]): void {
  const ha = row.ha
  if (ha === undefined) return
  const current = ha.current ?? ''
  if (HA_BAD_STATES.has(current)) {
    flags.push(
      flag('ha-problem', 'amber', { state: current, ...(ha.node !== undefined ? { node: ha.node } : {}) }),
    )
  } else if (ha.requested === 'started' && current === 'started') {
    if (row.status !== 'running' || (ha.node !== undefined && ha.node !== row.node)) {
      flags.push(flag('ha-problem', 'amber', { state: current, node: ha.node ?? '', status: row.status }))
    }
  }
}

function staleFlag(row: DrGuestRow, cluster: InventoryCluster, flags: DrFlag[]): void {
  const nodeStatus = Array.isArray(cluster.nodes)
    ? cluster.nodes.find((n) => n.node === row.node)?.status
    : undefined
  if (cluster.reach === 'unreachable' || cluster.lastKnown !== undefined) {
    flags.push(
      flag('stale-data', 'amber', cluster.lastKnown !== undefined ? { since: cluster.lastKnown.at } : {}),
    )
  } else if (cluster.reach === 'partial' && nodeStatus !== undefined && nodeStatus !== 'online') {
    flags.push(flag('stale-data', 'amber', { node: row.node }))
  }
}

/** What is wrong with a rated guest's protection (design: issue 12's levels). */
export function guestFlags(row: DrGuestRow, ctx: FlagContext): DrFlag[] {
  const flags: DrFlag[] = []
  const replicated = replicationFlags(row, ctx, flags)
  const backedUp = backupFlags(row, ctx, flags)
  if (!replicated && !backedUp) flags.unshift(flag('unprotected', 'red'))
  haFlags(row, flags)
  staleFlag(row, ctx.cluster, flags)
  return flags
}

/** The worst of the flags; green without any. */
export function levelOf(flags: readonly DrFlag[]): DrLevel {
  if (flags.some((f) => f.level === 'red')) return 'red'
  if (flags.some((f) => f.level === 'amber')) return 'amber'
  return 'green'
}
