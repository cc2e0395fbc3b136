import type { InventoryCluster, InventoryIssue } from '../../shared/model/inventory-snapshot'
import type { CaptureCluster } from '../inventory/capture/capture-types'

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

/**
 * One read of a cluster's DR lists: status, resources, replication jobs and their state on each online node,
 * backup jobs and archives, HA, and per node its version, subscription and certificates. Used by the app's
 * DrService and by `pvedesk dr`. Skeleton: the DR main lane fills it.
 */
export function readDrCluster(cluster: CaptureCluster, options: DrReadOptions = {}): Promise<DrRead> {
  void options
  return Promise.resolve({
    cluster: {
      id: cluster.id,
      name: cluster.name,
      sites: { ...cluster.sites },
      defaultSite: cluster.defaultSite,
      reach: 'captured',
      nodes: [],
      guests: [],
      storage: {},
      backups: { archives: [] },
      replication: { state: [] },
      ha: {},
      firewall: {},
      access: {},
    },
    issues: [],
  })
}
