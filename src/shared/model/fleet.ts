import { z } from 'zod'

import { AppErrorShape } from '../ipc/errors'

/**
 * The fleet model: what the renderer shows, normalized from Proxmox VE's `/cluster/resources` of every cluster.
 * Every item has a `key` unique across the fleet (`<clusterId>/<PVE resource id>`), so the renderer can key
 * its stores and the delta diff by it. Figures absent on the wire (stopped guests, no `Sys.Audit`) are absent
 * here too rather than invented as 0.
 */

const usage = {
  cpu: z.number().optional(),
  maxcpu: z.number().optional(),
  mem: z.number().optional(),
  maxmem: z.number().optional(),
  disk: z.number().optional(),
  maxdisk: z.number().optional(),
  uptime: z.number().optional(),
}

const base = { key: z.string(), clusterId: z.string() }

export const NodeStatus = z.enum(['online', 'offline', 'unknown'])
export type NodeStatus = z.infer<typeof NodeStatus>

export const FleetNode = z.object({
  ...base,
  kind: z.literal('node'),
  node: z.string(),
  /** The site label the user gave this node (a location, not a Proxmox concept). */
  site: z.string(),
  status: NodeStatus,
  level: z.string().optional(),
  ...usage,
})
export type FleetNode = z.infer<typeof FleetNode>

/** `running`/`stopped` as PVE reports; `unknown` when the node carrying the guest is offline. */
export const GuestStatus = z.enum(['running', 'stopped', 'unknown'])
export type GuestStatus = z.infer<typeof GuestStatus>

export const FleetGuest = z.object({
  ...base,
  kind: z.literal('guest'),
  type: z.enum(['qemu', 'lxc']),
  vmid: z.number().int(),
  node: z.string(),
  name: z.string(),
  status: GuestStatus,
  /** QEMU's run state when known (`paused`, `prelaunch`…): PVE reports a paused VM as `running`. */
  qmpstatus: z.string().optional(),
  template: z.boolean(),
  lock: z.string().optional(),
  tags: z.array(z.string()),
  pool: z.string().optional(),
  hastate: z.string().optional(),
  netin: z.number().optional(),
  netout: z.number().optional(),
  ...usage,
})
export type FleetGuest = z.infer<typeof FleetGuest>

export const FleetStorage = z.object({
  ...base,
  kind: z.literal('storage'),
  node: z.string(),
  storage: z.string(),
  plugintype: z.string().optional(),
  status: z.string(),
  shared: z.boolean(),
  content: z.array(z.string()),
  disk: z.number().optional(),
  maxdisk: z.number().optional(),
})
export type FleetStorage = z.infer<typeof FleetStorage>

export const FleetPool = z.object({ ...base, kind: z.literal('pool'), pool: z.string() })
export type FleetPool = z.infer<typeof FleetPool>

export const FleetItem = z.discriminatedUnion('kind', [FleetNode, FleetGuest, FleetStorage, FleetPool])
export type FleetItem = z.infer<typeof FleetItem>

/** Connection state of one cluster, as the operator needs to see it. */
export const ClusterState = z.enum(['connecting', 'online', 'unreachable', 'error'])
export type ClusterState = z.infer<typeof ClusterState>

/**
 * How one endpoint of a cluster fares, apart from the others: fail-over must not hide that one node presents
 * another certificate. `ok`: answered, or presented its pinned certificate; `unknown`: not tried yet.
 */
export const EndpointState = z.enum([
  'unknown',
  'ok',
  'tls_untrusted',
  'unreachable',
  'timeout',
  'bad_response',
])
export type EndpointState = z.infer<typeof EndpointState>

export const EndpointHealth = z.object({
  url: z.string(),
  /** The node behind the endpoint, when the configuration names it. */
  node: z.string().optional(),
  state: EndpointState,
  /** The pinned SHA-256 fingerprint (absent: the system CAs decide). */
  expected: z.string().optional(),
  /** The fingerprint the endpoint presented when it did not match `expected`. */
  presented: z.string().optional(),
  /** What went wrong last, while `state` is not `ok`. */
  error: AppErrorShape.optional(),
  /** When the endpoint last answered or presented its pinned certificate (epoch ms), or null if never. */
  lastOkAt: z.number().nullable(),
})
export type EndpointHealth = z.infer<typeof EndpointHealth>

