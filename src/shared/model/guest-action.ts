import { z } from 'zod'

/**
 * What an operator asks of one guest. Each kind maps onto one PVE call (see src/main/guests/): the power
 * actions onto `POST …/status/<action>`, migrate onto `POST …/migrate`, backup onto `POST /nodes/{node}/vzdump`,
 * guest snapshots onto `…/snapshot`. HA-managed guests take the same calls: PVE itself files the HA request.
 */

/**
 * PVE's snapshot name: `pve-configid` (pve-common JSONSchema.pm `pve_verify_configid`: `^[a-z][a-z0-9_-]+$`,
 * case-insensitive, so at least 2 characters), at most 40; not a reserved name (qemu-server API2/Qemu.pm
 * `snapshot`: `$snapname eq 'current'`, `lc($snapname) eq 'pending'`).
 */
export const snapshotName = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]{1,39}$/, 'a letter, then at least one letter, digit, - or _')
  .refine((name) => name !== 'current' && name.toLowerCase() !== 'pending', {
    message: "'current' and 'pending' are PVE's reserved names",
  })
export const nodeName = z.string().regex(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/)
export const storageId = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,99}$/)

export const GuestRef = z
  .object({ clusterId: z.string().min(1).max(64), vmid: z.number().int().min(100).max(999_999_999) })
  .strict()
export type GuestRef = z.infer<typeof GuestRef>

export const BackupMode = z.enum(['snapshot', 'suspend', 'stop'])
export type BackupMode = z.infer<typeof BackupMode>
/** vzdump's `compress`: `0` is none. */
export const BackupCompress = z.enum(['zstd', 'lzo', 'gzip', '0'])
export type BackupCompress = z.infer<typeof BackupCompress>

export const GuestAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start') }).strict(),
  /** `timeout` seconds; `forceStop`: stop if the guest has not shut down by then. */
  z
    .object({
      kind: z.literal('shutdown'),
      timeout: z.number().int().min(1).max(86_400).optional(),
      forceStop: z.boolean().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('stop') }).strict(),
  z.object({ kind: z.literal('reboot') }).strict(),
  /** qemu only. */
  z.object({ kind: z.literal('reset') }).strict(),
  /**
   * `todisk` (qemu only): hibernate, the RAM saved to a state volume; on `statestorage` when given (else PVE picks
   * the VM's `vmstatestorage` or one of its disks' storages).
   */
  z
    .object({
      kind: z.literal('suspend'),
      todisk: z.boolean().optional(),
      statestorage: storageId.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('resume') }).strict(),
  /**
   * `online`: live migration of a running qemu VM; `restart`: restart mode of a running container;
   * `withLocalDisks`: copy local disks (the user accepted PVE's warning).
   */
  z
    .object({
      kind: z.literal('migrate'),
      target: nodeName,
      online: z.boolean().optional(),
      restart: z.boolean().optional(),
      withLocalDisks: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('backup'),
      storage: storageId,
      mode: BackupMode,
      compress: BackupCompress,
      protected: z.boolean().optional(),
      notes: z.string().max(1024).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('snapshotCreate'),
      name: snapshotName,
      description: z.string().max(8192).optional(),
      /** qemu only: save the RAM state too. */
      vmstate: z.boolean().optional(),
    })
    .strict(),
  z
    .object({ kind: z.literal('snapshotRollback'), name: snapshotName, start: z.boolean().optional() })
    .strict(),
  z.object({ kind: z.literal('snapshotDelete'), name: snapshotName }).strict(),
])
export type GuestAction = z.infer<typeof GuestAction>
export type GuestActionKind = GuestAction['kind']

export const GUEST_ACTION_KINDS = [
  'start',
  'shutdown',
  'stop',
  'reboot',
  'reset',
  'suspend',
  'resume',
  'migrate',
  'backup',
  'snapshotCreate',
  'snapshotRollback',
  'snapshotDelete',
] as const satisfies readonly GuestActionKind[]

/**
 * The privilege PVE checks on `/vms/<vmid>` for each action (pve-manager/qemu-server/pve-container API
 * schemas, apidoc.json `permissions`). A rollback is allowed with either privilege listed (PVE 9:
 * `VM.Snapshot.Rollback` or `VM.Snapshot`, `any`).
 */
