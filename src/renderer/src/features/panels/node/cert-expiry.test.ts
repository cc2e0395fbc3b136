import { describe, expect, it } from 'vitest'

import { daysLeft, expiryTone } from './cert-expiry'

const NOW = 1_800_000_000
const DAY = 86_400

describe('certificate expiry', () => {
  it('is red under 15 days, orange under 30, green beyond, red once expired', () => {
    expect(expiryTone({ notAfter: NOW + 10 * DAY }, NOW)).toBe('critical')
    expect(expiryTone({ notAfter: NOW + 14 * DAY + 100 }, NOW)).toBe('critical')
    expect(expiryTone({ notAfter: NOW + 15 * DAY + 100 }, NOW)).toBe('warning')
    expect(expiryTone({ notAfter: NOW + 29 * DAY }, NOW)).toBe('warning')
    expect(expiryTone({ notAfter: NOW + 30 * DAY + 1 }, NOW)).toBe('ok')
    expect(expiryTone({ notAfter: NOW - 1 }, NOW)).toBe('expired')
    expect(expiryTone({}, NOW)).toBe('unknown')
  })

  it('is red when not valid yet', () => {
    expect(expiryTone({ notBefore: NOW + DAY, notAfter: NOW + 400 * DAY }, NOW)).toBe('critical')
  })

  it('counts whole days left', () => {
    expect(daysLeft(NOW + 12 * DAY + 5, NOW)).toBe(12)
    expect(daysLeft(NOW - 5, NOW)).toBe(-1)
  })
})