/** The endpoints whose certificate changed: PVE Desk sends them nothing until the user pins the new one. */
export const changedCertificates = (status: Pick<ClusterStatus, 'endpoints'>): EndpointHealth[] =>
  (status.endpoints ?? []).filter(
    (e) => e.state === 'tls_untrusted' && e.expected !== undefined && e.presented !== undefined,
  )

export const ClusterStatus = z.object({
  clusterId: z.string(),
  state: ClusterState,
  /** True when the data shown is last-known data from an earlier successful poll. */
  stale: z.boolean(),
  /** When the inventory was last refreshed successfully (epoch ms), or null if never. */
  lastUpdated: z.number().nullable(),
  /** The endpoint (node) serving the connection right now. */
  servedBy: z.string().optional(),
  /** Proxmox VE version reported by the cluster. */
  version: z.string().optional(),
  /** Cluster name as PVE reports it (`clustername`), absent for a standalone node. */
  clusterName: z.string().optional(),
  /** The last error, while state is `unreachable` or `error`. */
  error: AppErrorShape.optional(),
  /** When the next attempt is due while backing off (epoch ms). */
  nextAttemptAt: z.number().optional(),
  /** Each endpoint's own trust and health, in the configured order. */
  endpoints: z.array(EndpointHealth).optional(),
})
export type ClusterStatus = z.infer<typeof ClusterStatus>

/** How PVE Desk logs in to a cluster: a user's password (ticket session) or an API token. No secret here. */
export const ClusterAuth = z.discriminatedUnion('kind', [
  /** `username` is `user@realm`. */
  z.object({ kind: z.literal('password'), username: z.string() }),
  /** `tokenId` is `user@realm!name`. */
  z.object({ kind: z.literal('token'), tokenId: z.string() }),
])
export type ClusterAuth = z.infer<typeof ClusterAuth>

/** What the renderer knows of a cluster's configuration: never a secret, only whether one is stored. */
export const ClusterSummary = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string().optional(),
  readOnly: z.boolean(),
  endpoints: z.array(
    z.object({ url: z.string(), node: z.string().optional(), fingerprint: z.string().optional() }),
  ),
  auth: ClusterAuth.optional(),
  /** Whether the OS keychain holds this cluster's password or token secret. */
  hasCredential: z.boolean().default(false),
  /** Site label of each node by node name; nodes not listed belong to `defaultSite`. */
  sites: z.record(z.string(), z.string()),
  defaultSite: z.string(),
})
export type ClusterSummary = z.infer<typeof ClusterSummary>

/** A change of one cluster's inventory. `seq` grows by one per delta, per cluster. */
export const FleetDelta = z.object({
  clusterId: z.string(),
  seq: z.number().int(),
  upserts: z.array(FleetItem),
  removed: z.array(z.string()),
})
export type FleetDelta = z.infer<typeof FleetDelta>

/** The whole fleet at one moment: the starting point to which deltas with a larger `seq` apply. */
export const FleetState = z.object({
  clusters: z.array(
    z.object({
      summary: ClusterSummary,
      status: ClusterStatus,
      seq: z.number().int(),
      items: z.array(FleetItem),
      /** The user's effective privileges per ACL path (`GET /access/permissions`), once logged in. */
      permissions: z.record(z.string(), z.record(z.string(), z.number())).optional(),
    }),
  ),
})
export type FleetState = z.infer<typeof FleetState>

/** A cluster's effective privileges changed (new session, renewed session). */
export const ClusterPermissions = z.object({
  clusterId: z.string(),
  permissions: z.record(z.string(), z.record(z.string(), z.number())),
})
export type ClusterPermissions = z.infer<typeof ClusterPermissions>
