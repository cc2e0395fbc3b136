// The simulated fleet's state: clusters, nodes, guests and storages, kept as PVE's own config and status
// daemons would know them. Views (tests/pve-sim/views) turn it into API responses; live.ts changes it.

import type { AccessConfig } from './access/config'
import type { RoleSet } from './access/privileges'
import { builtinRoles } from './access/privileges'
import type { Task, Timer } from './tasks/engine'
import type { GuestPowerState } from './types'

export type GuestType = 'qemu' | 'lxc'

/** Byte and operation rates that make the counters grow while a guest runs. */
export interface GuestRates {
  netin: number
  netout: number
  diskread: number
  diskwrite: number
}

export interface GuestState {
  vmid: number
  type: GuestType
  name: string
  node: string
  maxcpu: number
  maxmem: number
  /** Boot disk (qemu) or rootfs (lxc) size in bytes. */
  maxdisk: number
  template: boolean
  tags: readonly string[]
  pool?: string
  lock?: string
  /** HA-managed guests report their HA service state (`started`/`stopped`). */
  ha: boolean
  /**
   * While an HA request is being carried out (tasks/ha-agent.ts): the requested state in ha/resources.cfg and
   * the CRM's service state (manager_status), which otherwise follow the guest (`started`/`stopped`).
   */
  haService?: { request: 'started' | 'stopped'; crm?: string; target?: string }
  /** Control API: the error the next migration of this guest fails with, inside its task (used once). */
  migrationFailure?: string
  status: GuestPowerState
  /** A paused VM still counts as running; only status/current tells it apart. */
  paused: boolean
  /** Epoch milliseconds of the last start, meaningful while running. */
  startedAt: number
  /** CPU usage as a fraction of maxcpu. */
  cpu: number
  mem: number
  /** Used rootfs bytes; PVE only sees inside containers, so qemu guests stay 0. */
  disk: number
  rates: GuestRates
  snapshots: Snapshot[]
  /** The snapshot the current state descends from (`parent` in the config). */
  parent?: string
  /**
   * The config's `[PENDING]` section: changes a running guest applies at its next start (values as the config
   * parser types them: numbers for integer options, strings for property strings such as QEMU `memory`).
   */
  pending?: Record<string, string | number>
  /** The pending section's `delete` list; a `!` prefix is a forced delete (`delete: 2` in …/pending). */
  pendingDelete?: string[]
  /** Pending changes a start applied: they are the config now. */
  applied?: Record<string, string | number>
  /** Config keys a start deleted. */
  removed?: string[]
  /** Cloud-init options (QEMU only), as qemu-server stores them. */
  cloudinit?: CloudInit
  /** `agent: 1` in the config; undefined: the scenario default (every VM but the Windows ones). */
  agent?: boolean
  /** The storage holding its disk (default `local-lvm`; `local-zfs` for replicated guests, `ceph-vm` shared). */
  diskStorage?: string
  /** The usage the figures drift around while it runs (set when it starts). */
  usageMean?: { cpu: number; mem: number }
  /** The config's `description` (the Notes panel: Markdown, as the GUI renders it). */
  notes?: string
  /** Earlier runs (epoch ms, oldest first, the last few only): the RRD history has samples there. */
  runs?: { from: number; to: number }[]
}

/** What qemu-server keeps of cloud-init in the VM config (API2/Qemu.pm `update_vm_api`). */
export interface CloudInit {
  ciuser: string
  /**
   * Stored as given for Windows ostypes, otherwise as a crypt(3) SHA-256 hash (`$5$…`, PVE::Tools::encrypt_pw);
   * the API shows it as `**********` only.
   */
  cipassword?: string
  /** OpenSSH public keys, one a line, URI-escaped (URI::Escape::uri_escape) as the config holds them. */
  sshkeys?: string
  ipconfig0: string
  nameserver?: string
  searchdomain?: string
}

export interface Snapshot {
  name: string
  description: string
  /** Epoch seconds. */
  snaptime: number
  /** RAM saved with the snapshot (qemu only). */
  vmstate: boolean
  parent?: string
}

