import { Group, SegmentedControl } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { RrdCf, RrdTimeframe } from '../../../../../shared/model/panels'
import { RrdCf as RrdCfSchema, RrdTimeframe as RrdTimeframeSchema } from '../../../../../shared/model/panels'

export interface TimeframePickerProps {
  timeframe: RrdTimeframe
  cf: RrdCf
  onChange: (next: { timeframe: RrdTimeframe; cf: RrdCf }) => void
}

/** PVE's rrddata choices, as its own summary offers them: the timeframe and average or maximum per point. */
export function TimeframePicker({ timeframe, cf, onChange }: TimeframePickerProps): ReactElement {
  const { t } = useTranslation()
  return (
    <Group gap="xs" wrap="wrap">
      <SegmentedControl
        size="xs"
        aria-label={t('panels.chart.timeframe')}
        value={timeframe}
        data={RrdTimeframeSchema.options.map((value) => ({
          value,
          label: t(`panels.chart.timeframeShort.${value}`),
        }))}
        onChange={(value) => {
          const next = RrdTimeframeSchema.safeParse(value)
          if (next.success) onChange({ timeframe: next.data, cf })
        }}
      />
      <SegmentedControl
        size="xs"
        aria-label={t('panels.chart.cf')}
        value={cf}
        data={RrdCfSchema.options.map((value) => ({ value, label: t(`panels.chart.cfs.${value}`) }))}
        onChange={(value) => {
          const next = RrdCfSchema.safeParse(value)
          if (next.success) onChange({ timeframe, cf: next.data })
        }}
      />
    </Group>
  )
}
