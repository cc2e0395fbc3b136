import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { AppError } from '../../../shared/ipc/errors'
import { CanonicalJsonError, canonicalJson } from './canonical-json'

/** Reorders every object's keys at every level (the same value, another insertion order). */
function reorder(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => reorder(v, seed + i))
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
    const shuffled = entries
      .map((e, i) => ({ e, k: Math.sin(seed * 7919 + i * 104729) }))
      .sort((a, b) => a.k - b.k)
      .map(({ e }) => e)
    return Object.fromEntries(shuffled.map(([k, v], i) => [k, reorder(v, seed + i + 1)]))
  }
  return value
}

// Keys and strings from the whole of UTF-16 (astral characters, lone surrogates, controls), numbers of every size.
const json = fc.jsonValue({ stringUnit: 'binary' })

describe('canonicalJson (RFC 8785)', () => {
  it('reads back as the same value', () => {
    fc.assert(
      fc.property(json, (x) => {
        // -0 is written `0`, as JSON itself and RFC 8785 write it: compare with what JSON gives back.
        expect(JSON.parse(canonicalJson(x))).toEqual(JSON.parse(JSON.stringify(x)))
      }),
    )
  })

  it('does not depend on the order keys were inserted in', () => {
    fc.assert(
      fc.property(json, fc.integer(), (x, seed) => {
        expect(canonicalJson(reorder(x, seed))).toBe(canonicalJson(x))
      }),
    )
  })

  it('is a fixed point: canonical(parse(canonical(x))) is canonical(x)', () => {
    fc.assert(
      fc.property(json, (x) => {
        const once = canonicalJson(x)
        expect(canonicalJson(JSON.parse(once))).toBe(once)
      }),
    )
  })

  it('has no whitespace outside strings, and sorts keys by UTF-16 code units at every level', () => {
    // '\u{1F600}' (U+D83D U+DE00) sorts before '\uFB33' in UTF-16 although it comes after it in code points.
    const value = { b: [3, { z: 1, a: 2 }], a: 'x y', '\uFB33': 1, '\u{1F600}': 2, A: null, é: true }
    expect(canonicalJson(value)).toBe(
      '{"A":null,"a":"x y","b":[3,{"a":2,"z":1}],"é":true,"\u{1F600}":2,"\uFB33":1}',
    )
  })

  it('writes numbers in the ECMAScript form JCS specifies', () => {
    // Examples from RFC 8785 appendix B.
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [1e21, '1e+21'],
      [1e-7, '1e-7'],
      [123456789012345680000, '123456789012345680000'],
      [0.000001, '0.000001'],
      [9007199254740992, '9007199254740992'],
      [-1.7976931348623157e308, '-1.7976931348623157e+308'],
      [5e-324, '5e-324'],
      [333333333.3333332, '333333333.3333332'],
    ]
    for (const [n, text] of cases) expect(canonicalJson(n)).toBe(text)
  })

  it('writes strings as JSON.stringify does (the escapes JCS specifies)', () => {
    expect(canonicalJson('\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/')).toBe(
      '"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"',
    )
  })

  it('leaves out a property whose value is undefined, as an absent optional property', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}')
  })

  it('refuses what JSON cannot say exactly, saying where', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = { back: cyclic }
    class Thing {
      x = 1
    }
    const refused: [unknown, RegExp][] = [
      [NaN, /NaN is not a JSON number at \$/],
      [{ a: [1, Infinity] }, /Infinity .* at \$\.a\[1\]/],
      [{ a: -Infinity }, /-Infinity/],
      [[undefined], /undefined is not JSON at \$\[0\]/],
      // eslint-disable-next-line no-sparse-arrays -- the hole is the case under test
      [[1, , 3], /an array hole at \$\[1\]/],
      [undefined, /undefined/],
      [{ f: () => 1 }, /function is not JSON at \$\.f/],
      [10n, /bigint/],
      [Symbol('s'), /symbol/],
      [{ d: new Date(0) }, /a Date object is not plain JSON at \$\.d/],
      [new Map(), /Map/],
      [new Thing(), /Thing/],
      [Object.create({ inherited: 1 }) as unknown, /not plain JSON/],
      [{ [Symbol('k')]: 1 }, /symbol key/],
      [cyclic, /a cycle at \$\.self\.back/],
    ]
    for (const [value, message] of refused) expect(() => canonicalJson(value)).toThrow(message)
  })

  it('accepts the same object twice when it is not its own ancestor', () => {
    const shared = { x: 1 }
    expect(canonicalJson({ a: shared, b: [shared, shared] })).toBe('{"a":{"x":1},"b":[{"x":1},{"x":1}]}')
    expect(canonicalJson(Object.assign(Object.create(null) as object, { k: 1 }))).toBe('{"k":1}')
  })
})

describe('canonicalJson refuses what is not I-JSON or too deep, as an AppError', () => {
  it('a lone surrogate, high or low, in a string or a key; a pair is text', () => {
    for (const value of ['\ud800', 'a\udc00b', '\udbff\ud800', { ['k\ud800']: 1 }, ['ok', { x: '\udfff' }]]) {
      let error: unknown
      try {
        canonicalJson(value)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(AppError)
      expect(error).toMatchObject({ code: 'internal', detail: { reason: 'canonical_json' } })
      expect((error as Error).message).toMatch(/lone UTF-16 surrogate .* not I-JSON/)
    }
    expect(canonicalJson('\ud83d\ude00')).toBe('"😀"')
  })

  it('nesting: 100 levels are written, 101 are refused, 10,000 too (never a RangeError)', () => {
    const nested = (depth: number): unknown => {
      let value: unknown = 1
      for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value }
      return value
    }
    expect(JSON.parse(canonicalJson(nested(100)))).toEqual(nested(100))
    for (const depth of [101, 10_000]) {
      expect(() => canonicalJson(nested(depth))).toThrow(CanonicalJsonError)
      expect(() => canonicalJson(nested(depth))).toThrow(/containers nested deeper than 100 at \$/)
      expect(() => canonicalJson(nested(depth))).toThrow(AppError)
    }
  })
})
