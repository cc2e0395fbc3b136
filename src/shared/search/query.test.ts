import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { SearchQuery, SearchTerm } from './query'
import { SEARCH_FIELDS, isPlainWords, parseQuery, printQuery } from './query'

/** The terms without their positions: what a query means. */
const meaning = (q: SearchQuery): SearchTerm[] =>
  q.terms.map(({ field, values, negated }) => ({
    ...(field === undefined ? {} : { field }),
    values,
    negated,
  }))
const terms = (text: string): SearchTerm[] => meaning(parseQuery(text).query)

describe('parseQuery', () => {
  it('reads fields, negation, alternatives and bare words', () => {
    expect(terms('web -tag:test status:stopped,paused')).toEqual([
      { values: ['web'], negated: false },
      { field: 'tag', values: ['test'], negated: true },
      { field: 'status', values: ['stopped', 'paused'], negated: false },
    ])
    expect(parseQuery('web -tag:test').problems).toEqual([])
  })

  it('reads field names and values in any case, and holds them lower-case', () => {
    expect(terms('Status:Running NAME:Web01')).toEqual([
      { field: 'status', values: ['running'], negated: false },
      { field: 'name', values: ['web01'], negated: false },
    ])
  })

  it('takes quoted values with spaces, commas and escaped quotes', () => {
    expect(terms('name:"web 01" tag:"a,b" "say \\"hi\\""')).toEqual([
      { field: 'name', values: ['web 01'], negated: false },
      { field: 'tag', values: ['a,b'], negated: false },
      { values: ['say "hi"'], negated: false },
    ])
  })

  it('keeps wildcards, colons inside values and numbers before a colon as they are', () => {
    expect(terms('name:web* ip:fe80::1 10:20')).toEqual([
      { field: 'name', values: ['web*'], negated: false },
      { field: 'ip', values: ['fe80::1'], negated: false },
      { values: ['10:20'], negated: false },
    ])
  })

  it('keeps where each term is in the text, for suggestions', () => {
    const { query } = parseQuery('  web  -tag:x')
    expect(query.terms.map((t) => [t.start, t.end])).toEqual([
      [2, 5],
      [7, 13],
    ])
  })

  it('reports an unknown field with its offsets and keeps it as literal text (which matches nothing)', () => {
    const parsed = parseQuery('web colour:red')
    expect(meaning(parsed.query)).toEqual([
      { values: ['web'], negated: false },
      { values: ['colour:red'], negated: false },
    ])
    expect(terms('-Colour:"a b",c')).toEqual([{ values: ['-colour:"a b",c'], negated: false }])
    expect(parsed.problems).toEqual([
      { start: 4, end: 11, code: 'unknown_field', message: 'unknown field colour:' },
    ])
  })

  it('reports empty values: a field with nothing, a lone dash, an empty alternative, an empty quote', () => {
    expect(parseQuery('status:').problems).toMatchObject([{ start: 0, end: 7, code: 'empty_value' }])
    expect(parseQuery('web -').problems).toMatchObject([{ start: 4, end: 5, code: 'empty_value' }])
    const alt = parseQuery('status:stopped,')
    expect(alt.problems).toMatchObject([{ start: 14, end: 15, code: 'empty_value' }])
    expect(terms('status:stopped,')).toEqual([{ field: 'status', values: ['stopped'], negated: false }])
    expect(parseQuery('name:""').problems).toMatchObject([{ start: 5, end: 7, code: 'empty_value' }])
    expect(terms('status: name:""')).toEqual([])
    expect(parseQuery(',').problems).toEqual([
      { start: 0, end: 1, code: 'empty_value', message: 'empty value' },
    ])
  })

  it('reports an unclosed quote but still searches for what was typed', () => {
    const parsed = parseQuery('name:"web 0')
    expect(parsed.problems).toMatchObject([{ start: 5, end: 11, code: 'unclosed_quote' }])
    expect(meaning(parsed.query)).toEqual([{ field: 'name', values: ['web 0'], negated: false }])
  })

  it('reports values a field can never take, and keeps the term', () => {
    const source = 'status:runing type:vm template:maybe vmid:1x vmid:100-199 vmid:1* vmid:200-100'
    const parsed = parseQuery(source)
    expect(parsed.problems.map((p) => [p.code, source.slice(p.start, p.end)])).toEqual([
      ['bad_value', 'runing'],
      ['bad_value', 'maybe'],
      ['bad_value', '1x'],
      ['bad_value', '200-100'],
    ])
    expect(parsed.query.terms).toHaveLength(7)
  })

  it('never throws on junk and its problems lie inside the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ':', '-', ',', '"', '\\', ' ', '*', 's', 'é') }),
        (t) => {
          const parsed = parseQuery(t)
          for (const p of parsed.problems) {
            expect(p.start).toBeGreaterThanOrEqual(0)
            expect(p.end).toBeLessThanOrEqual(Math.max(t.length, p.start + 1))
            expect(p.end).toBeGreaterThan(p.start)
          }
          for (const term of parsed.query.terms) expect(term.values.length).toBeGreaterThan(0)
        },
      ),
      { numRuns: 2000 },
    )
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (t) => void parseQuery(t)))
  })
})

