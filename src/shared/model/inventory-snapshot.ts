import { z } from 'zod'

import { ConsoleRecord } from './console'
import { DrReport, DrTargets } from './dr'

/**
 * An **inventory snapshot**: what the whole fleet was at one moment, for audits (never just "snapshot": a
 * Proxmox guest snapshot is another thing). It is the `inventory.json` member of the file, written as canonical
 * JSON, hashed and signed (see README "Inventory snapshot file").
 *
 * PVE's own answers are kept as PVE gave them (redacted, see `REDACTION_RULES`), under the name of the call that
 * gave them, so that an auditor reads Proxmox's words and fields; only the identities (cluster, node, vmid, type)
 * and what PVE Desk adds (sites, reachability, issues) are typed here. A part that is **absent** was not captured
 * (its failed call is in `issues`); an **empty list** was captured and empty.
 */

export const INVENTORY_FORMAT = 'pvedesk-inventory'
export const INVENTORY_SCHEMA_VERSION = 1
/** The SSHSIG namespace of the signature (`ssh-keygen -Y verify -n pvedesk-inventory`). */
export const INVENTORY_SIGNATURE_NAMESPACE = 'pvedesk-inventory'
/** What a redacted value is replaced with. */
export const REDACTED = '(redacted)'

/** Any JSON value, as PVE sends it (numbers finite: canonical JSON has no NaN or Infinity). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().refine(Number.isFinite, 'a finite number'),
    z.boolean(),
    z.null(),
    z.array(JsonValue),
    z.record(z.string(), JsonValue),
  ]),
)
/** One object of a PVE answer (`data` item), redacted. */
export const PveObject = z.record(z.string(), JsonValue)
export type PveObject = z.infer<typeof PveObject>

const list = z.array(PveObject)

/** One guest's failure in a run of a backup job, as the job's task log says it. */
export const BackupFailure = z.object({
  vmid: z.number().int(),
  /** The job's task. */
  upid: z.string().max(512),
  node: z.string().max(256),
  starttime: z.number(),
  endtime: z.number(),
  /** PVE's words after `failed - `. */
  error: z.string().max(2_000),
})
export type BackupFailure = z.infer<typeof BackupFailure>
/** ISO 8601 UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
export const IsoTime = z.iso.datetime({ offset: false, precision: 3 })

/** A call of the capture that failed: shown in the Issues section (as cv4pve-report does). */
export const InventoryIssue = z.object({
  clusterId: z.string(),
  /** The node the call was about, when it was about one. */
  node: z.string().optional(),
  /** The API path, e.g. `/nodes/km4-pve1/subscription`. */
  path: z.string(),
  /** One of our error codes (`unreachable`, `forbidden`, `pve_error`…). */
  code: z.string(),
  message: z.string(),
})
export type InventoryIssue = z.infer<typeof InventoryIssue>

export const InventoryNode = z.object({
  node: z.string(),
  site: z.string(),
  /** As `/cluster/resources` reported it. */
  status: z.enum(['online', 'offline', 'unknown']),
  /** `GET /nodes/{node}/status` (cpuinfo, memory, kversion, pveversion, loadavg, uptime…). */
  nodeStatus: PveObject.optional(),
  /** `GET /nodes/{node}/version`. */
  version: PveObject.optional(),
  /** `GET /nodes/{node}/apt/versions`: every Proxmox package with its version. */
  packages: list.optional(),
  /** `GET /nodes/{node}/subscription` (`key` redacted). */
  subscription: PveObject.optional(),
  /** `GET /nodes/{node}/certificates/info`: each certificate with its fingerprint and `notafter` expiry. */
  certificates: list.optional(),
  /** `GET /nodes/{node}/network`: bridges, bonds, VLANs, addresses. */
  network: list.optional(),
  /** `GET /nodes/{node}/dns`. */
  dns: PveObject.optional(),
  /** `GET /nodes/{node}/time`. */
  time: PveObject.optional(),
  /** `GET /nodes/{node}/firewall/rules`. */
  firewallRules: list.optional(),
})
export type InventoryNode = z.infer<typeof InventoryNode>

/** One entry of `GET …/{vmid}/pending` that is not in effect yet: `pending` is the new value, `delete` 1/2. */
export const PendingChange = z.object({
  key: z.string(),
  value: JsonValue.optional(),
  pending: JsonValue.optional(),
  delete: z.number().optional(),
})
export type PendingChange = z.infer<typeof PendingChange>

