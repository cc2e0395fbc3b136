import type { RrdData, RrdSeriesName, RrdTimeframe } from '../../../../../shared/model/panels'
import { formatBytes, formatPercent } from '../../../lib/format'

/**
 * What a chart's values are: `percent` are fractions as PVE sends them (`cpu` 0.43 is 43 %), `bytes` sizes,
 * `bytesPerSecond` rates (PVE's `netin`, `diskread` per second in rrddata), `number` plain (load average).
 */
export type ChartUnit = 'percent' | 'bytes' | 'bytesPerSecond' | 'number'

/** Series that are a limit (the guest's memory, its CPUs): drawn as a dashed line, never filled. */
const LIMITS: ReadonlySet<RrdSeriesName> = new Set([
  'maxcpu',
  'maxmem',
  'memtotal',
  'swaptotal',
  'maxdisk',
  'roottotal',
])
export const isLimit = (name: RrdSeriesName): boolean => LIMITS.has(name)

/** The asked series PVE sent (memhost exists from PVE 9 only): a series it left out is not drawn as zeros. */
export function presentSeries(rrd: RrdData, series: readonly RrdSeriesName[]): RrdSeriesName[] {
  return series.filter((name) => rrd.series[name] !== undefined)
}

/** uPlot's columnar data: times first, then one column per drawn series; `null` stays a gap. */
export function alignedData(
  rrd: RrdData,
  drawn: readonly RrdSeriesName[],
): [time: number[], ...values: (number | null)[][]] {
  return [rrd.time, ...drawn.map((name) => rrd.series[name] ?? rrd.time.map(() => null))]
}

/** The largest value over the drawn series, limits left out (a guest's 8 GiB is no peak); undefined: no data. */
export function peakOf(rrd: RrdData, drawn: readonly RrdSeriesName[]): number | undefined {
  let peak: number | undefined
  for (const name of drawn) {
    if (isLimit(name) && drawn.some((other) => !isLimit(other))) continue
    for (const value of rrd.series[name] ?? []) {
      if (value !== null && Number.isFinite(value) && (peak === undefined || value > peak)) peak = value
    }
  }
  return peak
}

/** The last value PVE has for a series (the newest point may still be empty). */
export function lastOf(values: readonly (number | null)[] | undefined): number | undefined {
  if (values === undefined) return undefined
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i]
    if (value !== null && value !== undefined && Number.isFinite(value)) return value
  }
  return undefined
}

export function formatValue(unit: ChartUnit, value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  switch (unit) {
    case 'percent':
      return formatPercent(value, locale)
    case 'bytes':
      return formatBytes(value, locale)
    case 'bytesPerSecond':
      return `${formatBytes(value, locale)}/s`
    case 'number':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)
  }
}

/** Axis ticks say what changes over the timeframe: hours within a day, days within a month, months in a year. */
export function tickFormat(timeframe: RrdTimeframe, locale: string): Intl.DateTimeFormat {
  switch (timeframe) {
    case 'hour':
    case 'day':
      return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })
    case 'week':
    case 'month':
      return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' })
    case 'year':
      return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric' })
  }
}

/** The hovered point's time in the legend: the whole date and time. */
export const pointFormat = (locale: string): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' })

/** The y scale starts at 0 (a usage chart that starts at 41 % lies about the usage) and never collapses. */
export function yRange(max: number | null | undefined, unit: ChartUnit): [number, number] {
  const top = max === null || max === undefined || !Number.isFinite(max) || max <= 0 ? 0 : max
  if (top === 0) return [0, 1]
  return [0, unit === 'percent' && top > 0.9 ? Math.max(1, top) : top * 1.08]
}
