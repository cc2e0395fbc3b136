import { AppError } from '../shared/ipc/errors'
import type { ClusterInput } from '../shared/model/cluster-input'
import type { FleetGuest, FleetItem, FleetNode } from '../shared/model/fleet'
import type { PermissionMap } from '../shared/model/permissions'
import { can } from '../shared/model/permissions'
import { defaultSiteOf } from '../main/clusters/cluster-config'
import type { ClusterAccess } from '../main/guests/cluster-access'
import { clientAccess, readPermissionMap } from '../main/guests/cluster-access'
import type { PveClient } from '../main/pve/pve-client'
import type { CliContext } from './context'
import { clientFor, findCluster } from './context'
import { usage } from './cli-options'

/** `CLUSTER/VMID` as the guest commands take it. */
export function parseGuestTarget(text: string): { clusterId: string; vmid: number } {
  const match = /^([a-z0-9][a-z0-9-]*)\/(\d{3,9})$/.exec(text)
  if (match?.[1] === undefined || match[2] === undefined) throw usage(`expected CLUSTER/VMID, got ${text}`)
  return { clusterId: match[1], vmid: Number(match[2]) }
}

export interface OpenCluster {
  cluster: ClusterInput
  client: PveClient
  access: ClusterAccess
}

/**
 * Runs `work` with a client and the guests lane's ClusterAccess over it (`/cluster/resources` and
 * `/access/permissions?path=`, as the app's actions check them); the client goes afterwards, whatever happens.
 */
export async function withCluster<T>(
  ctx: CliContext,
  clusterId: string,
  work: (open: OpenCluster) => Promise<T>,
): Promise<T> {
  const cluster = findCluster(ctx, clusterId)
  const client = await clientFor(ctx, cluster)
  try {
    return await work({ cluster, client, access: clientAccess(cluster, client) })
  } finally {
    client.dispose()
  }
}

/** One read of a cluster for a bulk run: every kind of `/cluster/resources` and the whole `/access/permissions`. */
export interface ClusterRead {
  items: FleetItem[]
  permissions: PermissionMap
}

export interface ReadAccessOptions {
  /** Reads the cluster again (a guest not found, or the read grown old). */
  reread: () => Promise<ClusterRead>
  /** Least time between two reads of the cluster (default 5 s). */
  minIntervalMs?: number
  /** A read older than this is done again before the next action (default 30 s). */
  maxAgeMs?: number
  /** Monotonic milliseconds (tests step it). */
  now?: () => number
}

/**
 * The CLI's access for a bulk run: the cluster as `pvedesk bulk` read it to plan, not asked again for each guest
 * (40 guests were 40 `/cluster/resources` and 40 `/access/permissions` reads). It is read again, at most once per
 * `minIntervalMs` and never twice at once, when a guest is not in it (created or moved meanwhile) or the read is
 * older than `maxAgeMs` (a long run: a guest HA moved). A privilege the whole map refuses is asked of PVE for
 * that exact path (the map cannot show everything: see shared/model/permissions.ts), once per path and read.
 */
export function readAccess(
  cluster: ClusterInput,
  client: PveClient,
  first: ClusterRead,
  options: ReadAccessOptions,
): ClusterAccess {
  const now = options.now ?? ((): number => performance.now())
  const minIntervalMs = options.minIntervalMs ?? 5_000
  const maxAgeMs = options.maxAgeMs ?? 30_000
  let current = first
  let readAt = now()
  let reading: Promise<void> | undefined
  let exact = new Map<string, Promise<PermissionMap>>()
  const reread = (): Promise<void> => {
    if (reading !== undefined) return reading
    if (now() - readAt < minIntervalMs) return Promise.resolve()
    reading = options
      .reread()
      .then((read) => {
        current = read
        exact = new Map()
      })
      .finally(() => {
        // A failed read counts too: a cluster that does not answer is not asked again for every guest.
        readAt = now()
        reading = undefined
      })
    return reading
  }
  const fresh = async (): Promise<ClusterRead> => {
    // An old read that cannot be renewed is still what the plan was made from: it is used as it is.
    if (now() - readAt >= maxAgeMs) await reread().catch(() => undefined)
    return current
  }
  const find = (vmid: number): FleetGuest | undefined =>
    current.items.find((i): i is FleetGuest => i.kind === 'guest' && i.vmid === vmid)
  const exactly = (path: string): Promise<PermissionMap> => {
    let known = exact.get(path)
    if (known === undefined) {
      known = client.call('GET', '/access/permissions', { path }).then((data) => readPermissionMap(data))
      known.catch(() => exact.delete(path))
      exact.set(path, known)
    }
    return known
  }
  const anyOf = (map: PermissionMap, path: string, privileges: readonly string[], pool?: string): boolean =>
    privileges.some((p) => can(map, path, p, pool === undefined ? {} : { pool }))
  return {
    clusterId: cluster.id,
    readOnly: cluster.readOnly,
    client,
    guest: async (vmid) => {
      await fresh()
      let found = find(vmid)
      if (found === undefined) {
        await reread()
        found = find(vmid)
      }
      if (found === undefined)
        throw new AppError({
          code: 'not_found',
          clusterId: cluster.id,
          message: `no guest ${vmid} in ${cluster.id}`,
        })
      return found
    },
    can: async (path, privileges, pool) =>
      anyOf((await fresh()).permissions, path, privileges, pool) ||
      anyOf(await exactly(path), path, privileges, pool),
    siteOf: (node) => cluster.sites[node] ?? defaultSiteOf(cluster),
    nodes: async () => (await fresh()).items.filter((i): i is FleetNode => i.kind === 'node'),
  }
}
