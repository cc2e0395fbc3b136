import { create } from 'zustand'

import type { RrdCf, RrdTimeframe } from '../../../../../shared/model/panels'

export interface ChartChoice {
  timeframe: RrdTimeframe
  cf: RrdCf
}

/**
 * The timeframe and consolidation the charts show, one choice for every summary (as PVE's GUI keeps one): an
 * operator comparing guests' last week stays on the week while moving through them.
 */
export const useChartChoice = create<ChartChoice & { set: (choice: ChartChoice) => void }>()((set) => ({
  timeframe: 'hour',
  cf: 'AVERAGE',
  set: (choice) => set({ timeframe: choice.timeframe, cf: choice.cf }),
}))
