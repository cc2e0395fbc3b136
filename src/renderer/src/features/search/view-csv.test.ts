import { describe, expect, it } from 'vitest'

import type { GuestFacts } from '../../../../shared/search/match'
import { defaultWorkspacePreferences } from '../../../../shared/model/workspace'
import { guestFixture } from '../../test-fixtures'
import { UTF8_BOM, VIEW_CSV_COLUMNS, viewCsv, viewCsvName, viewRows } from './view-csv'

const facts = (over: Parameters<typeof guestFixture>[0], site = 'Km4'): GuestFacts => ({
  guest: guestFixture(over),
  site,
  clusterName: 'ACE Prod',
})

const fleet = [
  facts({ vmid: 101, name: 'web01', tags: ['naorlo', 'prod'], cpu: 0.12345, mem: 1024, maxmem: 2048 }),
  facts({ vmid: 102, name: 'db01', tags: ['naorlo'], status: 'stopped', pool: 'naorlo-prod' }),
  facts({ vmid: 103, name: '=HYPERLINK("http://evil","x")', tags: [], uptime: 60 }, 'VITIB'),
  facts({ vmid: 104, name: 'dns, "main"', tags: ['dns'], hastate: 'started', lock: 'backup' }),
]
const title = (_: unknown, name: string): string => (name === '' ? 'Untagged' : name)
const rows = (filter: string, grouping: 'site' | 'tag' = 'site'): string[][] =>
  viewRows({
    facts: fleet,
    filter,
    preferences: { ...defaultWorkspacePreferences(), grouping },
    groupTitle: title,
  })
const col = (name: (typeof VIEW_CSV_COLUMNS)[number]): number => VIEW_CSV_COLUMNS.indexOf(name)

describe('the view’s CSV', () => {
  it('has the guests the search matches, with their columns', () => {
    const found = rows('tag:naorlo')
    expect(found.map((r) => r[col('vmid')])).toEqual(['101', '102'])
    const [web] = found
    expect(web).toEqual([
      'Km4',
      'ACE Prod',
      'n1',
      '101',
      'web01',
      'qemu',
      'running',
      'naorlo;prod',
      '',
      '',
      '',
      '12.35',
      '1024',
      '2048',
      '',
      '',
      'Km4',
    ])
    expect(found[1]?.[col('status')]).toBe('stopped')
  })

  it('puts a guest under two tags on two lines, the untagged last', () => {
    const byTag = rows('', 'tag')
    expect(byTag.map((r) => `${r[col('group')]}:${r[col('vmid')]}`)).toEqual([
      'dns:104',
      'naorlo:101',
      'naorlo:102',
      'prod:101',
      'Untagged:103',
    ])
  })

  it('quotes as RFC 4180 says, neutralizes formulas, starts with a BOM and ends lines with CRLF', () => {
    const text = viewCsv(rows(''))
    expect(text.startsWith(UTF8_BOM)).toBe(true)
    const lines = text.slice(1).split('\r\n')
    expect(lines[0]).toBe(VIEW_CSV_COLUMNS.join(','))
    expect(lines.at(-1)).toBe('')
    expect(text).toContain(`,"'=HYPERLINK(""http://evil"",""x"")",`)
    expect(text).toContain(',"dns, ""main""",')
    expect(text).not.toMatch(/,=/)
  })

  it('is named for the moment of the export', () => {
    expect(viewCsvName(new Date(2026, 11, 1, 9, 5, 7))).toBe('pvedesk-view-20261201-090507.csv')
  })
})