/** A backup archive on a storage (`vzdump-…` file or PBS snapshot). */
export interface BackupVolume {
  storage: string
  /** The node whose local storage holds it; for a shared storage, the node that wrote it. */
  node: string
  volid: string
  vmid: number
  subtype: GuestType
  format: string
  size: number
  /** Epoch seconds. */
  ctime: number
  notes?: string
  protected?: boolean
  /** PBS only: the last verification. */
  verification?: { state: 'ok' | 'failed'; upid: string }
}

/** A storage replication job (`<vmid>-<jobnum>`), with what its last runs left behind. */
export interface ReplicationJob {
  guest: number
  jobnum: number
  target: string
  schedule: string
  comment?: string
  /** The error of the last run while it keeps failing. */
  failure?: string
  /**
   * Control API `…/break`: epoch seconds of the first failed run, and the last good sync before it (kept, as
   * ReplicationState.pm `record_job_end` keeps `last_sync` on error). Unset with a failure: it never synced.
   */
  broken?: {
    at: number
    lastSync: number
    /** Failed runs before `at` (a schedule_now restarts the retries from a new failed run). */
    before?: number
  }
  /** Epoch seconds of the last run asked for with schedule_now (or of its creation), 0 if none. */
  forcedAt: number
  /** Epoch seconds of its creation through POST /cluster/replication (unset: the scenario's own jobs). */
  createdAt?: number
  rate?: number
  disable?: boolean
}

/** A scheduled backup job (jobs.cfg `vzdump:` section). */
export interface BackupJob {
  id: string
  schedule: string
  storage: string
  enabled: boolean
  mode: 'snapshot' | 'suspend' | 'stop'
  compress: string
  comment?: string
  /** Exactly one of vmid (comma list), all, pool says what it covers. */
  vmid?: string
  all?: boolean
  pool?: string
  exclude?: string
  notesTemplate?: string
  prune: Record<string, number>
}

export interface NodeState {
  name: string
  site: string
  /** corosync node id; 0 on a standalone node. */
  nodeid: number
  online: boolean
  bootedAt: number
  maxcpu: number
  maxmem: number
  /** What the host itself uses besides its guests. */
  baseCpu: number
  baseMem: number
  /** /etc/subscription as proxmox-subscription keeps it. */
  subscription: SubscriptionState
  /** /etc/resolv.conf. */
  dns: { search: string; dns1: string; dns2?: string; dns3?: string }
  /** /etc/timezone. */
  timezone: string
  /** pve-manager of a node that lags behind its cluster's release (same major): `/nodes/{node}/version`. */
  managerVersion?: { version: string; repoid: string }
  /** Packages whose installed version differs from the release's (a node that lags behind). */
  packageVersions?: Record<string, string>
  /** Days until pve-ssl.pem expires (default: two years after an install a month ago). */
  certificateDays?: number
  /** Days until the custom pveproxy-ssl.pem it serves instead expires (none: it serves pve-ssl.pem). */
  proxyCertificateDays?: number
  /**
   * Times (epoch ms) the node was offline or its pvestatd wrote nothing: no RRD samples there, for it and its
   * guests. An open one (`to` unset) is the stop going on now.
   */
  outages?: { from: number; to?: number }[]
}

export interface SubscriptionState {
  status: 'new' | 'notfound' | 'active' | 'invalid' | 'expired' | 'suspended'
  /** `pve<sockets><level>-<10 hex>` (a secret: it appears in sim.secretValues()). */
  key?: string
  /** c(ommunity), b(asic), s(tandard), p(remium). */
  level?: string
  productname?: string
  regdate?: string
  nextduedate?: string
  /** Epoch seconds of the last check against the shop. */
  checktime?: number
  message?: string
}

export type StoragePlugin = 'dir' | 'lvmthin' | 'pbs' | 'zfspool' | 'nfs' | 'rbd'

export interface StorageState {
  node: string
  storage: string
  plugintype: StoragePlugin
  /** Comma list, in the order storage.cfg has it. */
  content: string
  shared: boolean
  disk: number
  maxdisk: number
  /** PBS only: the datastore namespace this cluster writes to (two clusters share one datastore apart). */
  namespace?: string
}

