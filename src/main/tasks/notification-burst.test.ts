import { describe, expect, it } from 'vitest'

import { NotificationBurst } from './notification-burst'

describe('NotificationBurst', () => {
  it('shows a few successes per window, failures on their own share, and starts again after the window', () => {
    let now = 0
    const burst = new NotificationBurst(() => now, 10_000, 3, 5)
    const oks = Array.from({ length: 200 }, () => burst.allow(false)).filter(Boolean).length
    expect(oks).toBe(3)
    // A failure after 200 successes still shows: successes never use the failures' share.
    expect(burst.allow(true)).toBe(true)
    const failures = Array.from({ length: 50 }, () => burst.allow(true)).filter(Boolean).length
    expect(failures).toBe(4)
    now = 10_000
    expect(burst.allow(false)).toBe(true)
    expect(burst.allow(true)).toBe(true)
  })
})
