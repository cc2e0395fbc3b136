import { MantineProvider } from '@mantine/core'
import { cleanup, render, screen } from '@testing-library/react'
import type { ReactElement } from 'react'
import type uPlotType from 'uplot'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import type { RrdData } from '../../../../../shared/model/panels'
import { initI18n } from '../../../i18n'
import { fakeCanvas, strokes } from './fake-canvas.testing'
import { RrdChart } from './RrdChart'

// The real uPlot, each instance recorded with its calls: what the test watches is uPlot's own lifetime.
const made = vi.hoisted(() => [] as { plot: uPlotType; setData: number; destroyed: boolean }[])
vi.mock('uplot', async (original) => {
  const real = (await original<{ default: typeof uPlotType }>()).default
  function Watched(this: unknown, ...args: ConstructorParameters<typeof uPlotType>): uPlotType {
    const plot = new real(...args)
    const entry = { plot, setData: 0, destroyed: false }
    const setData = plot.setData.bind(plot)
    const destroy = plot.destroy.bind(plot)
    plot.setData = (...a) => {
      entry.setData++
      setData(...a)
    }
    plot.destroy = () => {
      entry.destroyed = true
      destroy()
    }
    made.push(entry)
    return plot
  }
  return { default: Watched }
})

const rrd = (cpu: (number | null)[], timeframe: RrdData['timeframe'] = 'hour'): RrdData => ({
  timeframe,
  cf: 'AVERAGE',
  time: cpu.map((_, i) => 1_700_000_000 + i * 60),
  series: { cpu, maxcpu: cpu.map(() => 4) },
})

const chart = (data: RrdData): ReactElement => (
  <MantineProvider>
    <RrdChart rrd={data} series={['cpu']} unit="percent" title="CPU" testId="cpu-chart" />
  </MantineProvider>
)

describe('RrdChart', () => {
  beforeAll(async () => {
    await initI18n('en-GB')
    fakeCanvas()
  })
  beforeEach(() => {
    made.length = 0
  })
  afterEach(cleanup)

  it('feeds a new answer to the same uPlot instance and destroys it on unmount', async () => {
    const view = render(chart(rrd([0.1, 0.2, null, 0.43])))
    expect(made).toHaveLength(1)
    // uPlot draws on its next microtask: the lines are stroked.
    await vi.waitFor(() => expect(strokes.count).toBeGreaterThan(0))
    view.rerender(chart(rrd([0.2, 0.5, 0.1, null])))
    view.rerender(chart(rrd([0.3, 0.1], 'day')))
    expect(made).toHaveLength(1)
    expect(made[0]?.setData).toBe(2)
    // A gap stays a gap: uPlot is given null, not 0.
    expect(made[0]?.plot.data[1]).toEqual([0.3, 0.1])
    view.unmount()
    expect(made[0]?.destroyed).toBe(true)
  })

  it('says the title, the timeframe and the peak to screen readers', () => {
    render(chart(rrd([0.1, null, 0.43, 0.2])))
    expect(screen.getByRole('img', { name: 'CPU, last hour, max 43%' })).toBeTruthy()
  })

  it('says when the timeframe has no data, and draws no series PVE did not send', () => {
    const empty: RrdData = { timeframe: 'week', cf: 'MAX', time: [1, 2], series: { cpu: [null, null] } }
    render(
      <MantineProvider>
        <RrdChart rrd={empty} series={['cpu', 'memhost']} unit="percent" title="CPU" />
      </MantineProvider>,
    )
    expect(screen.getByRole('img', { name: 'CPU, last week, no data' })).toBeTruthy()
    expect(screen.getByText('No data for this timeframe.')).toBeTruthy()
    expect(made[0]?.plot.series.map((s) => s.label)).toEqual(['Time', 'CPU'])
  })

  it('re-renders of the parent with the same answer draw nothing again', () => {
    const data = rrd([0.1, 0.2])
    const view = render(chart(data))
    view.rerender(chart(data))
    view.rerender(chart(data))
    expect(made[0]?.setData).toBe(0)
  })
})
