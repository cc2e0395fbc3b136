import { AppError } from '../../shared/ipc/errors'
import type { ClusterInput } from '../../shared/model/cluster-input'
import type { FleetGuest, FleetItem, FleetNode } from '../../shared/model/fleet'
import type { PermissionMap } from '../../shared/model/permissions'
import { can } from '../../shared/model/permissions'
import { defaultSiteOf } from '../clusters/cluster-config'
import type { ClusterConnection } from '../clusters/cluster-connection'
import type { ClusterRegistry } from '../clusters/cluster-registry'
import { normalizeResources } from '../fleet/normalize'
import type { PveClient } from '../pve/pve-client'

/**
 * What an action needs of one cluster, whether it runs in the app (the live fleet and the cached privileges of
 * the cluster's connection) or in the CLI (a bare client asking PVE each time).
 */
export interface ClusterAccess {
  readonly clusterId: string
  /** Read-only in PVE Desk: nothing that changes anything is sent. */
  readonly readOnly: boolean
  readonly client: PveClient
  /** The guest as the cluster lists it now; `not_found` if it has none with this vmid. */
  guest(vmid: number, signal?: AbortSignal): Promise<FleetGuest>
  /** Whether the user holds any of `privileges` on `path` (a guest's pool given, its roles count). */
  can(path: string, privileges: readonly string[], pool?: string): Promise<boolean>
  /** The site label of a node (the cluster's default site for a node not listed). */
  siteOf(node: string): string
  /** The cluster's nodes with their load and site. */
  nodes(signal?: AbortSignal): Promise<FleetNode[]>
}

const noGuest = (clusterId: string, vmid: number): AppError =>
  new AppError({ code: 'not_found', clusterId, message: `no guest ${vmid} in ${clusterId}` })

const anyOf = (
  permissions: PermissionMap | undefined,
  path: string,
  privileges: readonly string[],
  pool: string | undefined,
): boolean => privileges.some((p) => can(permissions, path, p, pool === undefined ? {} : { pool }))

const siteOfConfig =
  (config: ClusterInput) =>
  (node: string): string =>
    config.sites[node] ?? defaultSiteOf(config)

/**
 * The app's access: the connection's live items (what the operator sees) and its cached `/access/permissions`.
 * The connection is looked up on every call, so a cluster replaced meanwhile (new settings, read-only set) is
 * seen as it is now, never as it was when the access was made.
 */
export function registryAccess(registry: ClusterRegistry, clusterId: string): ClusterAccess {
  const connection = (): ClusterConnection => registry.get(clusterId)
  return {
    clusterId,
    get readOnly() {
      return connection().config.readOnly
    },
    get client() {
      return connection().api
    },
    guest: (vmid) => {
      const found = connection().items.find((i): i is FleetGuest => i.kind === 'guest' && i.vmid === vmid)
      return found === undefined ? Promise.reject(noGuest(clusterId, vmid)) : Promise.resolve(found)
    },
    can: (path, privileges, pool) => Promise.resolve(anyOf(connection().permissions, path, privileges, pool)),
    siteOf: (node) => siteOfConfig(connection().config)(node),
    nodes: () => Promise.resolve(connection().items.filter((i): i is FleetNode => i.kind === 'node')),
  }
}

/** The fleet items of one `/cluster/resources` answer (`bad_response` when it is not a list). */
function itemsOf(cluster: ClusterInput, data: unknown): FleetItem[] {
  if (!Array.isArray(data))
    throw new AppError({
      code: 'bad_response',
      clusterId: cluster.id,
      message: '/cluster/resources is not a list',
    })
  const ctx = { clusterId: cluster.id, sites: cluster.sites, defaultSite: defaultSiteOf(cluster) }
  return [...normalizeResources(data, ctx).items.values()]
}

/**
 * The CLI's access: `/cluster/resources` read when asked, and `/access/permissions?path=<path>` — PVE answers for
 * exactly that path (RPCEnvironment.pm `permissions`, listed even when empty), so `can()` reads what PVE itself
 * will check, pool roles and propagation applied. Each path is asked once per access.
 */
export function clientAccess(cluster: ClusterInput, client: PveClient): ClusterAccess {
  const permissions = new Map<string, Promise<PermissionMap>>()
  const permissionsOf = (path: string): Promise<PermissionMap> => {
    let known = permissions.get(path)
    if (known === undefined) {
      known = client.call('GET', '/access/permissions', { path }).then((data) => readPermissionMap(data))
      // A failed read is not kept: the next check asks again.
      known.catch(() => permissions.delete(path))
      permissions.set(path, known)
    }
    return known
  }
  const resources = async (type: 'vm' | 'node', signal?: AbortSignal): Promise<FleetItem[]> =>
    itemsOf(cluster, await client.call('GET', '/cluster/resources', { type }, signal))
  return {
    clusterId: cluster.id,
    readOnly: cluster.readOnly,
    client,
    guest: async (vmid, signal) => {
      const found = (await resources('vm', signal)).find(
        (i): i is FleetGuest => i.kind === 'guest' && i.vmid === vmid,
      )
      if (found === undefined) throw noGuest(cluster.id, vmid)
      return found
    },
    can: async (path, privileges, pool) => anyOf(await permissionsOf(path), path, privileges, pool),
    siteOf: siteOfConfig(cluster),
    nodes: async (signal) =>
      (await resources('node', signal)).filter((i): i is FleetNode => i.kind === 'node'),
  }
}

/** `{"/vms/100": {"VM.Audit": 1}}`, tolerating PVE's strings for numbers and ignoring anything else. */
export function readPermissionMap(data: unknown): PermissionMap {
  const map: Record<string, Record<string, number>> = {}
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return map
  for (const [path, privileges] of Object.entries(data)) {
    if (privileges === null || typeof privileges !== 'object') continue
    const entry: Record<string, number> = {}
    for (const [privilege, value] of Object.entries(privileges as Record<string, unknown>))
      entry[privilege] = Number(value) > 0 ? 1 : 0
    map[path] = entry
  }
  return map
}