describe('printQuery', () => {
  it('prints what parses back, quoting where needed', () => {
    const q: SearchQuery = {
      terms: [
        { values: ['-web'], negated: false },
        { values: ['name:x'], negated: true },
        { field: 'name', values: ['web 01', 'a"b\\c'], negated: false },
        { field: 'status', values: ['stopped', 'paused'], negated: true },
      ],
    }
    expect(printQuery(q)).toBe('"-web" -"name:x" name:"web 01","a\\"b\\\\c" -status:stopped,paused')
    expect(meaning(parseQuery(printQuery(q)).query)).toEqual(q.terms)
  })

  const value = fc
    .string({
      unit: fc.oneof(
        fc.constantFrom('a', 'B', '1', ':', '-', ',', '"', '\\', ' ', '\t', '*', '?', 'é', 'İ'),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
      ),
      minLength: 1,
      maxLength: 8,
    })
    .map((v) => v.toLowerCase())
  const term: fc.Arbitrary<SearchTerm> = fc.record({
    field: fc.option(fc.constantFrom(...SEARCH_FIELDS), { nil: undefined }),
    values: fc.array(value, { minLength: 1, maxLength: 3 }),
    negated: fc.boolean(),
  })
  const clean = (t: SearchTerm): SearchTerm =>
    t.field === undefined ? { values: t.values, negated: t.negated } : t

  it('parse → print → parse is the identity over generated queries', () => {
    fc.assert(
      fc.property(fc.array(term, { maxLength: 5 }), (list) => {
        const q = { terms: list.map(clean) }
        expect(meaning(parseQuery(printQuery(q)).query)).toEqual(q.terms)
      }),
      { numRuns: 1000 },
    )
  })

  it('round-trips every field, negated, with alternatives and wildcards', () => {
    for (const field of SEARCH_FIELDS) {
      const q: SearchQuery = {
        terms: [
          { field, values: ['a*', 'b?c'], negated: true },
          { field, values: ['x y'], negated: false },
        ],
      }
      const text = printQuery(q)
      expect(text).toBe(`-${field}:a*,b?c ${field}:"x y"`)
      expect(meaning(parseQuery(text).query)).toEqual(q.terms)
    }
  })

  it('print ∘ parse is stable over any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ':', '-', ',', '"', '\\', ' ', 'n', 'name:', 'é') }),
        (t) => {
          const once = parseQuery(t).query
          expect(meaning(parseQuery(printQuery(once)).query)).toEqual(meaning(once))
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('isPlainWords', () => {
  it('is true only for bare words without negation, alternatives, wildcards, quotes or problems', () => {
    const plain = (t: string): boolean => isPlainWords(t, parseQuery(t))
    expect(plain('web 01')).toBe(true)
    expect(plain('')).toBe(true)
    expect(plain('naorlo-app')).toBe(true)
    expect(plain('status:running')).toBe(false)
    expect(plain('-web')).toBe(false)
    expect(plain('web,db')).toBe(false)
    expect(plain('web*')).toBe(false)
    expect(plain('"web')).toBe(false)
    expect(plain('colour:red')).toBe(false)
  })
})
