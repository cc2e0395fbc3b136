import { afterAll } from 'vitest'

import { assertNoLeaks, trackHandles } from './leaks'

/**
 * Setup file of the integration project: every test file starts with a tracker of the timers and sockets our
 * code creates, and fails if any is still alive once the file's own teardown (its afterAll) has run. Registered
 * first, this afterAll runs last (vitest runs after-hooks as a stack).
 */
const tracker = trackHandles()

afterAll(async () => {
  try {
    await assertNoLeaks(tracker, 'this test file')
  } finally {
    tracker.stop()
  }
})
