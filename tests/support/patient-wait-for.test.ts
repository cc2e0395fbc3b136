import { describe, expect, it, vi } from 'vitest'

import './patient-wait-for'

describe('the integration project’s vi.waitFor', () => {
  it('waits past vitest’s 1 s for a condition that comes late', async () => {
    const since = Date.now()
    await vi.waitFor(() => {
      expect(Date.now() - since).toBeGreaterThan(1_300)
    })
    expect(Date.now() - since).toBeGreaterThan(1_300)
  })

  it('keeps a timeout the test gives, as a number or an option', async () => {
    await expect(vi.waitFor(() => expect(false).toBe(true), 50)).rejects.toThrow()
    await expect(vi.waitFor(() => expect(false).toBe(true), { timeout: 50 })).rejects.toThrow()
  })
})
