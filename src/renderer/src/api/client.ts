import type { CallOptions, PveDeskApi } from '../../../shared/ipc/api'
import { AppError } from '../../../shared/ipc/errors'
import type { Result } from '../../../shared/ipc/errors'

/**
 * The only module that touches `window.pveDesk`. It unwraps result envelopes into values or thrown
 * {@link AppError}s, so components and stores deal in values and typed errors.
 */
declare global {
  interface Window {
    pveDesk?: PveDeskApi
  }
}

export function pveDesk(): PveDeskApi {
  const api = window.pveDesk
  if (api === undefined)
    throw new AppError({ code: 'internal', message: 'window.pveDesk is missing: no bridge' })
  return api
}

export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending
  if (result.ok) return result.value
  throw new AppError(result.error)
}

/**
 * Call options that cancel the call when `signal` aborts: `pveDesk().clusterTest(request, cancelWith(signal))`.
 * Main then stops the work and the call answers `cancelled`.
 */
export function cancelWith(signal: AbortSignal): CallOptions {
  return {
    cancellation: (cancel) => {
      if (signal.aborted) {
        cancel()
        return undefined
      }
      signal.addEventListener('abort', cancel, { once: true })
      // Called when the call is over: a long-lived signal keeps no listener per call.
      return () => signal.removeEventListener('abort', cancel)
    },
  }
}