export const InventoryGuest = z.object({
  type: z.enum(['qemu', 'lxc']),
  vmid: z.number().int(),
  node: z.string(),
  name: z.string(),
  /** The configuration in effect, key → value (from `…/pending`: what `…/config` gives), redacted. */
  config: PveObject.optional(),
  /** Changes made but not applied yet (a VM to restart, a hot-plug refused). */
  pending: z.array(PendingChange).optional(),
  /** `GET …/{vmid}/snapshot`: the guest snapshots (asked only when the config has a `parent`). */
  guestSnapshots: list.optional(),
  /** `GET …/{vmid}/firewall/rules`. */
  firewallRules: list.optional(),
  /** QEMU guest agent facts, when the agent is enabled and the VM runs. */
  agent: z
    .object({
      osinfo: PveObject.optional(),
      hostname: z.string().optional(),
      interfaces: list.optional(),
    })
    .optional(),
})
export type InventoryGuest = z.infer<typeof InventoryGuest>

/** A list that belongs to one node (a node's replication states). */
const PerNodeList = z.object({ node: z.string(), entries: list })

export const InventoryCluster = z.object({
  /** The id and name the user gave it in PVE Desk. */
  id: z.string(),
  name: z.string(),
  /** `clustername`, absent for a standalone node. */
  clusterName: z.string().optional(),
  /** Site label by node name (PVE Desk's, not PVE's); other nodes belong to `defaultSite`. */
  sites: z.record(z.string(), z.string()),
  defaultSite: z.string(),
  /**
   * `captured`: every call answered; `partial`: some failed (see issues); `unreachable`: no endpoint answered,
   * the data below (if any) is last-known data from `lastKnown`.
   */
  reach: z.enum(['captured', 'partial', 'unreachable']),
  /** Set when the data is not from this capture: where it comes from and when it was true. */
  lastKnown: z.object({ at: IsoTime, source: z.enum(['live', 'inventory-snapshot']) }).optional(),
  /** `GET /version`. */
  version: PveObject.optional(),
  /** `GET /cluster/status`: the cluster, quorum, and each node's online state. */
  status: list.optional(),
  /** `GET /cluster/resources`: every guest, node, storage and pool with its state and figures. */
  resources: list.optional(),
  nodes: z.array(InventoryNode),
  guests: z.array(InventoryGuest),
  storage: z.object({
    /** `GET /storage`: storage.cfg (secrets redacted). Per-node status is in `resources`. */
    definitions: list.optional(),
  }),
  backups: z.object({
    /** `GET /nodes/{node}/storage/{storage}/content?content=backup`, every backup storage (shared ones once). */
    archives: z.array(z.object({ node: z.string(), storage: z.string(), entries: list })),
    /** `GET /cluster/backup`. */
    jobs: list.optional(),
    /** `GET /cluster/backup-info/not-backed-up`. */
    notBackedUp: list.optional(),
  }),
  replication: z.object({
    /** `GET /cluster/replication`: the jobs' configuration. */
    jobs: list.optional(),
    /** `GET /nodes/{node}/replication`: each job's state on its source node. */
    state: z.array(PerNodeList),
  }),
  ha: z.object({
    /** `GET /cluster/ha/status/current`. */
    status: list.optional(),
    /** `GET /cluster/ha/status/manager_status`. */
    managerStatus: PveObject.optional(),
    /** `GET /cluster/ha/resources`. */
    resources: list.optional(),
    /** `GET /cluster/ha/groups` (PVE 8 and before). */
    groups: list.optional(),
    /** `GET /cluster/ha/rules` (PVE 9, which replaced groups by rules). */
    rules: list.optional(),
  }),
  firewall: z.object({
    /** `GET /cluster/firewall/options`. */
    options: PveObject.optional(),
    /** `GET /cluster/firewall/rules`. */
    rules: list.optional(),
    /** `GET /cluster/firewall/groups`, each with `GET /cluster/firewall/groups/{group}`. */
    groups: z
      .array(z.object({ group: z.string(), comment: z.string().optional(), rules: list.optional() }))
      .optional(),
    /** `GET /cluster/firewall/aliases`. */
    aliases: list.optional(),
    /** `GET /cluster/firewall/ipset`, each with `GET /cluster/firewall/ipset/{name}`. */
    ipsets: z
      .array(z.object({ name: z.string(), comment: z.string().optional(), entries: list.optional() }))
      .optional(),
  }),
  access: z.object({
    /** `GET /access/users?full=1`: users with their groups and API token ids (never a token's secret). */
    users: list.optional(),
    groups: list.optional(),
    roles: list.optional(),
    acl: list.optional(),
    /** `GET /access/domains`. */
    realms: list.optional(),
  }),
  /** `GET /pools/{poolid}` of every pool: comment and members. */
  pools: list.optional(),
  /** `GET /cluster/tasks` (added within schema version 1): the recent tasks, for backups that failed. */
  tasks: list.optional(),
  /**
   * The guests that failed in a backup job's recent runs, read from the logs of its failed vzdump tasks (added
   * within schema version 1; see src/shared/dr/vzdump-job-log.ts).
   */
  backupFailures: z.array(BackupFailure).max(100_000).optional(),
})
export type InventoryCluster = z.infer<typeof InventoryCluster>

