import type { TFunction } from 'i18next'

import { AppError } from '../../../shared/ipc/errors'

/** An error as the operator reads it: the translated meaning of its code, then PVE's own words. */
export function describeError(error: unknown, t: TFunction): string {
  const appError = AppError.from(error)
  const meaning = t(`error.${appError.code}`)
  return appError.message === '' || appError.code === 'internal' ? meaning : `${meaning} ${appError.message}`
}
