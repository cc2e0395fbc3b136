import { useEffect, useState } from 'react'

import type { Result } from '../../../../shared/ipc/errors'
import { AppError } from '../../../../shared/ipc/errors'
import type { CallOptions } from '../../../../shared/ipc/api'
import { cancelWith, unwrap } from '../../api/client'

/**
 * One cancellable question to main about a guest (migration targets, backup storages, guest snapshots): asked
 * again when `key` changes, cancelled when the dialog closes or asks again, so a slow server's late answer never
 * lands in the wrong dialog.
 */
export function useGuestQuery<T>(
  key: string,
  ask: (options: CallOptions) => Promise<Result<T>>,
): { value: T | undefined; error: AppError | undefined; loading: boolean } {
  const [state, setState] = useState<{ key: string; value?: T; error?: AppError }>({ key: '' })
  useEffect(() => {
    const controller = new AbortController()
    // Through a promise: a missing bridge (a unit test, a broken preload) ends as this query's error.
    Promise.resolve()
      .then(() => unwrap(ask(cancelWith(controller.signal))))
      .then(
        (value) => {
          if (!controller.signal.aborted) setState({ key, value })
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ key, error: AppError.from(error) })
        },
      )
    return () => controller.abort()
    // `ask` is a fresh closure each render; `key` names what it asks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  const current = state.key === key
  return {
    value: current ? state.value : undefined,
    error: current ? state.error : undefined,
    loading: !current,
  }
}
