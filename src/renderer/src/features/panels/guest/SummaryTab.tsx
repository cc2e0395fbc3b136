import { SimpleGrid, Stack } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { GuestCurrent, GuestSummaryPanel } from '../../../../../shared/model/panels'
import { pveDesk } from '../../../api/client'
import { useAddressStore } from '../../../stores/address-store'
import { Figures } from '../../details/Figures'
import { TimeframePicker } from '../charts/ChartControls'
import { useChartChoice } from '../charts/chart-choice'
import { RrdChart } from '../charts/RrdChart'
import { PanelFrame } from '../PanelFrame'
import { usePanelQuery } from '../use-panel-query'
import { AgentFacts } from './AgentFacts'
import type { GuestPanelProps } from './guest-panel-props'
import { SUMMARY_REFRESH_MS } from './guest-panel-props'

/**
 * Résumé: what `status/current` adds to the tree's figures (QEMU version, machine, HA), the agent's facts and the
 * charts, read every 10 s; the charts are fed in place. A new timeframe keeps the last charts shown until its
 * answer comes (no blank panel while PVE reads a year).
 */
export function SummaryTab(props: GuestPanelProps): ReactElement {
  const { clusterId, vmid, guestKey, type } = props
  const { timeframe, cf, set } = useChartChoice()
  const query = usePanelQuery(
    `${clusterId}/${vmid}/summary/${timeframe}/${cf}`,
    (options) => pveDesk().panelGuestSummary({ clusterId, vmid, timeframe, cf }, options),
    { refreshMs: SUMMARY_REFRESH_MS },
  )
  const { value } = query
  const [last, setLast] = useState<{ guest: string; value: GuestSummaryPanel } | undefined>(undefined)
  if (value !== undefined && last?.value !== value) setLast({ guest: guestKey, value })
  useEffect(() => {
    // What the agent says feeds the search's `ip:` (PVE lists no address in /cluster/resources).
    if (value !== undefined) useAddressStore.getState().remember(guestKey, value.agent)
  }, [value, guestKey])
  const kept = last?.guest === guestKey ? last.value : undefined
  const shown = value ?? (query.error === undefined ? kept : undefined)
  return (
    <PanelFrame
      query={{ ...query, value: shown }}
      testId="guest-summary"
      controls={<TimeframePicker timeframe={timeframe} cf={cf} onChange={set} />}
    >
      {(summary) => (
        <Stack gap="md">
          <CurrentFigures current={summary.current} />
          <Charts summary={summary} />
          <AgentFacts agent={summary.agent} type={type} />
        </Stack>
      )}
    </PanelFrame>
  )
}

function CurrentFigures({ current }: { current: GuestCurrent }): ReactElement {
  const { t } = useTranslation()
  const rows: [string, string][] = []
  if (current.qmpstatus !== undefined && current.qmpstatus !== current.status)
    rows.push([t('panels.guest.summary.qmpstatus'), current.qmpstatus])
  if (current.runningQemu !== undefined) rows.push([t('panels.guest.summary.qemu'), current.runningQemu])
  if (current.runningMachine !== undefined)
    rows.push([t('panels.guest.summary.machine'), current.runningMachine])
  if (current.lock !== undefined) rows.push([t('panels.guest.summary.lock'), current.lock])
  rows.push([
    t('panels.guest.summary.ha'),
    current.ha?.managed === true
      ? current.ha.group === undefined
        ? t('panels.guest.summary.haManagedNoGroup', { state: current.ha.state ?? '—' })
        : t('panels.guest.summary.haManaged', { state: current.ha.state ?? '—', group: current.ha.group })
      : t('panels.guest.summary.notManaged'),
  ])
  return <Figures rows={rows} />
}

const CPU = ['cpu'] as const
const MEMORY = ['mem', 'maxmem', 'memhost'] as const
const NETWORK = ['netin', 'netout'] as const
const DISK = ['diskread', 'diskwrite'] as const

function Charts({ summary }: { summary: GuestSummaryPanel }): ReactElement {
  const { t } = useTranslation()
  const { rrd } = summary
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" data-testid="guest-charts">
      <RrdChart
        rrd={rrd}
        series={CPU}
        unit="percent"
        title={t('panels.guest.summary.cpu')}
        testId="chart-cpu"
      />
      <RrdChart
        rrd={rrd}
        series={MEMORY}
        unit="bytes"
        title={t('panels.guest.summary.memory')}
        testId="chart-memory"
      />
      <RrdChart
        rrd={rrd}
        series={NETWORK}
        unit="bytesPerSecond"
        title={t('panels.guest.summary.network')}
        testId="chart-network"
      />
      <RrdChart
        rrd={rrd}
        series={DISK}
        unit="bytesPerSecond"
        title={t('panels.guest.summary.diskIo')}
        testId="chart-disk"
      />
    </SimpleGrid>
  )
}