/** Who took the inventory snapshot, when, with what. Inside the signed content (the manifest repeats it). */
export const InventoryMeta = z.object({
  takenAt: IsoTime,
  takenBy: z.object({
    /** The operating-system account. */
    user: z.string(),
    host: z.string(),
  }),
  app: z.object({ name: z.literal('PVE Desk'), version: z.string() }),
  /** `manual` (the app's button), `scheduled` (the app's schedule), `cli` (`pvedesk inventory capture`). */
  trigger: z.enum(['manual', 'scheduled', 'cli']),
  /** How long the capture took. */
  durationMs: z.number().int().nonnegative(),
})
export type InventoryMeta = z.infer<typeof InventoryMeta>

/** The DR part of an inventory snapshot: evaluated at capture (`report.at` = `takenAt`). */
export const InventoryDr = z.object({ targets: DrTargets, report: DrReport })
export type InventoryDr = z.infer<typeof InventoryDr>

export const InventorySnapshot = z.object({
  format: z.literal(INVENTORY_FORMAT),
  schemaVersion: z.literal(INVENTORY_SCHEMA_VERSION),
  meta: InventoryMeta,
  clusters: z.array(InventoryCluster),
  /** PVE Desk's record of console sessions on this installation (newest first), see console-record.ts. */
  consoleSessions: z.array(ConsoleRecord),
  issues: z.array(InventoryIssue),
  /**
   * The disaster-recovery matrix and site health as they were at `takenAt`, with the targets then in force
   * (added within schema version 1: older files have none). A file whose `dr` does not read opens without it,
   * with an issue saying so (see inventory-reader.ts).
   */
  dr: InventoryDr.optional(),
})
export type InventorySnapshot = z.infer<typeof InventorySnapshot>

/** The signer, as the manifest and the UI show it. */
export const InventorySigner = z.object({
  /** One `allowed_signers`/`authorized_keys` style line: `ssh-ed25519 AAAA… pvedesk-inventory@<host>`. */
  publicKey: z.string(),
  /** `SHA256:<base64>` as `ssh-keygen -l` prints it. */
  fingerprint: z.string(),
})
export type InventorySigner = z.infer<typeof InventorySigner>

