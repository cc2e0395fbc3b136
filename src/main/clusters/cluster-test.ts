import { AppError } from '../../shared/ipc/errors'
import type { ClusterInput, TestVerdict } from '../../shared/model/cluster-input'
import { PveClient } from '../pve/pve-client'
import type { Credential } from '../pve/session'

/**
 * "Test connection": logs in with a draft configuration and says what answered — version, cluster name, nodes —
 * without saving anything. The client it builds is disposed before returning.
 */
export async function testConnection(
  input: ClusterInput,
  credential: Credential,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<TestVerdict> {
  const client = new PveClient(
    input.id,
    input.endpoints,
    { get: () => Promise.resolve(credential) },
    { timeoutMs },
  )
  try {
    const version = (await client.call('GET', '/version', undefined, signal)) as { version?: unknown } | null
    if (typeof version?.version !== 'string') {
      throw new AppError({ code: 'bad_response', clusterId: input.id, message: '/version has no version' })
    }
    return {
      version: version.version,
      nodes: await listNodes(client, signal),
      servedBy: client.servedBy,
      ...(client.clusterName === undefined ? {} : { clusterName: client.clusterName }),
    }
  } finally {
    client.dispose()
  }
}

/**
 * Before a re-pin is stored: logs in with the typed secret to the re-pinned endpoint alone, through its new pin.
 * A typo (or junk from a compromised renderer) fails here with `auth_failed`, so the stored secret that still
 * works on the other nodes is never replaced by it; and the login goes only to the certificate the user trusted.
 */
export async function testRepin(
  pinned: ClusterInput,
  url: string,
  credential: Credential,
  timeoutMs: number,
): Promise<TestVerdict> {
  return testConnection(
    { ...pinned, endpoints: pinned.endpoints.filter((e) => e.url === url) },
    credential,
    timeoutMs,
  )
}

/** `/cluster/status` names every member with its state; a user without `Sys.Audit` on `/` still sees `/nodes`. */
async function listNodes(client: PveClient, signal: AbortSignal | undefined): Promise<TestVerdict['nodes']> {
  try {
    const status = await client.call('GET', '/cluster/status', undefined, signal)
    if (Array.isArray(status)) {
      return status
        .map((e) => e as { type?: unknown; name?: unknown; online?: unknown })
        .filter((e) => e.type === 'node' && typeof e.name === 'string')
        .map((e) => ({ node: String(e.name), online: Number(e.online) === 1 }))
    }
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'forbidden') throw error
  }
  const nodes = await client.call('GET', '/nodes', undefined, signal)
  if (!Array.isArray(nodes)) return []
  return nodes
    .map((e) => e as { node?: unknown; status?: unknown })
    .filter((e) => typeof e.node === 'string')
    .map((e) => ({ node: String(e.node), online: e.status === 'online' }))
}
