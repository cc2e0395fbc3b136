import { AppError } from '../../../shared/ipc/errors'
import type { ClusterPanel } from '../../../shared/model/infra-panels'
import type { PanelGap } from '../../../shared/model/panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import type { Raw } from '../pve-read'
import { defined, flagOf, integer, record, records, text, truthy } from '../pve-read'
import { haFacts } from './cluster-ha'
import { eachBounded, get, nodePath, part, partAsker, stopIfCancelled } from './parts'

type ClusterNode = ClusterPanel['nodes'][number]

/** Nodes a cluster lists, at most (corosync's own limit is far lower). */
const MAX_NODES = 512
/** `/nodes/{node}/version` calls in flight at once: a 30-node cluster is asked a few at a time. */
export const VERSION_CONCURRENCY = 4
/** `/cluster/resources` rows walked for the totals. */
const MAX_RESOURCES = 100_000

/**
 * `GET /cluster/status` (pve-manager API2/ClusterConfig.pm `status` via PVE::Cluster): one `cluster` entry when
 * the node is in a corosync cluster (name, `quorate`, config `version`), one `node` entry per node. A standalone
 * node lists only itself: no cluster name, no quorum to speak of.
 */
export function clusterStatus(
  access: ClusterAccess,
  data: unknown,
): Pick<ClusterPanel, 'clusterName' | 'quorate' | 'configVersion' | 'nodes'> {
  const rows = records(data)
  const cluster = rows.find((r) => r.type === 'cluster')
  const nodes = rows
    .filter((r) => r.type === 'node')
    .slice(0, MAX_NODES)
    .flatMap((r): ClusterNode[] => {
      const name = text(r.name)
      if (name === undefined) return []
      return [
        defined({
          name,
          online: truthy(r.online),
          nodeid: integer(r.nodeid),
          ip: text(r.ip),
          local: flagOf(r.local),
          site: access.siteOf(name),
        }),
      ]
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  if (cluster === undefined) return { nodes }
  return defined({
    clusterName: text(cluster.name),
    quorate: flagOf(cluster.quorate),
    configVersion: integer(cluster.version),
    nodes,
  })
}

/** The cluster's nodes from the fleet (the connection's items), when `/cluster/status` is refused. */
async function fleetNodes(access: ClusterAccess, signal?: AbortSignal): Promise<ClusterNode[]> {
  const nodes = await access.nodes(signal)
  return nodes
    .slice(0, MAX_NODES)
    .map((n) => ({ name: n.node, online: n.status === 'online', site: n.site }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

const sum = (rows: Raw[], field: string): number | undefined => {
  let total: number | undefined
  for (const row of rows) {
    const v = row[field]
    if (typeof v === 'number' && Number.isFinite(v)) total = (total ?? 0) + v
  }
  return total
}

/**
 * The totals of one `GET /cluster/resources` answer: nodes online, guests and those running (templates count as
 * guests, never as running), CPU as cores in use over cores, memory, and storage as PVE's Datacenter summary
 * counts it (pve-manager www/manager6/dc/Summary.js: a shared storage once, a local one per node).
 */
export function clusterTotals(data: unknown): ClusterPanel['totals'] {
  const rows = records(data, MAX_RESOURCES)
  const nodes = rows.filter((r) => r.type === 'node')
  const online = nodes.filter((r) => r.status === 'online')
  const guests = rows.filter((r) => r.type === 'qemu' || r.type === 'lxc')
  const seenShared = new Set<unknown>()
  const storages = rows.filter((r) => {
    if (r.type !== 'storage' || r.status !== 'available') return false
    if (!truthy(r.shared)) return true
    if (seenShared.has(r.storage)) return false
    seenShared.add(r.storage)
    return true
  })
  const cores = online.map((r) => {
    const cpu = typeof r.cpu === 'number' ? r.cpu : NaN
    const max = typeof r.maxcpu === 'number' ? r.maxcpu : NaN
    return { used: cpu * max, max }
  })
  const maxcpu = sum(cores, 'max')
  const used = sum(cores, 'used')
  return defined({
    nodes: nodes.length,
    nodesOnline: online.length,
    guests: guests.length,
    running: guests.filter((g) => g.status === 'running' && !truthy(g.template)).length,
    cpu: used !== undefined && maxcpu !== undefined && maxcpu > 0 ? used / maxcpu : undefined,
    maxcpu,
    mem: sum(online, 'mem'),
    maxmem: sum(online, 'maxmem'),
    disk: sum(storages, 'disk'),
    maxdisk: sum(storages, 'maxdisk'),
  })
}

/** Whether the online nodes that told their version do not all run the same one. */
export const mixedVersionsOf = (nodes: readonly ClusterNode[]): boolean =>
  new Set(nodes.filter((n) => n.online && n.version !== undefined).map((n) => n.version)).size > 1

/**
 * The cluster panel: `/cluster/status`, the HA manager (`status/current` and `status/manager_status`) and
 * `/cluster/resources` (the totals: one call gives nodes, guests and storages alike, in the app as in the CLI)
 * at once, then each online node's `/nodes/{node}/version`, a few at a time. Each refused part is a gap; when
 * the node list itself cannot be read from PVE, the fleet's nodes stand in.
 */
export async function readCluster(access: ClusterAccess, signal?: AbortSignal): Promise<ClusterPanel> {
  const gaps: PanelGap[] = []
  const ask = partAsker(access, gaps, signal)
  const [status, current, manager, totals] = await Promise.all([
    ask('cluster/status', '/cluster/status', (d) => clusterStatus(access, d)),
    ask('ha/status/current', '/cluster/ha/status/current', (d) => d),
    ask('ha/status/manager_status', '/cluster/ha/status/manager_status', (d) => d),
    ask('cluster/resources', '/cluster/resources', clusterTotals),
  ])
  stopIfCancelled(access, signal)
  const first = gaps[0]
  if (gaps.length === 4 && first !== undefined) throw new AppError(first.error)
  const listed = status ?? { nodes: await fleetNodes(access, signal) }
  const nodes = await eachBounded(access, listed.nodes, VERSION_CONCURRENCY, signal, async (node) => {
    if (!node.online) return node
    const version = await part(access, gaps, `nodes/${node.name}/version`, signal, async () =>
      record(await get(access, `${nodePath(access, node.name)}/version`, {}, signal)),
    )
    return defined({ ...node, version: text(version?.version), release: text(version?.release) })
  })
  return {
    ...listed,
    nodes,
    mixedVersions: mixedVersionsOf(nodes),
    ha: haFacts(current, manager),
    totals: totals ?? {
      nodes: nodes.length,
      nodesOnline: nodes.filter((n) => n.online).length,
      guests: 0,
      running: 0,
    },
    gaps,
  }
}
