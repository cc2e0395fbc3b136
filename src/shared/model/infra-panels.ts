import { z } from 'zod'

import { BackupEntry, PanelGap, RrdData } from './panels'

/** The node, cluster and storage panels (see `panels.ts` for what every panel keeps to). */

const text = z.string().max(8_192)
const short = z.string().max(512)
const num = z.number()

// ——— Node ————————————————————————————————————————————————————————————————————————————————————————————————

export const NodeRequest = z.object({ clusterId: z.string().min(1).max(64), node: short }).strict()
export type NodeRequest = z.infer<typeof NodeRequest>

export const NodeStatusFacts = z.object({
  cpu: num.optional(),
  cpus: z.number().int().optional(),
  cpuModel: short.optional(),
  sockets: z.number().int().optional(),
  loadavg: z.array(num).max(3).optional(),
  wait: num.optional(),
  mem: num.optional(),
  maxmem: num.optional(),
  swap: num.optional(),
  maxswap: num.optional(),
  rootUsed: num.optional(),
  rootTotal: num.optional(),
  uptime: num.optional(),
  kernel: short.optional(),
  /** `pve-manager/9.1.2/…`. */
  pveVersion: short.optional(),
  bootMode: short.optional(),
  /** `boot-info.secureboot` of an EFI boot. */
  secureBoot: z.boolean().optional(),
})
export type NodeStatusFacts = z.infer<typeof NodeStatusFacts>

export const NodeSubscription = z.object({
  /** PVE's status: `active`, `notfound`, `invalid`, `expired`, `suspended`, `new`. */
  status: short,
  level: short.optional(),
  productName: short.optional(),
  nextDueDate: short.optional(),
  regDate: short.optional(),
  message: text.optional(),
})
export type NodeSubscription = z.infer<typeof NodeSubscription>

/** `GET /nodes/{node}/apt/versions`: one package. */
export const PackageVersion = z.object({
  package: short,
  version: short.optional(),
  oldVersion: short.optional(),
  title: short.optional(),
  runningKernel: short.optional(),
  managerVersion: short.optional(),
})
export type PackageVersion = z.infer<typeof PackageVersion>

export const NodeSummaryPanel = z.object({
  status: NodeStatusFacts,
  rrd: RrdData,
  subscription: NodeSubscription.optional(),
  packages: z.array(PackageVersion).max(2_000),
  gaps: z.array(PanelGap),
})
export type NodeSummaryPanel = z.infer<typeof NodeSummaryPanel>

/** `GET /nodes/{node}/network`: one interface. */
export const NetworkInterface = z.object({
  iface: short,
  /** PVE's type: `bridge`, `bond`, `vlan`, `eth`, `alias`, `OVSBridge`… */
  type: short,
  active: z.boolean(),
  autostart: z.boolean(),
  method: short.optional(),
  method6: short.optional(),
  cidr: short.optional(),
  address: short.optional(),
  netmask: short.optional(),
  gateway: short.optional(),
  cidr6: short.optional(),
  gateway6: short.optional(),
  /** A bridge's ports, a bond's slaves: the interfaces under it. */
  members: z.array(short).max(256),
  bondMode: short.optional(),
  vlanId: z.number().int().optional(),
  vlanRawDevice: short.optional(),
  vlanAware: z.boolean().optional(),
  mtu: z.number().int().optional(),
  comments: text.optional(),
})
export type NetworkInterface = z.infer<typeof NetworkInterface>
export const NodeNetworkPanel = z.object({ interfaces: z.array(NetworkInterface).max(2_000) })
export type NodeNetworkPanel = z.infer<typeof NodeNetworkPanel>

/** `GET /nodes/{node}/storage`: one storage as this node sees it. */
export const NodeStorage = z.object({
  storage: short,
  type: short,
  content: z.array(short).max(32),
  enabled: z.boolean(),
  active: z.boolean(),
  shared: z.boolean(),
  used: num.optional(),
  total: num.optional(),
  avail: num.optional(),
})
export type NodeStorage = z.infer<typeof NodeStorage>
export const NodeStoragePanel = z.object({ storages: z.array(NodeStorage).max(1_000) })
export type NodeStoragePanel = z.infer<typeof NodeStoragePanel>

