import { AppError } from '../../shared/ipc/errors'
import type { PveClient } from '../pve/pve-client'

/** One call the fake PVE received, with its signal. */
export interface FakeCall {
  path: string
  params?: Record<string, unknown>
  signal?: AbortSignal
}

/** What a fake PVE answers for one path: a value, an error to throw, or a function of the call (may wait). */
export type FakeAnswer = unknown

/** PVE's refusal as the client throws it. */
export const pveRefusal = (status: number, message: string): AppError =>
  status === 403
    ? new AppError({ code: 'forbidden', clusterId: 'c', message })
    : status === 500 && /does not exist|no such/i.test(message)
      ? new AppError({ code: 'not_found', clusterId: 'c', message })
      : new AppError({ code: 'pve_error', clusterId: 'c', message, detail: { status: String(status) } })

/** Answers only when `signal` aborts, then rejects `cancelled` as the real client does: a hung node or agent. */
export const untilAborted = (signal: AbortSignal | undefined): Promise<never> =>
  new Promise((_, reject) => {
    const stop = (): void => reject(new AppError({ code: 'cancelled', clusterId: 'c', message: 'cancelled' }))
    if (signal?.aborted === true) stop()
    else signal?.addEventListener('abort', stop, { once: true })
  })

/**
 * A PVE client answering from `routes` under the key `routeOf` picks for a path (none: PVE's 501 for an unknown
 * method), `total` beside the data when asked with meta. Every call is recorded. Only `call` and `callWithMeta`
 * exist: the panel reads use nothing else.
 */
export function fakePveClient(
  routes: Record<string, FakeAnswer>,
  routeOf: (path: string) => string | undefined,
  total?: number,
): { client: PveClient; calls: FakeCall[] } {
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
    const key = routeOf(path)
    if (key === undefined || !(key in routes)) throw pveRefusal(501, `Method 'GET ${path}' not implemented`)
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
    ) => {
      const data = await answer(path, params, signal)
      return total === undefined ? { data } : { data, total }
    },
  }
  return { calls, client: client as unknown as PveClient }
}
