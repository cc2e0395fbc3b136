import { AppError } from '../../../shared/ipc/errors'
import type { FleetNode } from '../../../shared/model/fleet'
import type { ClusterAccess } from '../../guests/cluster-access'
import type { PveClient } from '../../pve/pve-client'

/** One call the fake PVE received. */
export interface InfraCall {
  path: string
  params: Record<string, unknown> | undefined
  signal: AbortSignal | undefined
}

/** An answer for one exact path: a value, an error to throw, or a function of the call (which may wait). */
export type InfraAnswer = unknown

export const forbidden = (path: string): AppError =>
  new AppError({ code: 'forbidden', clusterId: 'c', message: `Permission check failed (${path}, Sys.Audit)` })

/** Resolves when `signal` aborts, rejecting `cancelled` as the real client does. */
export const untilAborted = (signal: AbortSignal | undefined): Promise<never> =>
  new Promise((_, reject) => {
    const stop = (): void => reject(new AppError({ code: 'cancelled', clusterId: 'c', message: 'cancelled' }))
    if (signal?.aborted === true) stop()
    else signal?.addEventListener('abort', stop, { once: true })
  })

/**
 * A cluster access whose client answers each exact path from `routes` (an unknown path: PVE's 501), `total`
 * beside the data when asked with meta. Every call is recorded, with its signal.
 */
export function infraAccess(
  routes: Record<string, InfraAnswer>,
  options: { total?: number; nodes?: FleetNode[] } = {},
): { access: ClusterAccess; calls: InfraCall[] } {
  const calls: InfraCall[] = []
  const answer = async (
    path: string,
    params?: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<unknown> => {
    calls.push({ path, params, signal })
    if (!(path in routes))
      throw new AppError({
        code: 'pve_error',
        clusterId: 'c',
        message: `Method 'GET ${path}' not implemented`,
      })
    const route = routes[path]
    const value =
      typeof route === 'function'
        ? await (route as (call: InfraCall) => unknown)({ path, params, signal })
        : route
    if (value instanceof Error) throw value
    return value
  }
  const client = {
    call: (_m: string, path: string, params?: Record<string, unknown>, signal?: AbortSignal) =>
      answer(path, params, signal),
    callWithMeta: async (
      _m: string,
      path: string,
      params?: Record<string, unknown>,
      signal?: AbortSignal,
    ) => {
      const data = await answer(path, params, signal)
      return options.total === undefined ? { data } : { data, total: options.total }
    },
  }
  return {
    calls,
    access: {
      clusterId: 'c',
      readOnly: true,
      // The infra reads use only `call` and `callWithMeta`.
      client: client as unknown as PveClient,
      guest: () => Promise.reject(new AppError({ code: 'not_found', message: 'no guest' })),
      can: () => Promise.resolve(true),
      siteOf: (node) => (node.startsWith('vitib') ? 'VITIB' : 'Km4'),
      nodes: () => Promise.resolve(options.nodes ?? []),
    },
  }
}

/** A string of one megabyte: what a hostile server puts where a name is due. */
export const MEGABYTE = 'x'.repeat(1_000_000)
