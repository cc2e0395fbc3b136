import type { PveDeskApi } from '../../../shared/ipc/api'
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
