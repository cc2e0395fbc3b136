import { z } from 'zod'

import { AppErrorShape } from '../ipc/errors'
import { PveTask } from './task'

/**
 * What the details panels show of a guest, a node, a cluster and a storage, read from PVE when the panel is shown
 * and normalized in main: every figure PVE may leave out is optional (a stopped guest has no `cpu`, an auditor
 * without `Sys.Audit` sees no subscription), never invented as 0; every text is bounded. Each panel asks one
 * `panel:*` call per refresh (main may make several PVE calls for it), cancelled when the selection moves.
 */

const text = z.string().max(8_192)
const short = z.string().max(512)
const num = z.number()

/** PVE's rrddata timeframes (`GET …/rrddata?timeframe=`). */
export const RrdTimeframe = z.enum(['hour', 'day', 'week', 'month', 'year'])
export type RrdTimeframe = z.infer<typeof RrdTimeframe>
/** PVE's consolidation functions: average or maximum per point. */
export const RrdCf = z.enum(['AVERAGE', 'MAX'])
export type RrdCf = z.infer<typeof RrdCf>

/** The series a chart may draw, by PVE's column names. */
export const RRD_SERIES = [
  'cpu',
  'maxcpu',
  'mem',
  'maxmem',
  'memhost',
  'memused',
  'memtotal',
  'swapused',
  'swaptotal',
  'netin',
  'netout',
  'diskread',
  'diskwrite',
  'disk',
  'maxdisk',
  'rootused',
  'roottotal',
  'loadavg',
  'iowait',
  'pressurecpusome',
  'pressureiosome',
  'pressurememorysome',
] as const
export type RrdSeriesName = (typeof RRD_SERIES)[number]

/**
 * A timeframe of RRD history, columnar as uPlot draws it: `time` in epoch seconds, ascending; each series has
 * one value per time, `null` where PVE has no data (the key left out, or `null`, or not a number). Series PVE
 * did not send at all are absent.
 */
export const RrdData = z.object({
  timeframe: RrdTimeframe,
  cf: RrdCf,
  time: z.array(num).max(5_000),
  series: z.partialRecord(z.enum(RRD_SERIES), z.array(num.nullable()).max(5_000)),
})
export type RrdData = z.infer<typeof RrdData>

/** A part of a panel that could not be read (one storage of several, the agent): the rest is shown. */
export const PanelGap = z.object({ part: short, error: AppErrorShape })
export type PanelGap = z.infer<typeof PanelGap>

// ——— Guest ———————————————————————————————————————————————————————————————————————————————————————————————

export const GuestRequest = z
  .object({ clusterId: z.string().min(1).max(64), vmid: z.number().int().min(100).max(999_999_999) })
  .strict()
export type GuestRequest = z.infer<typeof GuestRequest>

export const ChartRequest = { timeframe: RrdTimeframe, cf: RrdCf }

/** The guest agent's facts (qemu: `agent/get-osinfo`, `agent/network-get-interfaces`; lxc: `…/interfaces`). */
export const GuestAddress = z.object({
  address: short,
  prefix: z.number().int().min(0).max(128).optional(),
  family: z.enum(['ipv4', 'ipv6']),
})
export const GuestInterface = z.object({
  name: short,
  mac: short.optional(),
  addresses: z.array(GuestAddress).max(256),
})
export type GuestInterface = z.infer<typeof GuestInterface>
export const AgentFacts = z.object({
  /**
   * `ok`: answered; `off`: agent not enabled in the config (qemu); `not_running`: the guest is stopped;
   * `no_answer`: enabled but the agent did not answer (PVE's "QEMU guest agent is not running").
   */
  state: z.enum(['ok', 'off', 'not_running', 'no_answer']),
  osName: short.optional(),
  osVersion: short.optional(),
  kernel: short.optional(),
  hostname: short.optional(),
  interfaces: z.array(GuestInterface).max(256),
})
export type AgentFacts = z.infer<typeof AgentFacts>