export interface ClusterState {
  id: string
  name: string
  /** A standalone node has no corosync cluster: no cluster entry, no `clustername`. */
  clustered: boolean
  version: string
  release: string
  repoid: string
  /** corosync.conf config_version, reported in /cluster/status. */
  configVersion: number
  nodes: NodeState[]
  guests: GuestState[]
  storages: StorageState[]
  pools: string[]
  /** user.cfg, domains.cfg and tfa.cfg: realms, users, groups, roles, ACLs and tokens. */
  access: AccessConfig
  /** Every task of every node, oldest first (the cluster-wide task list). */
  tasks: Task[]
  /** Effects due later with no task of their own (the HA manager's rounds), see tasks/engine.ts `schedule`. */
  timers?: Timer[]
  backups: BackupVolume[]
  replication: ReplicationJob[]
  backupJobs: BackupJob[]
  /** cluster.fw: options, aliases, IP sets (security groups and rules live in views/firewall.ts). */
  firewall: FirewallState
  /** ha/groups.cfg (PVE 8; PVE 9 migrated groups to rules). */
  haGroups: HaGroup[]
  /** ha/rules.cfg (PVE 9), in file order. */
  haRules: HaRule[]
  /**
   * Control API `/clusters/{id}/quorum`: corosync has lost quorum although the nodes still answer (a network
   * partition: every node sees only itself). False (always set, so that reset() clears it): votes decide.
   */
  quorumLost: boolean
}

export interface FirewallState {
  options: Record<string, string | number>
  aliases: { name: string; cidr: string; comment?: string }[]
  ipsets: {
    name: string
    comment?: string
    entries: { cidr: string; comment?: string; nomatch?: boolean }[]
  }[]
}

export interface HaGroup {
  group: string
  /** `node[:priority]` comma list. */
  nodes: string
  restricted?: boolean
  nofailback?: boolean
  comment?: string
}

export type HaRule =
  | {
      rule: string
      type: 'node-affinity'
      resources: string[]
      /** `node[:priority]` entries. */
      nodes: string[]
      strict?: boolean
      disable?: boolean
      comment?: string
    }
  | {
      rule: string
      type: 'resource-affinity'
      resources: string[]
      affinity: 'positive' | 'negative'
      disable?: boolean
      comment?: string
    }

/** Which version-dependent fields a cluster's responses carry. */
export interface ApiFeatures {
  /** 9.x lists SDN zones as `network` entries instead of `sdn` ones. */
  networkEntries: boolean
  /** 9.x adds `memhost` to running qemu guests. */
  memhost: boolean
  /** 9.x adds `host-arch` to node entries. */
  hostArch: boolean
}

export function featuresOf(cluster: ClusterState): ApiFeatures {
  const v9 = majorOf(cluster) >= 9
  return { networkEntries: v9, memhost: v9, hostArch: v9 }
}

export const majorOf = (cluster: ClusterState): number => Number(cluster.version.split('.')[0])

const roleSets = new Map<number, RoleSet>()

/** The built-in roles and valid privileges of the cluster's PVE major version. */
export function rolesOf(cluster: ClusterState): RoleSet {
  const major = majorOf(cluster)
  let set = roleSets.get(major)
  if (set === undefined) {
    set = builtinRoles(major)
    roleSets.set(major, set)
  }
  return set
}

export function findNode(cluster: ClusterState, name: string): NodeState | undefined {
  return cluster.nodes.find((n) => n.name === name)
}

export function findGuest(cluster: ClusterState, vmid: number): GuestState | undefined {
  return cluster.guests.find((g) => g.vmid === vmid)
}

export function isNodeOnline(cluster: ClusterState, name: string): boolean {
  return findNode(cluster, name)?.online ?? false
}

/** A corosync cluster is quorate while more than half of its votes are online. */
export function isQuorate(cluster: ClusterState): boolean {
  if (cluster.quorumLost) return false
  const online = cluster.nodes.filter((n) => n.online).length
  return online * 2 > cluster.nodes.length
}

export const secondsSince = (epochMs: number, now: number): number =>
  Math.max(0, Math.floor((now - epochMs) / 1000))

/** pmxcfs refuses writes without quorum (PVE::Cluster `check_cfs_quorum`). */
export const NO_QUORUM = 'cluster not ready - no quorum?\n'

/** A control request that names something absent (`not_found`) or asks the impossible (`conflict`). */
export class SimError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict',
    message: string,
  ) {
    super(message)
  }
}
