import { useEffect, useLayoutEffect, useRef, useState } from 'react'

import type { CallOptions } from '../../../../shared/ipc/api'
import type { Result } from '../../../../shared/ipc/errors'
import { AppError } from '../../../../shared/ipc/errors'
import { cancelWith, unwrap } from '../../api/client'

/** What a panel shows of its query: the last answer (kept while the next is asked), the last error, when. */
export interface PanelQuery<T> {
  /** The last answer for this key; kept across refreshes so that charts and tables update in place. */
  value: T | undefined
  /** The last refresh's error; `value` may still hold an older answer (then shown as such). */
  error: AppError | undefined
  /** No answer yet for this key. */
  loading: boolean
  /** When `value` was answered (epoch ms). */
  at: number | undefined
  /** Asks again now (a Refresh button, a task that ended). */
  refresh: () => void
}

export interface PanelQueryOptions {
  /** How often to ask again while shown, in ms; 0: never by itself. */
  refreshMs?: number
  /** False: ask nothing (the panel is hidden, the cluster is offline in an opened snapshot). */
  enabled?: boolean
}

/**
 * One panel's question to main: asked when shown, again every `refreshMs` while the window is visible, never two
 * at once (the next waits for the answer), cancelled when the key changes (the selection moved) or the panel
 * goes, so a slow server's late answer never lands in another guest's panel.
 */
export function usePanelQuery<T>(
  key: string,
  ask: (options: CallOptions) => Promise<Result<T>>,
  { refreshMs = 10_000, enabled = true }: PanelQueryOptions = {},
): PanelQuery<T> {
  const [state, setState] = useState<{ key: string; value?: T; error?: AppError; at?: number }>({ key: '' })
  const [tick, setTick] = useState(0)
  const askRef = useRef(ask)
  useLayoutEffect(() => {
    askRef.current = ask
  })
  useEffect(() => {
    if (!enabled) return undefined
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const run = (): void => {
      Promise.resolve()
        .then(() => unwrap(askRef.current(cancelWith(controller.signal))))
        .then(
          (value) => {
            if (!controller.signal.aborted) setState({ key, value, at: Date.now() })
          },
          (error: unknown) => {
            if (!controller.signal.aborted)
              setState((s) => ({ ...(s.key === key ? s : { key }), error: AppError.from(error) }))
          },
        )
        .finally(() => {
          if (controller.signal.aborted || refreshMs <= 0) return
          timer = setTimeout(again, refreshMs)
        })
    }
    // A hidden window asks nothing; it asks at once when shown again.
    const again = (): void => {
      if (document.visibilityState === 'hidden') {
        document.addEventListener('visibilitychange', run, { once: true, signal: controller.signal })
        return
      }
      run()
    }
    run()
    return () => {
      controller.abort()
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [key, enabled, refreshMs, tick])
  const current = state.key === key
  return {
    value: current ? state.value : undefined,
    error: current ? state.error : undefined,
    loading: enabled && !(current && (state.value !== undefined || state.error !== undefined)),
    at: current ? state.at : undefined,
    refresh: () => setTick((n) => n + 1),
  }
}