/** `GET …/status/current`, the figures PVE gives of a guest now. */
export const GuestCurrent = z.object({
  status: short,
  qmpstatus: short.optional(),
  lock: short.optional(),
  uptime: num.optional(),
  cpu: num.optional(),
  cpus: num.optional(),
  mem: num.optional(),
  maxmem: num.optional(),
  disk: num.optional(),
  maxdisk: num.optional(),
  netin: num.optional(),
  netout: num.optional(),
  diskread: num.optional(),
  diskwrite: num.optional(),
  /** `ha.managed` with its state, when HA manages the guest. */
  ha: z.object({ managed: z.boolean(), state: short.optional(), group: short.optional() }).optional(),
  /** QEMU version and machine type the running VM uses. */
  runningQemu: short.optional(),
  runningMachine: short.optional(),
  agentEnabled: z.boolean().optional(),
})
export type GuestCurrent = z.infer<typeof GuestCurrent>

export const GuestSummaryPanel = z.object({
  current: GuestCurrent,
  rrd: RrdData,
  agent: AgentFacts,
  gaps: z.array(PanelGap),
})
export type GuestSummaryPanel = z.infer<typeof GuestSummaryPanel>

/** One line of the guest's configuration, with its pending value (`GET …/pending`). */
export const ConfigEntry = z.object({
  key: short,
  value: text.optional(),
  /** The value that applies at the next start (PVE's `pending`). */
  pending: text.optional(),
  /** PVE's `delete`: 1 removed at the next start, 2 forced. */
  delete: z.boolean().optional(),
})
export type ConfigEntry = z.infer<typeof ConfigEntry>

/** A disk (qemu `scsi0`, `virtio1`…, `efidisk0`, `tpmstate0`; lxc `rootfs`, `mp0`) read from its config line. */
export const GuestDisk = z.object({
  key: short,
  /** `local-lvm:vm-101-disk-0`, a path, or `none` for an empty CD drive. */
  volume: short,
  storage: short.optional(),
  /** PVE's size text (`32G`) and bytes when it reads. */
  size: short.optional(),
  sizeBytes: num.optional(),
  media: short.optional(),
  /** The rest of the line's options, as PVE wrote them (`cache=writeback,discard=on`). */
  options: text,
  /** lxc mount point's path in the container. */
  mountpoint: short.optional(),
  pending: z.boolean(),
})
export type GuestDisk = z.infer<typeof GuestDisk>

/** A network device (qemu `net0`: `virtio=AA:…,bridge=vmbr0,tag=20`; lxc `net0`: `name=eth0,bridge=…,ip=…`). */
export const GuestNic = z.object({
  key: short,
  model: short.optional(),
  mac: short.optional(),
  bridge: short.optional(),
  tag: z.number().int().optional(),
  firewall: z.boolean().optional(),
  linkDown: z.boolean().optional(),
  rate: short.optional(),
  /** lxc: the interface's name and its configured addresses. */
  name: short.optional(),
  ip: short.optional(),
  ip6: short.optional(),
  gw: short.optional(),
  options: text,
  pending: z.boolean(),
})
export type GuestNic = z.infer<typeof GuestNic>

export const GuestConfigPanel = z.object({
  /** Every config key, sorted as PVE's GUI sorts them, pending values beside. */
  entries: z.array(ConfigEntry).max(2_000),
  disks: z.array(GuestDisk).max(512),
  nics: z.array(GuestNic).max(64),
  /** The guest's notes (config `description`), Markdown as the user wrote it. */
  notes: z.string().max(65_536).optional(),
  digest: short.optional(),
})
export type GuestConfigPanel = z.infer<typeof GuestConfigPanel>

/** One backup of the guest on one storage (`GET /nodes/{node}/storage/{storage}/content?content=backup&vmid=`). */
export const BackupEntry = z.object({
  volid: short,
  storage: short,
  vmid: z.number().int().optional(),
  /** Epoch seconds. */
  ctime: num.optional(),
  size: num.optional(),
  format: short.optional(),
  subtype: short.optional(),
  notes: text.optional(),
  protected: z.boolean(),
  /** PBS's verification: `ok`, `failed`, with its task's UPID; absent when never verified (or not PBS). */
  verification: z.object({ state: short, upid: short.optional() }).optional(),
  encrypted: z.boolean().optional(),
})
export type BackupEntry = z.infer<typeof BackupEntry>

