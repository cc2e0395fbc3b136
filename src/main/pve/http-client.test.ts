import { describe, expect, it } from 'vitest'

import { totalOf } from './http-client'

describe('totalOf', () => {
  it('reads PVE’s total of an envelope, and nothing that is no count', () => {
    expect(totalOf({ data: [], total: 1234 })).toBe(1234)
    expect(totalOf({ data: [], total: 0 })).toBe(0)
    expect(totalOf({ data: [], total: '77' })).toBe(77)
    expect(totalOf({ data: [] })).toBeUndefined()
    for (const total of ['12a', '', 'lots', -1, 1.5, 1e300, Number.NaN, null, { n: 1 }])
      expect(totalOf({ data: [], total })).toBeUndefined()
  })
})