export const ACTION_PRIVILEGES: Record<GuestActionKind, readonly string[]> = {
  start: ['VM.PowerMgmt'],
  shutdown: ['VM.PowerMgmt'],
  stop: ['VM.PowerMgmt'],
  reboot: ['VM.PowerMgmt'],
  reset: ['VM.PowerMgmt'],
  suspend: ['VM.PowerMgmt'],
  resume: ['VM.PowerMgmt'],
  migrate: ['VM.Migrate'],
  backup: ['VM.Backup'],
  snapshotCreate: ['VM.Snapshot'],
  snapshotRollback: ['VM.Snapshot', 'VM.Snapshot.Rollback'],
  snapshotDelete: ['VM.Snapshot'],
}

/** Actions after which something is lost (state, RAM, disks, a snapshot): they ask for a confirmation. */
export const LOSES_STATE: ReadonlySet<GuestActionKind> = new Set([
  'stop',
  'reset',
  'snapshotRollback',
  'snapshotDelete',
])

/** What a started action gave: the task to follow, or PVE's plain answer when it started none (vzdump `OK`). */
export const ActionStarted = z.object({
  clusterId: z.string(),
  vmid: z.number().int(),
  /** The task PVE started; null when PVE answered without one. */
  upid: z.string().nullable(),
  /** PVE's answer when it started no task. */
  message: z.string().optional(),
})
export type ActionStarted = z.infer<typeof ActionStarted>

/** A node the guest may move to, as `GET …/migrate` and `/cluster/resources` describe it. */
export const MigrationTarget = z.object({
  node: z.string(),
  site: z.string(),
  online: z.boolean(),
  /** PVE lists it among `allowed_nodes` (else `notAllowedReason` says why, from `not_allowed_nodes`). */
  allowed: z.boolean(),
  notAllowedReason: z.string().optional(),
  cpu: z.number().optional(),
  maxcpu: z.number().optional(),
  mem: z.number().optional(),
  maxmem: z.number().optional(),
})
export type MigrationTarget = z.infer<typeof MigrationTarget>

/** PVE's migration precondition (`GET /nodes/{node}/{qemu|lxc}/{vmid}/migrate`) in our words. */
export const MigrationCheck = z.object({
  clusterId: z.string(),
  vmid: z.number().int(),
  node: z.string(),
  running: z.boolean(),
  targets: z.array(MigrationTarget),
  /** Local disks PVE reports (`local_disks`): migrating needs `with-local-disks`. */
  localDisks: z.array(
    z.object({ volid: z.string(), size: z.number().optional(), cdrom: z.boolean().optional() }),
  ),
  /** Local resources that prevent a migration (`local_resources`: USB or PCI passthrough…). */
  localResources: z.array(z.string()),
})
export type MigrationCheck = z.infer<typeof MigrationCheck>

/** A storage that takes backups (`content` holds `backup`) on the guest's node. */
export const BackupTarget = z.object({
  storage: z.string(),
  plugintype: z.string().optional(),
  shared: z.boolean(),
  /** Free bytes, when PVE reports them. */
  avail: z.number().optional(),
  total: z.number().optional(),
})
export type BackupTarget = z.infer<typeof BackupTarget>

/** One guest snapshot (`GET …/snapshot`); `current` is PVE's "NOW" entry (name `current`). */
export const GuestSnapshot = z.object({
  name: z.string(),
  parent: z.string().optional(),
  description: z.string().optional(),
  /** Epoch seconds (absent for NOW). */
  snaptime: z.number().optional(),
  vmstate: z.boolean(),
  current: z.boolean(),
})
export type GuestSnapshot = z.infer<typeof GuestSnapshot>

/**
 * The guard rails the user sets (kept in the settings): which guests need their name typed before an action that
 * loses state, and how many actions a bulk run starts at once per cluster.
 */
export const ActionPreferences = z.object({
  /** Guests with any of these tags need their name typed (case-insensitive). */
  typeNameTags: z.array(z.string().trim().min(1).max(64)).max(64).default(['prod', 'production']),
  /** Guests in any of these pools need their name typed. */
  typeNamePools: z.array(z.string().trim().min(1).max(64)).max(64).default([]),
  /** Actions in flight per cluster in a bulk run (PVE's own `max_workers` default: 4). */
  bulkConcurrency: z.number().int().min(1).max(16).default(4),
  /** Which ended tasks notify: all of PVE Desk's, only failures, none. */
  notify: z.enum(['all', 'failed', 'off']).default('all'),
})
export type ActionPreferences = z.infer<typeof ActionPreferences>
