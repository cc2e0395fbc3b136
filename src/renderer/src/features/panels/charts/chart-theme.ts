import type { MantineTheme } from '@mantine/core'

import type { RrdSeriesName } from '../../../../../shared/model/panels'
import { isLimit } from './chart-data'

/** Canvas colours cannot be CSS variables: the chart reads Mantine's palette for the computed scheme. */
export interface ChartColours {
  axis: string
  grid: string
  series: (name: RrdSeriesName, index: number) => { stroke: string; fill?: string; dash?: number[] }
}

const PALETTE = ['blue', 'orange', 'teal', 'grape', 'red', 'lime'] as const

export function chartColours(theme: MantineTheme, scheme: 'light' | 'dark'): ChartColours {
  const dark = scheme === 'dark'
  // Shade 4 reads on the dark background, 6 on white (Mantine's own primary shades per scheme).
  const shade = dark ? 4 : 6
  return {
    axis: dark ? theme.colors.dark[1] : theme.colors.gray[7],
    grid: dark ? theme.colors.dark[4] : theme.colors.gray[3],
    series: (name, index) => {
      if (isLimit(name)) return { stroke: dark ? theme.colors.gray[5] : theme.colors.gray[6], dash: [6, 4] }
      const colour = theme.colors[PALETTE[index % PALETTE.length] ?? 'blue'][shade]
      return { stroke: colour, fill: `${colour}${dark ? '33' : '26'}` }
    },
  }
}
