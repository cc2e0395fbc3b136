import { afterAll } from 'vitest'

import { assertNoLeaks, trackHandles } from './leaks'

/**
 * Setup file of the integration project: every test file starts with a tracker of the timers and sockets our
 * code creates, and fails if any is still alive once the file's own teardown (its afterAll) has run, or if Node
 * warned of listeners piling up on an emitter or a signal. Registered first, this afterAll runs last (vitest
 * runs after-hooks as a stack).
 */
const tracker = trackHandles()
const piledUp: string[] = []
const onWarning = (warning: Error): void => {
  if (warning.name === 'MaxListenersExceededWarning') piledUp.push(warning.message)
}
process.on('warning', onWarning)

afterAll(async () => {
  try {
    await assertNoLeaks(tracker, 'this test file')
    if (piledUp.length > 0)
      throw new Error(`listeners piled up during this test file:\n  ${piledUp.join('\n  ')}`)
  } finally {
    tracker.stop()
    process.off('warning', onWarning)
  }
})
