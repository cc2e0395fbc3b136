import type { InventoryCluster, InventoryIssue, PveObject } from '../../shared/model/inventory-snapshot'
import { BoundedQueue, settle } from '../inventory/capture/bounded-queue'
import { backupStorages, emptyCluster, guestsOf, nodeStates } from '../inventory/capture/capture-plan'
import type { CaptureCluster, LastKnownCluster } from '../inventory/capture/capture-types'
import { byText, integer, stableList, text } from '../inventory/capture/pve-values'
import { redactCluster, redactStorageDefinition, redactSubscription } from '../inventory/capture/redact'
import { readBackupFailures } from '../inventory/capture/backup-failures'
import { DrCalls } from './dr-calls'

export interface DrRead {
  /** The lists the DR evaluation needs, shaped as an inventory snapshot holds them (no guest configurations). */
  cluster: InventoryCluster
  /** The calls that failed (their parts stay absent). */
  issues: InventoryIssue[]
}

export interface DrReadOptions {
  signal?: AbortSignal
  /** Requests in flight for this cluster (default 4). */
  concurrency?: number
  /** Read the backup storages' contents too (the costly part: the service does it less often). */
  backups?: boolean
}

export const DR_CONCURRENCY = 4

const enc = encodeURIComponent

export { emptyCluster }

/**
 * One read of a cluster's DR lists: status, resources, replication jobs and their state on each online node,
 * backup jobs and archives, HA, recent tasks, and per node its version, subscription and certificates. Used by
 * the app's DrService and by `pvedesk dr`. No guest configuration is read: the evaluation needs only the lists.
 * A cluster whose `/version` does not answer is `unreachable`: its last-known data (`cluster.lastKnown`) is
 * returned instead when there is some. Rejects only with `cancelled`.
 */
export async function readDrCluster(cluster: CaptureCluster, options: DrReadOptions = {}): Promise<DrRead> {
  const controller = new AbortController()
  const outer = options.signal
  const abort = (): void => controller.abort()
  if (outer?.aborted === true) controller.abort()
  else outer?.addEventListener('abort', abort, { once: true })
  const queue = new BoundedQueue(options.concurrency ?? DR_CONCURRENCY, controller.signal, cluster.id)
  const calls = new DrCalls(cluster, queue, controller.signal)
  try {
    if (controller.signal.aborted) throw calls.cancelled()
    const read = await readAll(cluster, calls, options.backups ?? true)
    return { cluster: read ?? (await unreachable(cluster, calls, controller.signal)), issues: calls.issues }
  } finally {
    outer?.removeEventListener('abort', abort)
    queue.dispose()
  }
}

/** undefined when the cluster did not answer its first call. */
async function readAll(
  cluster: CaptureCluster,
  calls: DrCalls,
  backups: boolean,
): Promise<InventoryCluster | undefined> {
  const version = await calls.object('/version')
  if (version === undefined) return undefined
  const c = emptyCluster(cluster, 'captured')
  c.version = version
  const major = integer(text(version.version ?? version.release)?.split('.')[0])

  const status = calls.sorted('/cluster/status', ['type', 'name', 'id']).then((v) => {
    if (v === undefined) return undefined
    c.status = v
    const name = text(v.find((e) => e.type === 'cluster')?.name)
    if (name !== undefined) c.clusterName = name
    return v
  })
  const resources = calls.sorted('/cluster/resources', ['id']).then((v) => {
    if (v !== undefined) c.resources = v
    return v
  })
  // storage.cfg says which storage holds backups and which is shared when /cluster/resources does not.
  const definitions = backups
    ? calls.sorted('/storage', ['storage']).then((v) => {
        if (v !== undefined) c.storage.definitions = v.map(redactStorageDefinition)
        return c.storage.definitions
      })
    : Promise.resolve(undefined)
  const perNode = Promise.all([status, resources, definitions]).then(([s, r, d]) =>
    nodes(cluster, calls, c, s, r, d, backups),
  )
  await settle([
    status,
    resources,
    definitions,
    perNode,
    calls.sorted('/cluster/backup', ['id']).then((v) => {
      if (v !== undefined) c.backups.jobs = v
    }),
    calls.sorted('/cluster/backup-info/not-backed-up', ['vmid']).then((v) => {
      if (v !== undefined) c.backups.notBackedUp = v
    }),
    calls.sorted('/cluster/replication', ['id']).then((v) => {
      if (v !== undefined) c.replication.jobs = v
    }),
    calls.sorted('/cluster/ha/status/current', ['id']).then((v) => {
      if (v !== undefined) c.ha.status = v
    }),
    calls.object('/cluster/ha/status/manager_status').then((v) => {
      if (v !== undefined) c.ha.managerStatus = v
    }),
    calls.sorted('/cluster/ha/resources', ['sid']).then((v) => {
      if (v !== undefined) c.ha.resources = v
    }),
    // PVE 9 replaced HA groups by rules (pve-ha-manager 5.0 migrates groups to node-affinity rules).
    major !== undefined && major >= 9
      ? calls.sorted('/cluster/ha/rules', ['rule']).then((v) => {
          if (v !== undefined) c.ha.rules = v
        })
      : calls.sorted('/cluster/ha/groups', ['group']).then((v) => {
          if (v !== undefined) c.ha.groups = v
        }),
    // Newest first as PVE gives them (pve-manager Cluster.pm tasks: sorted by starttime, descending).
    calls.list('/cluster/tasks').then(async (v) => {
      if (v === undefined) return
      c.tasks = v
      const failures = await readBackupFailures(v, (path, params, node) => calls.list(path, params, node))
      if (failures.length > 0) c.backupFailures = failures
    }),
  ])
  c.reach = calls.issues.length > 0 ? 'partial' : 'captured'
  // Each answer as the inventory snapshot would keep it: a secret no rule foresaw is not kept either.
  return redactCluster(c)
}

