import { z } from 'zod'

/**
 * Disaster recovery: whether each guest would survive the loss of its site, against the recovery targets (RPO)
 * the operator set for it, and each site's own health. Computed from the same lists an inventory snapshot holds
 * (`InventoryCluster`), so the live view, `pvedesk dr` and a snapshot read years later give the same answer.
 */

/** `none`: no target applies to the guest, so it is listed but not rated (and never makes `pvedesk dr` fail). */
export const DrLevel = z.enum(['green', 'amber', 'red', 'none'])
export type DrLevel = z.infer<typeof DrLevel>

const minutes = z
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 366)
const hours = z
  .number()
  .int()
  .min(1)
  .max(24 * 366 * 10)

/**
 * One target rule. `scope` says what it matches: a cluster (by PVE Desk's cluster id), a PVE tag, or a pool.
 * A rule without `replicaMinutes` asks for no replica; without `backupHours`, for no backup.
 */
export const DrTargetRule = z
  .object({
    scope: z.enum(['cluster', 'tag', 'pool']),
    value: z.string().min(1).max(200),
    /** The replica on another site is at most this old (the replication job's last sync). */
    replicaMinutes: minutes.optional(),
    /** The newest backup, on any storage, is at most this old. */
    backupHours: hours.optional(),
  })
  .strict()
export type DrTargetRule = z.infer<typeof DrTargetRule>

export const StorageSite = z
  .object({
    /** Absent: this storage id on every cluster. */
    clusterId: z.string().min(1).max(200).optional(),
    storage: z.string().min(1).max(200),
    site: z.string().min(1).max(200),
  })
  .strict()
export type StorageSite = z.infer<typeof StorageSite>

/**
 * The targets, kept in the settings file under `dr`. Which rule applies: tag and pool rules before cluster rules
 * (the most specific wins); among several matching tag or pool rules, the strictest figure of each kind.
 * `warnAt` is the fraction of a target at which a guest turns amber before it is late.
 */
export const DrTargets = z
  .object({
    rules: z.array(DrTargetRule).max(200),
    warnAt: z.number().min(0.1).max(1),
    /**
     * Where a shared or remote storage really is (a PBS datastore at the DR site, an NFS share): PVE does not
     * know, PVE Desk's site labels are on nodes. A storage not listed here is on the site of the node that
     * lists it when it is not shared, and on no known site when it is.
     */
    storageSites: z.array(StorageSite).max(500),
  })
  .strict()
export type DrTargets = z.infer<typeof DrTargets>

/** The seed's targets: production replicated within 30 minutes and backed up daily; test weekly. */
export const defaultDrTargets = (): DrTargets => ({
  rules: [
    { scope: 'tag', value: 'prod', replicaMinutes: 30, backupHours: 24 },
    { scope: 'tag', value: 'test', backupHours: 24 * 7 },
  ],
  warnAt: 0.8,
  storageSites: [],
})

/** What is wrong (or worth knowing) about a guest's protection; each code has its words in the UI and the CLI. */
export const DrFlagCode = z.enum([
  /** Neither a replica nor a backup exists. */
  'unprotected',
  /** A replica target applies but no replication job exists. */
  'no-replica',
  /** The replica's last sync is older than the target. */
  'replica-stale',
  /** The replication job's last run failed (`fail_count` > 0, with its error). */
  'replication-failed',
  /** A backup target applies but no backup exists on any storage. */
  'no-backup',
  /** The newest backup is older than the target. */
  'backup-overdue',
  /** The newest vzdump task for this guest failed (after the newest backup). */
  'backup-failed',
  /** The newest backup is on PBS and was never verified. */
  'backup-unverified',
  /** The newest backup's PBS verification failed. */
  'verify-failed',
  /** No enabled backup job includes the guest (`/cluster/backup-info/not-backed-up`). */
  'no-job',
  /** Every backup is on a storage of the guest's own site: the loss of the site takes them too. */
  'backup-same-site',
  /** The replica is on the guest's own site. */
  'replica-same-site',
  /** A figure is close to its target (over `warnAt` of it). */
  'near-target',
  /** HA reports the guest in `error` or `fence`, or it is not where HA wants it. */
  'ha-problem',
  /** The data is last-known data: the cluster, or the guest's node, did not answer. */
  'stale-data',
])
export type DrFlagCode = z.infer<typeof DrFlagCode>

