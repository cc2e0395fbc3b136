import 'uplot/dist/uPlot.min.css'

import { Box, Text, VisuallyHidden, useComputedColorScheme, useMantineTheme } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import uPlot from 'uplot'

import type { RrdData, RrdSeriesName } from '../../../../../shared/model/panels'
import type { ChartUnit } from './chart-data'
import {
  alignedData,
  formatValue,
  isLimit,
  lastOf,
  peakOf,
  pointFormat,
  presentSeries,
  tickFormat,
  yRange,
} from './chart-data'
import { chartColours } from './chart-theme'

export interface RrdChartProps {
  rrd: RrdData
  series: readonly RrdSeriesName[]
  unit: ChartUnit
  title: string
  height?: number
  testId?: string
}

/** Before the first layout the container has no width (a hidden tab, a test DOM): draw at a sane one. */
const FALLBACK_WIDTH = 320
const AXIS_SIZE: Record<ChartUnit, number> = { percent: 56, bytes: 72, bytesPerSecond: 84, number: 48 }

/**
 * One RRD chart: a uPlot instance made once per shape (series, unit, language, colour scheme) and fed each new
 * answer in place with `setData`, so a 10 s refresh neither flickers nor leaks; resized with its container;
 * destroyed on unmount. Screen readers get the title, the timeframe and the peak, and a table of last values.
 */
export function RrdChart({ rrd, series, unit, title, height = 160, testId }: RrdChartProps): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const theme = useMantineTheme()
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: false })
  const host = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | undefined>(undefined)
  // Keyed by the names, not the array: a caller's inline `['cpu']` must not feed the chart again each render.
  const asked = series.join(',')
  const drawn = useMemo(
    () => presentSeries(rrd, asked === '' ? [] : (asked.split(',') as RrdSeriesName[])),
    [rrd, asked],
  )
  const shape = drawn.join(',')
  const data = useMemo(() => alignedData(rrd, drawn), [rrd, drawn])
  // The options read the newest data and timeframe through refs: a new answer never rebuilds the chart.
  const latest = useRef({ data, timeframe: rrd.timeframe })
  useLayoutEffect(() => {
    latest.current = { data, timeframe: rrd.timeframe }
  })

  useEffect(() => {
    const target = host.current
    if (target === null) return undefined
    const names = shape === '' ? [] : (shape.split(',') as RrdSeriesName[])
    const colours = chartColours(theme, scheme)
    const point = pointFormat(locale)
    let nth = 0
    const options: uPlot.Options = {
      width: target.clientWidth > 0 ? target.clientWidth : FALLBACK_WIDTH,
      height,
      scales: { x: { time: true }, y: { range: (_u, _min, max) => yRange(max, unit) } },
      series: [
        {
          label: t('panels.chart.time'),
          value: (_u, ts: number | null) => (ts === null ? '—' : point.format(ts * 1000)),
        },
        ...names.map((name): uPlot.Series => {
          const colour = colours.series(name, isLimit(name) ? 0 : nth++)
          return {
            label: t(`panels.chart.series.${name}`),
            stroke: colour.stroke,
            ...(colour.fill === undefined ? {} : { fill: colour.fill }),
            ...(colour.dash === undefined ? {} : { dash: colour.dash }),
            width: 1.5,
            points: { show: false },
            // A point PVE has no data for stays a hole in the line, never a drop to zero.
            spanGaps: false,
            value: (_u, v: number | null) => formatValue(unit, v, locale),
          }
        }),
      ],
      axes: [
        {
          stroke: colours.axis,
          grid: { stroke: colours.grid, width: 1 },
          ticks: { stroke: colours.grid, width: 1 },
          values: (_u, splits) => {
            const format = tickFormat(latest.current.timeframe, locale)
            return splits.map((s) => format.format(s * 1000))
          },
        },
        {
          stroke: colours.axis,
          grid: { stroke: colours.grid, width: 1 },
          ticks: { stroke: colours.grid, width: 1 },
          size: AXIS_SIZE[unit],
          values: (_u, splits) => splits.map((v) => formatValue(unit, v, locale)),
        },
      ],
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
    }
    const chart = new uPlot(options, latest.current.data, target)
    plot.current = chart
    const observer =
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver(([entry]) => {
            const width = Math.floor(entry?.contentRect.width ?? 0)
            if (width > 0 && width !== chart.width) chart.setSize({ width, height })
          })
    observer?.observe(target)
    return () => {
      observer?.disconnect()
      chart.destroy()
      if (plot.current === chart) plot.current = undefined
    }
  }, [shape, unit, height, locale, scheme, theme, t])

  // Each new answer goes into the chart in place.
  useEffect(() => {
    const chart = plot.current
    if (chart !== undefined && chart.data !== data) chart.setData(data)
  }, [data])

  const peak = peakOf(rrd, drawn)
  const timeframe = t(`panels.chart.timeframes.${rrd.timeframe}`)
  const label =
    peak === undefined
      ? t('panels.chart.summaryEmpty', { title, timeframe })
      : t('panels.chart.summary', { title, timeframe, max: formatValue(unit, peak, locale) })
  return (
    <Box component="figure" m={0} className="rrd-chart" data-testid={testId}>
      <Text component="figcaption" size="sm" fw={500}>
        {title}
      </Text>
      <div ref={host} role="img" aria-label={label} className="rrd-chart-canvas" />
      {peak === undefined ? (
        <Text size="xs" c="dimmed">
          {t('panels.chart.noData')}
        </Text>
      ) : null}
      <VisuallyHidden>
        <table>
          <caption>{label}</caption>
          <tbody>
            {drawn.map((name) => (
              <tr key={name}>
                <th scope="row">{t(`panels.chart.series.${name}`)}</th>
                <td>{formatValue(unit, lastOf(rrd.series[name]), locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Box>
  )
}
