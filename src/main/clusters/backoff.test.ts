import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { backoffDelay } from './backoff'

const policy = { baseMs: 2_000, maxMs: 60_000 }

describe('back-off while a cluster is down', () => {
  it('doubles from the poll interval up to the ceiling', () => {
    const top = (failures: number): number => backoffDelay(failures, policy, () => 1)
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(top)).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ])
  })

  it('spreads retries between half and all of the ceiling, so desks do not retry in lock-step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failures, r) => {
          const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 20))
          const delay = backoffDelay(failures, policy, () => r)
          expect(delay).toBeGreaterThanOrEqual(Math.round(ceiling / 2))
          expect(delay).toBeLessThanOrEqual(ceiling)
        },
      ),
    )
  })
})