async function nodes(
  cluster: CaptureCluster,
  calls: DrCalls,
  c: InventoryCluster,
  status: PveObject[] | undefined,
  resources: PveObject[] | undefined,
  definitions: PveObject[] | undefined,
  backups: boolean,
): Promise<void> {
  const states = nodeStates(resources, status)
  c.nodes = [...states].map(([node, state]) => ({
    node,
    site: cluster.sites[node] ?? cluster.defaultSite,
    status: state,
  }))
  c.guests = guestsOf(resources).guests
  const online = new Set(c.nodes.filter((n) => n.status === 'online').map((n) => n.node))
  for (const n of c.nodes)
    if (n.status !== 'online')
      calls.issue(
        `/nodes/${n.node}`,
        n.node,
        'unreachable',
        `node ${n.node} is ${n.status}: nothing was asked of it`,
      )
  const archives = backups ? backupStorages(resources, definitions, online) : new Map<string, string[]>()
  await settle(
    c.nodes
      .filter((n) => online.has(n.node))
      .map(async (n) => {
        const base = `/nodes/${enc(n.node)}`
        const node = n.node
        await settle([
          calls.list(`${base}/replication`, undefined, node).then((v) => {
            if (v !== undefined) c.replication.state.push({ node, entries: stableList(v, 'id') })
          }),
          calls.object(`${base}/version`, undefined, node).then((v) => {
            if (v !== undefined) n.version = v
          }),
          calls.object(`${base}/subscription`, undefined, node).then((v) => {
            if (v !== undefined) n.subscription = redactSubscription(v)
          }),
          calls.sorted(`${base}/certificates/info`, ['filename'], node).then((v) => {
            if (v !== undefined) n.certificates = v
          }),
          ...(archives.get(node) ?? []).map((storage) =>
            calls.list(`${base}/storage/${enc(storage)}/content`, { content: 'backup' }, node).then((v) => {
              if (v !== undefined) c.backups.archives.push({ node, storage, entries: stableList(v, 'volid') })
            }),
          ),
        ])
      }),
  )
  c.backups.archives.sort((a, b) => byText(a.storage, b.storage) || byText(a.node, b.node))
  c.replication.state.sort((a, b) => byText(a.node, b.node))
}

/** The cluster's last-known data under the identity configured now, or an empty unreachable cluster. */
async function unreachable(
  cluster: CaptureCluster,
  calls: DrCalls,
  signal: AbortSignal,
): Promise<InventoryCluster> {
  let last: LastKnownCluster | undefined
  try {
    last = await cluster.lastKnown?.()
  } catch {
    // Last-known data is a courtesy: without it the cluster is still listed, empty and unreachable.
    last = undefined
  }
  if (signal.aborted) throw calls.cancelled()
  if (last === undefined) return emptyCluster(cluster, 'unreachable')
  return redactCluster({
    ...last.cluster,
    id: cluster.id,
    name: cluster.name,
    sites: { ...cluster.sites },
    defaultSite: cluster.defaultSite,
    reach: 'unreachable',
    lastKnown: { at: last.at, source: last.source },
  })
}