export const DrFlag = z.object({
  code: DrFlagCode,
  level: z.enum(['amber', 'red']),
  /** Figures the words need (ages in seconds, the target in seconds, a job id, PVE's error text). */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
})
export type DrFlag = z.infer<typeof DrFlag>

export const DrReplication = z.object({
  /** `<vmid>-<jobnum>`. */
  id: z.string(),
  target: z.string(),
  /** The target node's site; undefined when the node is not known. */
  targetSite: z.string().optional(),
  /** As PVE says it; the default (every 15 minutes, which PVE leaves out of the configuration) filled in. */
  schedule: z.string(),
  disabled: z.boolean(),
  /** Epoch seconds; undefined when the job never synced. */
  lastSync: z.number().optional(),
  nextSync: z.number().optional(),
  /** Seconds since the last sync (now − last_sync), undefined when it never synced. */
  lagSeconds: z.number().optional(),
  /** Seconds the last run took. */
  durationSeconds: z.number().optional(),
  failCount: z.number().int(),
  error: z.string().optional(),
})
export type DrReplication = z.infer<typeof DrReplication>

export const DrHa = z.object({
  /** `vm:101`. */
  sid: z.string(),
  /** PVE 8's HA group or the PVE 9 rules naming the guest. */
  group: z.string().optional(),
  rules: z.array(z.string()),
  /** The requested state (`started`, `stopped`, `ignored`, `disabled`). */
  requested: z.string().optional(),
  /** The state the HA manager reports (`started`, `fence`, `recovery`, `error`, …). */
  current: z.string().optional(),
  /** The node HA says it runs on. */
  node: z.string().optional(),
})
export type DrHa = z.infer<typeof DrHa>

export const DrBackup = z.object({
  volid: z.string(),
  storage: z.string(),
  /** The site of the storage (a shared storage: the site of the node that lists it). */
  storageSite: z.string().optional(),
  /** Epoch seconds. */
  time: z.number(),
  ageSeconds: z.number(),
  size: z.number().optional(),
  protected: z.boolean(),
  /** PBS only; `none` when PBS never verified it; undefined for other storages. */
  verification: z.enum(['ok', 'failed', 'none']).optional(),
})
export type DrBackup = z.infer<typeof DrBackup>

/** The targets that applied to a guest, and which rules gave them (for "why"). */
export const DrAppliedTarget = z.object({
  replicaMinutes: z.number().optional(),
  backupHours: z.number().optional(),
  /** e.g. `tag:prod`, `cluster:ace-prod`. */
  from: z.array(z.string()),
})
export type DrAppliedTarget = z.infer<typeof DrAppliedTarget>

export const DrGuestRow = z.object({
  clusterId: z.string(),
  clusterName: z.string(),
  vmid: z.number().int(),
  type: z.enum(['qemu', 'lxc']),
  name: z.string(),
  node: z.string(),
  site: z.string(),
  status: z.string(),
  tags: z.array(z.string()),
  pool: z.string().optional(),
  template: z.boolean(),
  target: DrAppliedTarget,
  replication: z.array(DrReplication),
  ha: DrHa.optional(),
  /** The newest backup on any storage. */
  lastBackup: DrBackup.optional(),
  /** How many backups of it exist, on how many sites. */
  backupCount: z.number().int(),
  backupSites: z.array(z.string()),
  /** Ids of the enabled backup jobs that include it. */
  backupJobs: z.array(z.string()),
  level: DrLevel,
  flags: z.array(DrFlag),
})
export type DrGuestRow = z.infer<typeof DrGuestRow>

export const StorageLevel = z.enum(['ok', 'warning', 'critical'])
export type StorageLevel = z.infer<typeof StorageLevel>

/** Warning at 90 % used, critical at 97.5 % (the thresholds). */
export const STORAGE_WARNING = 0.9
export const STORAGE_CRITICAL = 0.975
/** Certificates expiring within this many days are listed. */
export const CERTIFICATE_DAYS = 30

