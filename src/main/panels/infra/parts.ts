import { AppError } from '../../../shared/ipc/errors'
import type { PanelGap } from '../../../shared/model/panels'
import type { ClusterAccess } from '../../guests/cluster-access'
import type { Params } from '../../pve/http-client'
import { cancelledError, eachLimited, gapOf } from '../panel-parts'

/**
 * The parts a node, cluster or storage panel is made of: each PVE call is one part, and a part PVE refuses (an
 * auditor without `Sys.Audit` gets 403 on `apt/versions`) or fails becomes a gap beside what did read. A
 * cancelled read is no gap: the whole panel ends with `cancelled`, and nothing more is asked of PVE.
 */

export const cancelled = (clusterId: string): AppError => cancelledError(clusterId)

/** Throws `cancelled` once the panel's signal aborted: what starts after this would be asked for nothing. */
export function stopIfCancelled(access: ClusterAccess, signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw cancelled(access.clusterId)
}

/** `GET path` on the cluster's client, with the panel's signal. */
export const get = (
  access: ClusterAccess,
  path: string,
  params?: Params,
  signal?: AbortSignal,
): Promise<unknown> => access.client.call('GET', path, params, signal)

/**
 * Runs one part: its value, or `undefined` with the failure added to `gaps` under `name`. A cancellation (the
 * signal, or a call's own `cancelled`) is rethrown, so that the caller stops rather than answer a panel of gaps.
 */
export async function part<T>(
  access: ClusterAccess,
  gaps: PanelGap[],
  name: string,
  signal: AbortSignal | undefined,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read()
  } catch (error) {
    const appError = AppError.from(error)
    if (signal?.aborted === true || appError.code === 'cancelled') throw cancelled(access.clusterId)
    gaps.push(gapOf(name, appError))
    return undefined
  }
}

/** `ask(name, path, read, params)`: the part `name`, read from `GET prefix + path` by `read`, as `part` runs it. */
export const partAsker =
  (access: ClusterAccess, gaps: PanelGap[], signal: AbortSignal | undefined, prefix = '') =>
  <T>(
    name: string,
    path: string,
    read: (data: unknown) => T,
    params?: Record<string, string>,
  ): Promise<T | undefined> =>
    part(access, gaps, name, signal, async () => read(await get(access, `${prefix}${path}`, params, signal)))

/**
 * `read` for each item, at most `limit` at once, in order; none starts once `signal` aborted (the waiting ones
 * are never asked, the running ones end through their own calls' signal). Results in the items' order.
 */
export async function eachBounded<T, R>(
  access: ClusterAccess,
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  read: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  await eachLimited(items, limit, signal, async (item, i) => {
    results[i] = await read(item)
  })
  stopIfCancelled(access, signal)
  return results
}

// PVE's own formats (pve-common JSONSchema.pm): `pve-node` (a host name) and `pve-storage-id`. A compromised
// renderer could ask for node `..` or `a/../../access`: the name would change the path PVE is asked for.
const NODE_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/
const STORAGE_ID = /^[a-zA-Z][a-zA-Z0-9\-_.]{0,126}[a-zA-Z0-9]$/

const invalid = (access: ClusterAccess, what: string, value: string): AppError =>
  new AppError({
    code: 'invalid_request',
    clusterId: access.clusterId,
    message: `not a PVE ${what}: ${JSON.stringify(value.slice(0, 80))}`,
  })

/** `/nodes/{node}` for a name PVE could have; `invalid_request` for anything else (nothing is asked). */
export function nodePath(access: ClusterAccess, node: string): string {
  if (!NODE_NAME.test(node)) throw invalid(access, 'node name', node)
  return `/nodes/${node}`
}

/** A storage id as PVE allows it; `invalid_request` for anything else. */
export function storageId(access: ClusterAccess, storage: string): string {
  if (!STORAGE_ID.test(storage)) throw invalid(access, 'storage id', storage)
  return storage
}
