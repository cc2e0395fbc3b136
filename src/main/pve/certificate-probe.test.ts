import { describe, expect, it } from 'vitest'

import { certificateDate } from './certificate-probe'

describe('certificateDate', () => {
  it('gives OpenSSL dates in ISO 8601', () => {
    expect(certificateDate('Jan  1 00:00:00 2030 GMT')).toBe('2030-01-01T00:00:00.000Z')
  })

  it('keeps a date it cannot read as the peer sent it, instead of throwing in the handshake listener', () => {
    // new Date('not a date').toISOString() throws RangeError: inside 'secureConnect' that crashed main.
    expect(() => certificateDate('not a date')).not.toThrow()
    expect(certificateDate('not a date')).toBe('not a date')
    expect(certificateDate(undefined)).toBe('')
  })
})
