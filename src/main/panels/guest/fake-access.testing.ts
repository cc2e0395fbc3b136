import { AppError } from '../../../shared/ipc/errors'
import type { FleetGuest } from '../../../shared/model/fleet'
import type { ClusterAccess } from '../../guests/cluster-access'
import type { PveClient } from '../../pve/pve-client'

/** What a fake PVE answers for one path: a value, or a function of the call (which may throw or hang). */
export type FakeAnswer = unknown

export interface FakeCall {
  path: string
  params?: Record<string, unknown>
  signal?: AbortSignal
}

export const guestOf = (
  type: 'qemu' | 'lxc',
  vmid = 101,
  status: FleetGuest['status'] = 'running',
): FleetGuest => ({
  key: `c/${type}/${vmid}`,
  clusterId: 'c',
  kind: 'guest',
  type,
  vmid,
  node: 'km4-pve1',
  name: 'web',
  status,
  template: false,
  tags: [],
})

/** PVE's refusal as the client throws it. */
export const pveRefusal = (status: number, message: string): AppError =>
  status === 403
    ? new AppError({ code: 'forbidden', clusterId: 'c', message })
    : status === 500 && /does not exist|no such/i.test(message)
      ? new AppError({ code: 'not_found', clusterId: 'c', message })
      : new AppError({ code: 'pve_error', clusterId: 'c', message, detail: { status: String(status) } })

/** A call that answers only when aborted (then `cancelled`, as the client does): PVE's hung agent. */
export const hang = ({ signal }: { signal?: AbortSignal }): Promise<never> =>
  new Promise((_, reject) => {
    const cancel = (): void =>
      reject(new AppError({ code: 'cancelled', clusterId: 'c', message: 'cancelled' }))
    if (signal?.aborted === true) cancel()
    else signal?.addEventListener('abort', cancel, { once: true })
  })

/**
 * A cluster access whose client answers by path suffix or inner folder (`/agent` answers `…/agent/get-osinfo`): a
 * suffix first, then the longest that matches; anything else
 * answers 501 as PVE does for an unknown method. Every call is recorded with its signal.
 */
export function fakeAccess(
  routes: Record<string, FakeAnswer>,
  guest: FleetGuest = guestOf('qemu'),
): { access: ClusterAccess; calls: FakeCall[] } {
  const calls: FakeCall[] = []
  const answer = async (
    path: string,
    params?: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<unknown> => {
    const call = {
      path,
      ...(params === undefined ? {} : { params }),
      ...(signal === undefined ? {} : { signal }),
    }
    calls.push(call)
    const key = Object.keys(routes)
      .filter((k) => path.endsWith(k) || path.includes(`${k}/`))
      // A suffix before a folder, then the longest.
      .sort((a, b) => Number(path.endsWith(b)) - Number(path.endsWith(a)) || b.length - a.length)[0]
    if (key === undefined) throw pveRefusal(501, `Method 'GET ${path}' not implemented`)
    const route = routes[key]
    const value = typeof route === 'function' ? await (route as (c: FakeCall) => unknown)(call) : route
    if (value instanceof Error) throw value
    return value
  }
  const client = {
    call: (_method: string, path: string, params?: Record<string, unknown>, signal?: AbortSignal) =>
      answer(path, params, signal),
    callWithMeta: async (
      _method: string,
      path: string,
      params?: Record<string, unknown>,
      signal?: AbortSignal,
    ) => ({
      data: await answer(path, params, signal),
      total: 7,
    }),
  }
  return {
    calls,
    access: {
      clusterId: 'c',
      readOnly: true,
      // Only `call` and `callWithMeta` are used by the panel reads.
      client: client as unknown as PveClient,
      guest: () => Promise.resolve(guest),
      can: () => Promise.resolve(true),
      siteOf: () => 'Km4',
      nodes: () => Promise.resolve([]),
    },
  }
}
