import { describe, expect, it } from 'vitest'

import { syslogMoves, syslogStart } from './syslog-paging'

describe('syslog paging', () => {
  it('asks the tail once the total is known, from 0 before', () => {
    expect(syslogStart({ kind: 'last' }, undefined, 500)).toBe(0)
    expect(syslogStart({ kind: 'last' }, 1_234, 500)).toBe(734)
    expect(syslogStart({ kind: 'last' }, 100, 500)).toBe(0)
    expect(syslogStart({ kind: 'at', start: 500 }, 1_234, 500)).toBe(500)
  })

  it('pages back and forth by the limit, never before 0', () => {
    expect(syslogMoves(734, 1_234, 500)).toEqual({
      first: { kind: 'at', start: 0 },
      previous: { kind: 'at', start: 234 },
    })
    expect(syslogMoves(234, 1_234, 500)).toEqual({
      first: { kind: 'at', start: 0 },
      previous: { kind: 'at', start: 0 },
      next: { kind: 'at', start: 734 },
      last: { kind: 'last' },
    })
    expect(syslogMoves(0, 300, 500)).toEqual({})
  })
})
