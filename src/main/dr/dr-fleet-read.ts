import type { InventoryCluster, InventoryIssue } from '../../shared/model/inventory-snapshot'
import type { ClusterConnection } from '../clusters/cluster-connection'
import { captureClusterOf } from '../inventory/capture-clusters'
import type { LastKnownCluster } from '../inventory/capture/capture-types'
import { emptyCluster, readDrCluster } from './dr-read'

/** The last good read of one cluster, and when it answered. */
interface GoodRead {
  cluster: InventoryCluster
  /** Epoch seconds of its answer. */
  at: number
  /** Epoch seconds of the read that last listed the backup storages' contents. */
  backupsAt?: number
}

/** One cluster's part of a read, and the good read it keeps once the whole read completes. */
interface ClusterRead {
  id: string
  cluster: InventoryCluster
  issues: InventoryIssue[]
  good?: GoodRead
}

export interface FleetRead {
  clusters: InventoryCluster[]
  /** Epoch seconds of each cluster's last answer. */
  lastContact: Record<string, number>
  issues: InventoryIssue[]
}

/**
 * The DR reads of every connected cluster, each keeping its last good read: a cluster that stops answering (or
 * whose connection is not online) is evaluated on that read, marked `unreachable` with `lastKnown`, so the report
 * says it is stale rather than that its guests lost their protection. The backup storages' contents are read
 * only on some reads: between them, the last ones read are carried over.
 */
export class DrFleetRead {
  private readonly good = new Map<string, GoodRead>()

  constructor(private readonly concurrency?: number) {}

  async read(
    connections: readonly ClusterConnection[],
    options: { signal: AbortSignal; backups: boolean; now: number },
  ): Promise<FleetRead> {
    const known = new Set(connections.map((c) => c.id))
    for (const id of [...this.good.keys()]) if (!known.has(id)) this.good.delete(id)
    // Every cluster's read ends before this one does (none goes on behind a cancel), and the good reads are kept
    // only when the whole read completes: a cancelled read leaves the fleet as the last completed read left it.
    const settled = await Promise.allSettled(connections.map((c) => this.readOne(c, options)))
    const results: (ClusterRead | undefined)[] = []
    for (const r of settled) {
      if (r.status === 'rejected') throw r.reason
      results.push(r.value)
    }
    const clusters: InventoryCluster[] = []
    const issues: InventoryIssue[] = []
    for (const r of results) {
      if (r === undefined) continue
      if (r.good !== undefined) this.good.set(r.id, r.good)
      clusters.push(r.cluster)
      issues.push(...r.issues)
    }
    const lastContact: Record<string, number> = {}
    for (const [id, g] of this.good) lastContact[id] = g.at
    return { clusters, lastContact, issues }
  }

  /** Every cluster as last read, without asking anything (the targets changed). */
  held(connections: readonly ClusterConnection[]): FleetRead {
    const clusters = connections.flatMap((c) => {
      const g = this.good.get(c.id)
      if (g !== undefined) return [c.status.state === 'online' ? g.cluster : this.stale(c, g)]
      return c.status.state === 'connecting'
        ? []
        : [emptyCluster(captureClusterOf(c, noLastKnown), 'unreachable')]
    })
    const lastContact: Record<string, number> = {}
    for (const [id, g] of this.good) lastContact[id] = g.at
    return { clusters, lastContact, issues: [] }
  }

  private async readOne(
    connection: ClusterConnection,
    options: { signal: AbortSignal; backups: boolean; now: number },
  ): Promise<ClusterRead | undefined> {
    const previous = this.good.get(connection.id)
    const state = connection.status.state
    if (state !== 'online') {
      // Not connected (no session, refused, unreachable): nothing is asked of it.
      const id = connection.id
      if (previous !== undefined) return { id, cluster: this.stale(connection, previous), issues: [] }
      if (state === 'connecting') return undefined
      return {
        id,
        cluster: emptyCluster(captureClusterOf(connection, noLastKnown), 'unreachable'),
        issues: [],
      }
    }
    const backups = options.backups || previous?.backupsAt === undefined
    const lastKnown = (): Promise<LastKnownCluster | undefined> =>
      Promise.resolve(previous === undefined ? undefined : lastKnownOf(previous))
    const read = await readDrCluster(captureClusterOf(connection, lastKnown), {
      signal: options.signal,
      backups,
      ...(this.concurrency === undefined ? {} : { concurrency: this.concurrency }),
    })
    if (read.cluster.reach === 'unreachable') return { id: connection.id, ...read }
    let cluster = read.cluster
    if (!backups)
      cluster = {
        ...cluster,
        storage: previous.cluster.storage,
        backups: { ...cluster.backups, archives: previous.cluster.backups.archives },
      }
    const good = { cluster, at: options.now, backupsAt: backups ? options.now : previous.backupsAt }
    return { id: connection.id, cluster, issues: read.issues, good }
  }

  private stale(connection: ClusterConnection, g: GoodRead): InventoryCluster {
    const { config } = connection
    return {
      ...g.cluster,
      name: config.name,
      reach: 'unreachable',
      lastKnown: { at: new Date(g.at * 1000).toISOString(), source: 'live' },
    }
  }
}

const noLastKnown = (): Promise<undefined> => Promise.resolve(undefined)

function lastKnownOf(g: GoodRead): LastKnownCluster {
  return { at: new Date(g.at * 1000).toISOString(), source: 'live', cluster: g.cluster }
}
