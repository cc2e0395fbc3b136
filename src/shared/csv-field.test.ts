import { describe, expect, it } from 'vitest'

import { csvField } from './csv-field'

/** The field as a spreadsheet receives it, RFC 4180 quoting undone. */
const unquoted = (field: string): string =>
  field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field

describe('csvField', () => {
  // OWASP CSV injection payloads: each would run (or fetch) something if a spreadsheet read it as a formula.
  // Excel and LibreOffice skip a leading TAB or CR before deciding that a cell is a formula.
  const payloads = [
    "-1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '-1.5+HYPERLINK("http://evil")',
    '=1+1',
    '=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0",
    '+1',
    '-y',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '\t=1+2',
    '\r=1+2',
    "\t-1+cmd|' /C calc'!A0",
    '-1e3+cmd',
    '-',
    '=',
  ]
  it.each(payloads)('neutralizes %j: the cell starts with a quote, the rest is the value', (payload) => {
    expect(unquoted(csvField(payload))).toBe(`'${payload}`)
  })

  it('leaves plain numbers (negative, decimal, exponent) as numbers and ordinary text as it is', () => {
    for (const n of ['-5', '0', '12', '-1.5', '3.25', '-2e10', '1E-3', '-7.5e+2']) expect(csvField(n)).toBe(n)
    for (const s of ['web-01', 'Montréal', '1-2', 'a=b', '数据库-主']) expect(csvField(s)).toBe(s)
  })

  it('quotes commas, quotes and line breaks (RFC 4180), after neutralizing', () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""')
    expect(csvField('line\nbreak')).toBe('"line\nbreak"')
    expect(csvField('\r=1+2')).toBe('"\'\r=1+2"')
    expect(csvField('=1,2')).toBe('"\'=1,2"')
  })
})
