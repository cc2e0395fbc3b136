import type { ClusterInput } from '../shared/model/cluster-input'
import type { ClusterAccess } from '../main/guests/cluster-access'
import { clientAccess } from '../main/guests/cluster-access'
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
