import { AppError } from '../../shared/ipc/errors'
import type { PanelGap } from '../../shared/model/panels'

/** A part of a panel that could not be read, said with the error PVE (or the transport) gave. */
export const gapOf = (part: string, error: unknown): PanelGap => ({
  part: part.slice(0, 512),
  error: AppError.from(error).toShape(),
})

/** Nothing to wait for any more: the caller went away (the selection moved, the window closed). */
export const cancelledBy = (signal: AbortSignal | undefined): boolean => signal?.aborted === true

/**
 * Runs `call` with its own deadline on top of the caller's signal: PVE's guest agent calls wait long when the
 * agent is missing or hung (qemu-server's QMP client waits seconds per command), and a summary must not wait
 * for them. The caller's abort still reaches the call; past the deadline the call is aborted and `timeout` is
 * thrown. The timer is cleared whatever happens, so nothing outlives the call.
 */
export async function withDeadline<T>(
  ms: number,
  signal: AbortSignal | undefined,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController()
  const onAbort = (): void => controller.abort()
  if (signal?.aborted === true) controller.abort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  const deadline = { expired: false }
  const timer = setTimeout(() => {
    deadline.expired = true
    controller.abort()
  }, ms)
  try {
    return await call(controller.signal)
  } catch (error) {
    if (deadline.expired && !cancelledBy(signal))
      throw new AppError({ code: 'timeout', message: `no answer within ${ms} ms` }, { cause: error })
    throw error
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}

/** The error a read ends with once its caller cancelled it: the whole panel, never a gap of it. */
export const cancelledError = (clusterId: string, what = 'panel read'): AppError =>
  new AppError({ code: 'cancelled', clusterId, message: `${what} cancelled` })

/**
 * `run` for each item, at most `limit` at once, in the items' order; none starts once `signal` aborted (the
 * waiting ones are never asked, the running ones end through their own calls' signal). A `run` that throws ends
 * the whole: the callers that want every item settled catch inside `run`.
 */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  run: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      if (cancelledBy(signal)) return
      await run(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/**
 * `run` over `items` with at most `limit` in flight, every result settled (one failing item never stops the
 * others). Once `signal` aborts no further item starts; those are settled as cancelled.
 */
export async function settleLimited<T, R>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  run: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results = items.map((): PromiseSettledResult<R> => ({
    status: 'rejected',
    reason: new AppError({ code: 'cancelled', message: 'cancelled' }),
  }))
  await eachLimited(items, limit, signal, async (item, i) => {
    try {
      results[i] = { status: 'fulfilled', value: await run(item) }
    } catch (reason) {
      results[i] = { status: 'rejected', reason }
    }
  })
  return results
}
