import { describe, expect, it } from 'vitest'

import type { DrBackup } from '../../../../shared/model/dr'

import type { MatrixFilter } from './dr-rows'
import { DEFAULT_SORT, RATED_LEVELS, matrixRows, shownRows } from './dr-rows'
import { drReport, drRow, mixedReport } from './dr-fixtures'

const rated: MatrixFilter = { query: '', levels: new Set(RATED_LEVELS), all: false }
const names = (filter: MatrixFilter, sort = DEFAULT_SORT): string[] =>
  shownRows(matrixRows(mixedReport()), filter, sort).map((r) => r.row.name)

describe('the DR matrix rows', () => {
  it('lists rated guests only, red first, then orange, then green', () => {
    expect(names(rated)).toEqual(['naorlo-web01', 'naorlo-web02', 'naorlo-app01'])
  })

  it('lists the guests no target applies to behind « Tous les invités », last', () => {
    expect(names({ ...rated, all: true })).toEqual(['naorlo-web01', 'naorlo-web02', 'naorlo-app01', 'dns01'])
  })

  it('keeps only the levels whose chip is on', () => {
    expect(names({ ...rated, levels: new Set(['amber', 'green'] as const) })).toEqual([
      'naorlo-web02',
      'naorlo-app01',
    ])
  })

  it('filters with the tree search syntax: fields, negation, bare words', () => {
    expect(names({ ...rated, query: 'node:km4-pve2' })).toEqual(['naorlo-web02'])
    expect(names({ ...rated, query: '-node:km4-pve2' })).toEqual(['naorlo-web01', 'naorlo-app01'])
    expect(names({ ...rated, query: 'web' })).toEqual(['naorlo-web01', 'naorlo-web02'])
    expect(names({ ...rated, all: true, query: 'type:lxc' })).toEqual(['dns01'])
    expect(names({ ...rated, all: true, query: 'tag:prod site:Km4 vmid:101-102' })).toEqual([
      'naorlo-web01',
      'naorlo-web02',
    ])
  })

  it('sorts by the oldest backup first when asked, the name breaking ties', () => {
    const report = drReport([
      drRow(1, { name: 'b' }),
      drRow(2, { name: 'old', lastBackup: { ...(drRow(2).lastBackup as DrBackup), ageSeconds: 90_000 } }),
      drRow(3, { name: 'none', lastBackup: undefined }),
      drRow(4, { name: 'a' }),
    ])
    const sorted = shownRows(matrixRows(report), rated, { key: 'backup', descending: true }).map(
      (r) => r.row.name,
    )
    expect(sorted).toEqual(['none', 'old', 'a', 'b'])
  })

  it('reverses the name order when the guest column is sorted descending', () => {
    expect(names(rated, { key: 'guest', descending: true })).toEqual([
      'naorlo-web02',
      'naorlo-web01',
      'naorlo-app01',
    ])
  })
})
