import type { Handlers } from '../../src/main/ipc/router'
import { INVOKE_CHANNELS } from '../../src/shared/ipc/contract'
import { AppError } from '../../src/shared/ipc/errors'

/** Router handlers for tests: the ones given, and every other channel failing with `internal`. */
export function stubHandlers(overrides: Partial<Handlers>): Handlers {
  const handlers: Record<string, unknown> = {}
  for (const channel of INVOKE_CHANNELS) {
    handlers[channel] =
      overrides[channel] ??
      (() => {
        throw new AppError({ code: 'internal', message: `${channel} is not stubbed` })
      })
  }
  return handlers as Handlers
}
