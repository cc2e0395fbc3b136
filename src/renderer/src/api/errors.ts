import type { TFunction } from 'i18next'

import { AppError } from '../../../shared/ipc/errors'

/**
 * An error as the operator reads it: the translated meaning of its code (or of its `detail.reason`, when main
 * gives one this UI knows, such as `secret_unbound`), then PVE's own words.
 */
export function describeError(error: unknown, t: TFunction): string {
  const appError = AppError.from(error)
  const reason = appError.detail?.reason
  const byCode = t(`error.${appError.code}`)
  const meaning = reason === undefined ? byCode : t(`errorReason.${reason}`, { defaultValue: byCode })
  return appError.message === '' || appError.code === 'internal' ? meaning : `${meaning} ${appError.message}`
}
