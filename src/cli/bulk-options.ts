import type { BulkAction, BulkActionKind } from '../shared/model/bulk'
import { BULK_ACTION_KINDS, BulkAction as BulkActionSchema } from '../shared/model/bulk'
import { BackupCompress, BackupMode } from '../shared/model/guest-action'
import type { Values } from './cli-options'
import { integerOption, oneOf, refuseOptions, usage } from './cli-options'

export const BULK_ACTIONS = BULK_ACTION_KINDS

/** Options every bulk command takes; then each action's own. */
const COMMON: (keyof Values)[] = ['filter', 'cluster', 'concurrency', 'dry-run', 'yes', 'json']
const OWN: Record<BulkActionKind, (keyof Values)[]> = {
  start: [],
  shutdown: ['timeout', 'force-stop'],
  stop: [],
  reboot: [],
  suspend: [],
  resume: [],
  migrate: ['target', 'online'],
  backup: ['storage', 'mode', 'compress', 'protected', 'notes'],
  snapshot: ['name', 'vmstate'],
}

/** What a cluster in scope holds, for the options given without `CLUSTER=`. */
export interface ScopeCluster {
  clusterId: string
  nodes: ReadonlySet<string>
  storages: ReadonlySet<string>
}

/**
 * `--target NODE` / `--target CLUSTER=NODE` (and the same for `--storage`): per cluster id. A bare value goes to
 * every cluster in scope that has such a node (or storage); a cluster's own `CLUSTER=` value wins over it. A
 * `CLUSTER=` naming a cluster outside the scope is a usage error (a typo must not leave a cluster without one).
 */
export function perCluster(
  values: readonly string[],
  option: string,
  scope: readonly ScopeCluster[],
  has: (cluster: ScopeCluster, value: string) => boolean,
): Record<string, string> {
  const result: Record<string, string> = {}
  const bare: string[] = []
  for (const value of values) {
    const eq = value.indexOf('=')
    if (eq < 0) {
      bare.push(value)
      continue
    }
    const clusterId = value.slice(0, eq)
    if (!scope.some((c) => c.clusterId === clusterId))
      throw usage(`${option} ${value}: no cluster ${clusterId} in this bulk action`)
    if (result[clusterId] !== undefined) throw usage(`${option}: ${clusterId} is given twice`)
    result[clusterId] = value.slice(eq + 1)
  }
  if (bare.length > 1) throw usage(`${option} without CLUSTER= is given once`)
  const [value] = bare
  if (value !== undefined)
    for (const cluster of scope)
      if (result[cluster.clusterId] === undefined && has(cluster, value)) result[cluster.clusterId] = value
  return result
}

/** Checked by the contract's schema: PVE's own rules for node, storage and guest snapshot names. */
function checked(action: BulkAction): BulkAction {
  const parsed = BulkActionSchema.safeParse(action)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue?.path ?? []
    const option =
      path[0] === 'targets' ? '--target' : path[0] === 'storages' ? '--storage' : `--${String(path[0] ?? '')}`
    throw usage(`${option}: ${issue?.message ?? 'invalid'}`)
  }
  return parsed.data
}

/** The bulk action of `pvedesk bulk <kind>` with its options, for the clusters in scope. */
export function bulkAction(kind: BulkActionKind, v: Values, scope: readonly ScopeCluster[]): BulkAction {
  refuseOptions(v, [...COMMON, ...OWN[kind]], `bulk ${kind}`)
  switch (kind) {
    case 'shutdown': {
      const timeout = integerOption(v.timeout, '--timeout', 1, 86_400)
      return checked({
        kind,
        ...(timeout === undefined ? {} : { timeout }),
        ...(v['force-stop'] ? { forceStop: true } : {}),
      })
    }
    case 'migrate': {
      if ((v.target ?? []).length === 0) throw usage('missing --target NODE or --target CLUSTER=NODE')
      const targets = perCluster(v.target ?? [], '--target', scope, (c, node) => c.nodes.has(node))
      return checked({ kind, targets, ...(v.online ? { online: true } : {}) })
    }
    case 'backup': {
      if ((v.storage ?? []).length === 0) throw usage('missing --storage S or --storage CLUSTER=S')
      const storages = perCluster(v.storage ?? [], '--storage', scope, (c, s) => c.storages.has(s))
      return checked({
        kind,
        storages,
        mode: oneOf(v.mode, '--mode', BackupMode.options) ?? 'snapshot',
        compress: oneOf(v.compress, '--compress', BackupCompress.options) ?? 'zstd',
        ...(v.protected ? { protected: true } : {}),
        ...(v.notes === undefined ? {} : { notes: v.notes }),
      })
    }
    case 'snapshot': {
      const name = v.name
      if (name === undefined || name === '') throw usage('missing --name SNAPSHOT')
      return checked({ kind, name, ...(v.vmstate ? { vmstate: true } : {}) })
    }
    default:
      return checked({ kind })
  }
}

/** `--concurrency N`: actions in flight per cluster, PVE's own default (4) from the preferences otherwise. */
export function concurrencyOf(v: Values, fallback: number): number {
  return integerOption(v.concurrency, '--concurrency', 1, 16) ?? fallback
}
