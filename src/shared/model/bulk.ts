import { z } from 'zod'

import { AppErrorShape } from '../ipc/errors'
import { BackupCompress, BackupMode, nodeName, snapshotName, storageId } from './guest-action'

/**
 * Bulk actions: one action over many guests of several clusters, planned first (what runs where, what is
 * skipped and why), then run with a bounded number in flight per cluster, cancellable.
 */

export const BulkAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start') }).strict(),
  z
    .object({
      kind: z.literal('shutdown'),
      timeout: z.number().int().min(1).max(86_400).optional(),
      forceStop: z.boolean().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('stop') }).strict(),
  z.object({ kind: z.literal('reboot') }).strict(),
  z.object({ kind: z.literal('suspend') }).strict(),
  z.object({ kind: z.literal('resume') }).strict(),
  /** Within each cluster: the target node per cluster id; guests of a cluster without one are skipped. */
  z
    .object({
      kind: z.literal('migrate'),
      targets: z.record(z.string(), nodeName),
      online: z.boolean().optional(),
    })
    .strict(),
  /** The storage per cluster id. */
  z
    .object({
      kind: z.literal('backup'),
      storages: z.record(z.string(), storageId),
      mode: BackupMode,
      compress: BackupCompress,
      protected: z.boolean().optional(),
      notes: z.string().max(1024).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('snapshot'), name: snapshotName, vmstate: z.boolean().optional() }).strict(),
])
export type BulkAction = z.infer<typeof BulkAction>
export type BulkActionKind = BulkAction['kind']

/** The bulk actions, in the order the menus, the bar and `pvedesk bulk`'s usage offer them. */
export const BULK_ACTION_KINDS = [
  'start',
  'shutdown',
  'stop',
  'reboot',
  'suspend',
  'resume',
  'migrate',
  'backup',
  'snapshot',
] as const satisfies readonly BulkActionKind[]

/**
 * Why a guest is left out: already in the asked state; not running (reboot, suspend…); the cluster is read-only
 * in PVE Desk; a privilege is missing (`detail` names it); locked (`detail`: the lock); a template; HA-managed
 * where PVE's HA would fight the action; the action does not apply to its type (reset or hibernate of a
 * container); its cluster is not reachable or its node is offline; no target or storage chosen for its cluster;
 * already on the migration target; its status is unknown; PVE's migration precondition refuses it (`detail`:
 * which disk, which resource, why the target is not allowed, or the error of the read).
 */
export const SkipReason = z.enum([
  'already',
  'not_running',
  'read_only',
  'forbidden',
  'locked',
  'template',
  'ha_managed',
  'unsupported',
  'unreachable',
  'node_offline',
  'no_target',
  'on_target',
  'unknown_state',
  // A migration PVE's precondition (`GET …/migrate`) says it would refuse: the target not allowed (its storages
  // missing there, an HA rule, a mapping), a local resource (passthrough), a local disk a live migration must
  // copy (a bulk migration never asks `with-local-disks`), or the precondition could not be read.
  'target_not_allowed',
  'local_resources',
  'local_disks',
  'precondition_failed',
])
export type SkipReason = z.infer<typeof SkipReason>

export const BulkPlanEntry = z.object({
  /** The guest's fleet key (`<clusterId>/qemu/<vmid>`). */
  key: z.string(),
  clusterId: z.string(),
  vmid: z.number().int(),
  name: z.string(),
  type: z.enum(['qemu', 'lxc']),
  node: z.string(),
  site: z.string(),
  /** Runs, or is skipped for `skip` (with `detail`: the privilege, the lock…). */
  run: z.boolean(),
  skip: SkipReason.optional(),
  detail: z.string().optional(),
  /** Where a migration goes / which storage a backup goes to. */
  target: z.string().optional(),
})
export type BulkPlanEntry = z.infer<typeof BulkPlanEntry>

export const BulkPlan = z.object({
  planId: z.string(),
  action: BulkAction,
  entries: z.array(BulkPlanEntry),
  /** Actions in flight per cluster when run (from the preferences unless given). */
  concurrency: z.number().int().min(1).max(16),
})
export type BulkPlan = z.infer<typeof BulkPlan>

export const BulkEntryState = z.enum(['queued', 'running', 'ok', 'warning', 'failed', 'cancelled', 'skipped'])
export type BulkEntryState = z.infer<typeof BulkEntryState>

export const BulkEntryResult = z.object({
  key: z.string(),
  clusterId: z.string(),
  vmid: z.number().int(),
  state: BulkEntryState,
  /** Its task, once started. */
  upid: z.string().optional(),
  /** PVE's exit status once its task ended. */
  exitstatus: z.string().optional(),
  /** Why it failed before a task existed (403 with PVE's message, locked, unreachable…). */
  error: AppErrorShape.optional(),
})
export type BulkEntryResult = z.infer<typeof BulkEntryResult>

export const BulkProgress = z.object({
  bulkId: z.string(),
  planId: z.string(),
  /** Every entry that runs, in plan order (skipped ones are in the plan). */
  results: z.array(BulkEntryResult),
  /** True once nothing is queued or running any more. */
  done: z.boolean(),
  cancelled: z.boolean(),
})
export type BulkProgress = z.infer<typeof BulkProgress>