export const SiteNode = z.object({
  clusterId: z.string(),
  node: z.string(),
  online: z.boolean(),
  /** `pve-manager/9.1.4/…` shortened to `9.1.4`. */
  version: z.string().optional(),
  /** The subscription's status (`active`, `notfound`, …); its key never appears. */
  subscription: z.string().optional(),
})
export type SiteNode = z.infer<typeof SiteNode>

export const SiteCluster = z.object({
  clusterId: z.string(),
  name: z.string(),
  /** undefined for a standalone node (no corosync). */
  quorate: z.boolean().optional(),
  votes: z.number().optional(),
  expectedVotes: z.number().optional(),
  /** `/cluster/ha/status/manager_status`'s master and its state, or undefined without HA. */
  haManager: z.object({ master: z.string().optional(), state: z.string() }).optional(),
  reach: z.enum(['live', 'stale', 'unreachable']),
  /** Epoch seconds of the last answer from it. */
  lastContact: z.number().optional(),
})
export type SiteCluster = z.infer<typeof SiteCluster>

export const SiteStorage = z.object({
  clusterId: z.string(),
  storage: z.string(),
  /** The node that reports it; shared storages are listed once. */
  node: z.string(),
  shared: z.boolean(),
  used: z.number(),
  total: z.number(),
  level: StorageLevel,
})
export type SiteStorage = z.infer<typeof SiteStorage>

export const SiteCertificate = z.object({
  clusterId: z.string(),
  node: z.string(),
  filename: z.string(),
  /** Epoch seconds. */
  notAfter: z.number(),
  daysLeft: z.number(),
})
export type SiteCertificate = z.infer<typeof SiteCertificate>

export const SiteHealth = z.object({
  site: z.string(),
  level: z.enum(['green', 'amber', 'red']),
  /** Why the site is amber or red (codes: `quorum-lost`, `node-down`, `storage-critical`, …), with figures. */
  problems: z.array(
    z.object({
      code: z.string(),
      level: z.enum(['amber', 'red']),
      params: z.record(z.string(), z.union([z.string(), z.number()])),
    }),
  ),
  clusters: z.array(SiteCluster),
  nodes: z.array(SiteNode),
  storage: z.array(SiteStorage),
  certificates: z.array(SiteCertificate),
  /** Guests running on the site, and how many of them are red or amber. */
  guests: z.object({ total: z.number().int(), red: z.number().int(), amber: z.number().int() }),
  /** The newest answer from any of its clusters (epoch seconds). */
  lastContact: z.number().optional(),
  stale: z.boolean(),
})
export type SiteHealth = z.infer<typeof SiteHealth>

export const DrReport = z.object({
  /** When it was computed (epoch seconds). */
  at: z.number(),
  targets: DrTargets,
  guests: z.array(DrGuestRow),
  sites: z.array(SiteHealth),
  counts: z.object({
    green: z.number().int(),
    amber: z.number().int(),
    red: z.number().int(),
    none: z.number().int(),
  }),
})
export type DrReport = z.infer<typeof DrReport>

/** What a notification is about: the list. */
export const DrAlertKind = z.enum([
  'replica-lag',
  'replication-failed',
  'backup-failed',
  'backup-overdue',
  'quorum-lost',
  'node-down',
  'storage-critical',
  'certificate-expiring',
])
export type DrAlertKind = z.infer<typeof DrAlertKind>

/** One transition into (or, `cleared`, out of) a bad state, kept in the local history. */
export const DrAlert = z.object({
  id: z.string(),
  /** Epoch seconds. */
  at: z.number(),
  kind: DrAlertKind,
  /** `raised` when it starts, `cleared` when it ends. */
  phase: z.enum(['raised', 'cleared']),
  clusterId: z.string(),
  site: z.string().optional(),
  /** What it is about: `vm 101 (naorlo-web01)`, a node, a storage, a certificate file. */
  subject: z.string(),
  vmid: z.number().int().optional(),
  node: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
})
export type DrAlert = z.infer<typeof DrAlert>

/** The local history keeps at most this many alerts (newest first). */
export const MAX_DR_ALERTS = 1_000
