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

  it('never throws on junk, and reads only what has every field in place (property)', () => {
    const anyText = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc
        .array(fc.oneof(fc.constantFrom('UPID', ':', '0', 'F', 'pve1', '@', '!', '/', ' '), fc.string()))
        .map((parts) => parts.join('')),
    )
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseUpid(text)
        if (parsed !== undefined) expect(parseUpid(formatUpid(parsed))).toEqual(parsed)
      }),
    )
    for (const junk of [null, undefined, 42, {}, []] as unknown[])
      expect(() => parseUpid(junk as string)).not.toThrow()
  })

  it('takes node names as PVE allows them, and refuses the others', () => {
    // pve-common JSONSchema `pve_verify_node_name`: letters, digits, inner hyphens; either case; a digit first.
    const tail = ':00001234:00ABCDEF:5FBE4F9A:qmstart:100:root@pam:'
    for (const node of ['a', '1', 'PVE-Node-01', '9node', 'km4-pve1'])
      expect(parseUpid(`UPID:${node}${tail}`)?.node).toBe(node)
    for (const node of ['', '-pve', 'pve-', 'pve_1', 'pve.lan', 'pve/1', 'pv e'])
      expect(parseUpid(`UPID:${node}${tail}`)).toBeUndefined()
  })

  it('formats what it parses, and parses what it formats (property)', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/)
    const upid = fc.record({
      node: fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?$/),
      pid: fc.nat({ max: 0xffffffff }),
      // A node up long enough has a 9-digit process start (clock ticks since boot).
      pstart: fc.nat({ max: 0xfffffffff }),
      starttime: fc.nat({ max: 0xffffffff }),
      type: word,
      id: fc.oneof(fc.constant(''), fc.nat({ max: 999999999 }).map(String)),
      user: fc.oneof(
        word.map((w) => `${w}@pve`),
        fc.tuple(word, word, word).map(([u, r, t]) => `${u}@${r}!${t}`),
      ),
    })
    fc.assert(
      fc.property(upid, (u) => {
        expect(parseUpid(formatUpid(u))).toEqual(u)
      }),
    )
  })
})
