import type { RrdCf, RrdData, RrdSeriesName, RrdTimeframe } from '../../shared/model/panels'
import { RRD_SERIES } from '../../shared/model/panels'
import { finite, records } from './pve-read'

/** PVE 9 keeps up to 1440 points per timeframe; a few more are tolerated, a hostile million is not. */
const MAX_POINTS = 5_000

/**
 * `GET …/rrddata` as uPlot draws it: one time column (epoch seconds, ascending, each time once) and one column
 * per series PVE sent, `null` where a point has no value. PVE leaves out a key it has no data for (RRD's NaN),
 * a broken server may send `null`, a string or nothing at all: all read as a gap, never as 0.
 */
export function normalizeRrd(data: unknown, timeframe: RrdTimeframe, cf: RrdCf): RrdData {
  const rows = records(data, MAX_POINTS)
    .map((row) => ({ row, time: finite(row.time) }))
    .filter((r): r is { row: Record<string, unknown>; time: number } => r.time !== undefined)
    .sort((a, b) => a.time - b.time)
    .filter((r, i, all) => i === 0 || all[i - 1]?.time !== r.time)
  const present = new Set<RrdSeriesName>()
  for (const { row } of rows)
    for (const name of RRD_SERIES) if (finite(row[name]) !== undefined) present.add(name)
  const series: RrdData['series'] = {}
  for (const name of RRD_SERIES)
    if (present.has(name)) series[name] = rows.map(({ row }) => finite(row[name]) ?? null)
  return { timeframe, cf, time: rows.map((r) => r.time), series }
}
