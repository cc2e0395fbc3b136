import type { TFunction } from 'i18next'

import { AppError, AppErrorShape } from '../../../shared/ipc/errors'

/**
 * An error as the operator reads it: the translated meaning of its code (or of its `detail.reason`, when main
 * gives one this UI knows, such as `secret_unbound`), then PVE's own words.
 */
export function describeError(error: unknown, t: TFunction): string {
  // A shape as main sends it (an action's failure, a console's error) is the error itself, not an "internal" one.
  const shape = error instanceof AppError ? undefined : AppErrorShape.safeParse(error)
  const appError = shape?.success === true ? new AppError(shape.data) : AppError.from(error)
  const reason = appError.detail?.reason
  const byCode = t(`error.${appError.code}`)
  const meaning = reason === undefined ? byCode : t(`errorReason.${reason}`, { defaultValue: byCode })
  return appError.message === '' || appError.code === 'internal' ? meaning : `${meaning} ${appError.message}`
}