/** `GET /nodes/{node}/disks/list`: one physical disk. */
export const NodeDisk = z.object({
  devpath: short,
  type: short.optional(),
  model: short.optional(),
  serial: short.optional(),
  vendor: short.optional(),
  size: num.optional(),
  /** SMART health (`PASSED`, `FAILED`, `UNKNOWN`). */
  health: short.optional(),
  /** Percent of life left, when the disk reports it. */
  wearout: num.optional(),
  /** What uses it: `LVM`, `ZFS`, `partitions`, `mounted`… */
  used: short.optional(),
  gpt: z.boolean().optional(),
})
export type NodeDisk = z.infer<typeof NodeDisk>
export const NodeDisksPanel = z.object({ disks: z.array(NodeDisk).max(1_000) })
export type NodeDisksPanel = z.infer<typeof NodeDisksPanel>

/** `GET /nodes/{node}/certificates/info`: one certificate file. */
export const NodeCertificate = z.object({
  filename: short,
  subject: text.optional(),
  issuer: text.optional(),
  /** Epoch seconds. */
  notBefore: num.optional(),
  notAfter: num.optional(),
  fingerprint: short.optional(),
  san: z.array(short).max(256),
  publicKeyType: short.optional(),
  publicKeyBits: z.number().int().optional(),
})
export type NodeCertificate = z.infer<typeof NodeCertificate>
export const NodeCertificatesPanel = z.object({ certificates: z.array(NodeCertificate).max(64) })
export type NodeCertificatesPanel = z.infer<typeof NodeCertificatesPanel>

/** One page of `GET /nodes/{node}/syslog?start&limit`: `n` is PVE's 1-based line number. */
export const SyslogPage = z.object({
  lines: z.array(z.object({ n: z.number().int(), t: text })).max(5_000),
  total: z.number().int().optional(),
})
export type SyslogPage = z.infer<typeof SyslogPage>

// ——— Cluster ———————————————————————————————————————————————————————————————————————————————————————————————

export const ClusterRequest = z.object({ clusterId: z.string().min(1).max(64) }).strict()

export const ClusterPanel = z.object({
  /** Absent for a standalone node (no corosync cluster). */
  clusterName: short.optional(),
  quorate: z.boolean().optional(),
  /** Corosync's config version. */
  configVersion: z.number().int().optional(),
  nodes: z
    .array(
      z.object({
        name: short,
        online: z.boolean(),
        nodeid: z.number().int().optional(),
        ip: short.optional(),
        /** The node PVE Desk talks to. */
        local: z.boolean().optional(),
        /** `pve-manager` version on the node (`9.1.2`), from `/nodes/{node}/version`. */
        version: short.optional(),
        release: short.optional(),
        site: short,
      }),
    )
    .max(512),
  /** More than one `version` among the online nodes. */
  mixedVersions: z.boolean(),
  ha: z.object({
    /** PVE's quorum line (`OK`) and the master's node and state. */
    quorum: short.optional(),
    master: z.object({ node: short, state: short.optional() }).optional(),
    lrm: z.array(z.object({ node: short, state: short.optional(), mode: short.optional() })).max(512),
    resources: z.number().int(),
  }),
  totals: z.object({
    nodes: z.number().int(),
    nodesOnline: z.number().int(),
    guests: z.number().int(),
    running: z.number().int(),
    cpu: num.optional(),
    maxcpu: num.optional(),
    mem: num.optional(),
    maxmem: num.optional(),
    disk: num.optional(),
    maxdisk: num.optional(),
  }),
  gaps: z.array(PanelGap),
})
export type ClusterPanel = z.infer<typeof ClusterPanel>

// ——— Storage ———————————————————————————————————————————————————————————————————————————————————————————————

export const StorageRequest = z.object({ clusterId: z.string().min(1).max(64), storage: short }).strict()

export const StoragePanel = z.object({
  storage: short,
  type: short.optional(),
  shared: z.boolean(),
  content: z.array(short).max(32),
  /** Usage as each node sees it (a shared storage has one row per node, usually the same figures). */
  perNode: z
    .array(
      z.object({
        node: short,
        status: short,
        active: z.boolean().optional(),
        enabled: z.boolean().optional(),
        used: num.optional(),
        total: num.optional(),
      }),
    )
    .max(512),
  /** Volumes per content type (`images`, `rootdir`, `backup`, `iso`, `vztmpl`, `snippets`, `import`). */
  contentSummary: z.array(z.object({ content: short, count: z.number().int(), size: num })).max(32),
  /** The storage's backups, newest first (read on one node when shared). */
  backups: z.array(BackupEntry).max(10_000),
  gaps: z.array(PanelGap),
})
export type StoragePanel = z.infer<typeof StoragePanel>