/** `manifest.json`: what the file holds and how to check it; unsigned, so every field is checked on read. */
export const InventoryManifest = z.object({
  format: z.literal(INVENTORY_FORMAT),
  /** Read first: a newer number is refused (`inventory_invalid`, reason `newer_version`). */
  schemaVersion: z.number().int().positive(),
  takenAt: IsoTime,
  takenBy: InventoryMeta.shape.takenBy,
  app: InventoryMeta.shape.app,
  content: z.object({
    member: z.literal('inventory.json'),
    /** SHA-256 of the member's bytes, lower-case hex. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative(),
  }),
  signature: z.object({
    member: z.literal('inventory.json.sig'),
    namespace: z.literal(INVENTORY_SIGNATURE_NAMESPACE),
    signer: InventorySigner,
  }),
  summary: z.object({
    clusters: z.number().int().nonnegative(),
    nodes: z.number().int().nonnegative(),
    guests: z.number().int().nonnegative(),
    issues: z.number().int().nonnegative(),
  }),
})
export type InventoryManifest = z.infer<typeof InventoryManifest>

/** The ZIP members, in the order they are written. */
export const INVENTORY_MEMBERS = {
  manifest: 'manifest.json',
  content: 'inventory.json',
  signature: 'inventory.json.sig',
  readme: 'README.txt',
} as const

/** Progress of a capture: per cluster, and in total (calls done of calls known so far). */
export const CaptureProgress = z.object({
  captureId: z.string(),
  clusters: z.array(
    z.object({
      clusterId: z.string(),
      state: z.enum(['waiting', 'running', 'done', 'partial', 'unreachable', 'cancelled']),
      done: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    }),
  ),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** `capturing` the clusters, then `writing` the file. */
  phase: z.enum(['capturing', 'writing']),
})
export type CaptureProgress = z.infer<typeof CaptureProgress>

/** One field, item or setting that differs between two inventory snapshots. */
export const InventoryChange = z.object({
  category: z.enum([
    'guest',
    'node',
    'storage',
    'backup',
    'replication',
    'ha',
    'firewall',
    'access',
    'pool',
    'cluster',
    /** A guest's or a site's DR level, or a DR flag (see diff-dr.ts). */
    'dr',
  ]),
  kind: z.enum(['added', 'removed', 'changed', 'moved', 'renamed']),
  clusterId: z.string(),
  /** The fleet key of the item (`<clusterId>/qemu/101`, `<clusterId>/node/km4-pve1`…) to link to it, if any. */
  key: z.string().optional(),
  /** What changed, in a few words PVE's way: `VM 101 (naorlo-web01)`, `user noc@pve`, `ACL /vms/120`. */
  subject: z.string(),
  site: z.string().optional(),
  /** The field (config key, `node`, `site`, `status`, `tags`…) for `changed`, `moved`, `renamed`. */
  field: z.string().optional(),
  before: JsonValue.optional(),
  after: JsonValue.optional(),
})
export type InventoryChange = z.infer<typeof InventoryChange>

export const InventoryDiff = z.object({
  from: z.object({ takenAt: IsoTime, sha256: z.string() }),
  to: z.object({ takenAt: IsoTime, sha256: z.string() }),
  changes: z.array(InventoryChange),
})
export type InventoryDiff = z.infer<typeof InventoryDiff>

/**
 * Secrets never written into an inventory snapshot: each rule names where it applies and what is kept.
 * The capture applies them (`redact.ts`) and the README lists them; a test scans a captured file for every
 * secret the simulator knows.
 */
export const REDACTION_RULES: readonly { where: string; keys: string; kept: string }[] = [
  { where: 'guest config and pending (qemu)', keys: 'cipassword', kept: 'nothing: `(redacted)`' },
  {
    where: 'guest config and pending (qemu, lxc)',
    keys: 'sshkeys',
    kept: 'each key as its type, SHA256 fingerprint and comment',
  },
  {
    where: 'guest config and pending',
    keys: 'any key whose name contains password, passwd, secret, token, passphrase, apikey, ticket, csrf, privkey, private-key (or private_key, privatekey) or credential',
    kept: 'nothing',
  },
  {
    where: 'guest config and pending: qemu `args`, raw `lxc.*` keys, a container `env`',
    keys: 'each `NAME=value` inside the value whose NAME is named as in the rule above; `data=` of a QEMU `-object secret`',
    kept: 'the rest of the value, `NAME=(redacted)`',
  },
  {
    where: 'storage definitions',
    keys: 'password, encryption-key, keyring, and any key named as in the rule above',
    kept: 'nothing (master-pubkey, a public key, is kept)',
  },
  {
    where: 'node subscription',
    keys: 'key, signature (an offline key, signed)',
    kept: 'nothing (status, level, product, due date kept)',
  },
  {
    where: 'users',
    keys: 'keys (TFA keys), any key named as for guests, in `tokens` all but tokenid, comment, expire, privsep',
    kept: 'nothing (token ids kept)',
  },
  {
    where:
      'every PVE answer, at any depth (backup jobs, replication, HA, pools, node status and DNS, firewall, guest agent, realms, cluster status…)',
    keys: 'any key named as for guests (but `tokenid`), realms’ `client-key`; any text holding a PEM private key',
    kept: 'nothing',
  },
  { where: 'everything', keys: 'tickets, CSRF tokens, API token secrets, passwords', kept: 'never captured' },
]
