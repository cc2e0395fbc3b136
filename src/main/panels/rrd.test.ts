import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { RrdData } from '../../shared/model/panels'
import { normalizeRrd } from './rrd'

describe('normalizeRrd', () => {
  it('reads columns, a key PVE left out as a gap, and keeps times ascending and once each', () => {
    const rrd = normalizeRrd(
      [
        { time: 120, cpu: 0.5, maxcpu: 4 },
        { time: 60, maxcpu: 4 },
        { time: 120, cpu: 0.9 },
        { time: 180, cpu: '0.25', maxcpu: 4, netin: null },
      ],
      'hour',
      'AVERAGE',
    )
    expect(rrd.time).toEqual([60, 120, 180])
    expect(rrd.series.cpu).toEqual([null, 0.5, 0.25])
    expect(rrd.series.maxcpu).toEqual([4, 4, 4])
    expect(rrd.series.netin).toBeUndefined()
  })

  it('answers an empty chart, never throws, for whatever a broken server sends', () => {
    fc.assert(
      fc.property(fc.anything(), (data) => {
        const rrd = normalizeRrd(data, 'day', 'MAX')
        expect(RrdData.safeParse(rrd).success).toBe(true)
        for (const column of Object.values(rrd.series)) expect(column).toHaveLength(rrd.time.length)
      }),
    )
    expect(normalizeRrd('boom', 'day', 'MAX')).toEqual({ timeframe: 'day', cf: 'MAX', time: [], series: {} })
  })

  it('keeps at most 5000 points of a hostile million', () => {
    const huge = Array.from({ length: 1_000_000 }, (_, i) => ({ time: i, cpu: 1 }))
    expect(normalizeRrd(huge, 'year', 'AVERAGE').time).toHaveLength(5_000)
  })
})
