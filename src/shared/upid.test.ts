import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { formatUpid, parseUpid } from './upid'

describe('UPID', () => {
  it('reads real task ids, including an empty id and a token user', () => {
    expect(parseUpid('UPID:pve1:0002C3E5:01A2B3C4:6650A1F3:qmstart:100:alice@pve:')).toEqual({
      node: 'pve1',
      pid: 181221,
      pstart: 0x01a2b3c4,
      starttime: 1716560371,
      type: 'qmstart',
      id: '100',
      user: 'alice@pve',
    })
    expect(parseUpid('UPID:pve:00001234:00ABCDEF:5FBE4F9A:aptupdate::root@pam:')?.id).toBe('')
    expect(parseUpid('UPID:km4-pve1:00001234:00ABCDEF:5FBE4F9A:vzdump:105:noc@pve!desk:')?.user).toBe(
      'noc@pve!desk',
    )
  })

  it.each([
    'UPID:pve1:1:2:3:qmstart:100:root@pam:',
    'UPID:pve1:0002C3E5:01A2B3C4:6650A1F3:qmstart:100:root@pam',
    '',
  ])('refuses %j', (text) => {
    expect(parseUpid(text)).toBeUndefined()
  })

  it('formats what it parses, and parses what it formats (property)', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/)
    const upid = fc.record({
      node: fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,10}[a-z0-9])?$/),
      pid: fc.nat({ max: 0xffffffff }),
      pstart: fc.nat({ max: 0xffffffff }),
      starttime: fc.nat({ max: 0xffffffff }),
      type: word,
      id: fc.oneof(fc.constant(''), fc.nat({ max: 999999999 }).map(String)),
      user: word.map((w) => `${w}@pve`),
    })
    fc.assert(
      fc.property(upid, (u) => {
        expect(parseUpid(formatUpid(u))).toEqual(u)
      }),
    )
  })
})