export const GuestBackupsPanel = z.object({
  /** Newest first. */
  backups: z.array(BackupEntry).max(10_000),
  /** The storages read (backup content, on the guest's node). */
  storages: z.array(short).max(512),
  gaps: z.array(PanelGap),
})
export type GuestBackupsPanel = z.infer<typeof GuestBackupsPanel>

/** A replication job and its state (`GET /nodes/{node}/replication?guest=`). */
export const ReplicationJob = z.object({
  id: short,
  guest: z.number().int(),
  source: short.optional(),
  target: short,
  schedule: short,
  rate: num.optional(),
  comment: text.optional(),
  disabled: z.boolean(),
  /** Epoch seconds. */
  lastSync: num.optional(),
  nextSync: num.optional(),
  lastTry: num.optional(),
  duration: num.optional(),
  failCount: z.number().int(),
  error: text.optional(),
  /** PVE's `state` when the job runs now (`syncing`). */
  state: short.optional(),
  /** Set when the job is to be removed. */
  removeJob: short.optional(),
})
export type ReplicationJob = z.infer<typeof ReplicationJob>

export const GuestReplicationPanel = z.object({ jobs: z.array(ReplicationJob).max(256) })
export type GuestReplicationPanel = z.infer<typeof GuestReplicationPanel>

/** The guest's HA resource (`/cluster/ha/resources/{sid}`) and its state (`/cluster/ha/status/current`). */
export const GuestHaPanel = z.object({
  /** Absent: HA does not manage the guest. */
  resource: z
    .object({
      sid: short,
      state: short,
      group: short.optional(),
      maxRestart: z.number().int().optional(),
      maxRelocate: z.number().int().optional(),
      failback: z.boolean().optional(),
      comment: text.optional(),
    })
    .optional(),
  /** What the HA manager says of it now: `started`, `fence`, `recovery`, `error`… on which node. */
  status: z
    .object({
      state: short.optional(),
      node: short.optional(),
      crmState: short.optional(),
      request: short.optional(),
    })
    .optional(),
  /** The HA rules (PVE 9) or groups (PVE 8 and before) naming the guest. */
  rules: z.array(z.object({ id: short, kind: short, text: text })).max(256),
  /** Whether the cluster's HA manager has quorum and who is master, for context. */
  manager: z.object({ quorate: z.boolean().optional(), master: short.optional() }).optional(),
  /** The context that could not be read (the manager's status, the rules or groups): the resource still shows. */
  gaps: z.array(PanelGap).optional(),
})
export type GuestHaPanel = z.infer<typeof GuestHaPanel>

/** A firewall rule (`GET …/firewall/rules`), in PVE's order. */
export const FirewallRule = z.object({
  pos: z.number().int(),
  type: short,
  action: short,
  enabled: z.boolean(),
  macro: short.optional(),
  iface: short.optional(),
  source: short.optional(),
  dest: short.optional(),
  proto: short.optional(),
  sport: short.optional(),
  dport: short.optional(),
  log: short.optional(),
  comment: text.optional(),
})
export type FirewallRule = z.infer<typeof FirewallRule>

export const GuestFirewallPanel = z.object({
  /** `GET …/firewall/options`: enable, policy_in, policy_out, log levels, dhcp, ipfilter, macfilter… */
  options: z.record(short, short),
  rules: z.array(FirewallRule).max(5_000),
})
export type GuestFirewallPanel = z.infer<typeof GuestFirewallPanel>

/** A guest's or a node's task history (`GET /nodes/{node}/tasks?vmid=`), newest first. */
export const TaskHistoryPanel = z.object({
  tasks: z.array(PveTask).max(1_000),
  total: z.number().int().optional(),
})
export type TaskHistoryPanel = z.infer<typeof TaskHistoryPanel>
