import { Badge, Button, Collapse, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { ChevronDown, ChevronRight } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type {
  NodeSubscription,
  NodeSummaryPanel,
  PackageVersion,
} from '../../../../../shared/model/infra-panels'
import type { RrdCf, RrdSeriesName, RrdTimeframe } from '../../../../../shared/model/panels'
import { formatPercent } from '../../../lib/format'
import { uptime, usage } from '../../details/details-format'
import { Figures } from '../../details/Figures'
import { TimeframePicker } from '../charts/ChartControls'
import { RrdChart } from '../charts/RrdChart'
import { formatDate } from './infra-format'

interface ChartSpec {
  id: string
  series: readonly RrdSeriesName[]
  unit: 'percent' | 'bytes' | 'bytesPerSecond' | 'number'
}

/** PVE's node summary charts (pve-manager www/manager6/node/Summary.js), disk IO when the node reports it. */
const CHARTS: readonly ChartSpec[] = [
  { id: 'cpu', series: ['cpu', 'iowait'], unit: 'percent' },
  { id: 'load', series: ['loadavg'], unit: 'number' },
  { id: 'memory', series: ['memtotal', 'memused', 'swapused'], unit: 'bytes' },
  { id: 'network', series: ['netin', 'netout'], unit: 'bytesPerSecond' },
  { id: 'diskio', series: ['diskread', 'diskwrite'], unit: 'bytesPerSecond' },
]

export interface ChartChoice {
  timeframe: RrdTimeframe
  cf: RrdCf
}

/** The node's Summary tab: status figures, charts with the timeframe picker, subscription and package versions. */
export function NodeSummaryView({
  value,
  chart,
  onChart,
}: {
  value: NodeSummaryPanel
  chart: ChartChoice
  onChart: (next: ChartChoice) => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const { status, rrd } = value
  const cpuModel =
    status.cpuModel === undefined
      ? '—'
      : t('panels.node.cpuModel', {
          model: status.cpuModel,
          sockets: status.sockets ?? 1,
          cpus: status.cpus ?? 0,
        })
  const charts = CHARTS.filter((spec) => spec.series.some((name) => rrd.series[name] !== undefined))
  return (
    <Stack gap="md">
      <Figures
        rows={[
          [t('panels.node.cpuModelLabel'), cpuModel],
          [t('panels.node.cpuUsage'), formatPercent(status.cpu, locale)],
          [
            t('panels.node.loadavg'),
            status.loadavg === undefined || status.loadavg.length === 0
              ? '—'
              : status.loadavg
                  // Two decimals each, as /proc/loadavg and PVE's summary show them: 9,30 / 8,37, not 9,3 / 8,37.
                  .map((n) =>
                    new Intl.NumberFormat(locale, {
                      minimumFractionDigits: 2,
                      maximumFractionDigits: 2,
                    }).format(n),
                  )
                  .join(' / '),
          ],
          [t('panels.node.iowait'), formatPercent(status.wait, locale)],
          [t('panels.node.memory'), usage(status.mem, status.maxmem, locale)],
          [t('panels.node.swap'), usage(status.swap, status.maxswap, locale)],
          [t('panels.node.rootfs'), usage(status.rootUsed, status.rootTotal, locale)],
          [t('panels.node.uptime'), uptime(t, status.uptime)],
          [t('panels.node.kernel'), status.kernel ?? '—'],
          [t('panels.node.pveVersion'), status.pveVersion ?? '—'],
          [t('panels.node.bootMode'), bootMode(status.bootMode, status.secureBoot, t)],
        ]}
      />
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={5}>{t('panels.node.charts')}</Title>
          <TimeframePicker timeframe={chart.timeframe} cf={chart.cf} onChange={onChart} />
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {charts.map((spec) => (
            <RrdChart
              key={spec.id}
              rrd={rrd}
              series={spec.series.filter((name) => rrd.series[name] !== undefined)}
              unit={spec.unit}
              title={t(`panels.node.chart.${spec.id}`)}
              testId={`node-chart-${spec.id}`}
            />
          ))}
        </SimpleGrid>
      </Stack>
      <SubscriptionView subscription={value.subscription} />
      <PackagesView packages={value.packages} />
    </Stack>
  )
}

function bootMode(mode: string | undefined, secure: boolean | undefined, t: (key: string) => string): string {
  if (mode === undefined) return '—'
  const name = mode === 'efi' ? 'EFI' : mode === 'legacy-bios' ? t('panels.node.legacyBios') : mode
  return secure === true ? `${name} (${t('panels.node.secureBoot')})` : name
}

/** PVE's level letter (pve-manager www/manager6/node/Subscription.js): c, b, s, p. */
const LEVELS: Record<string, string> = { c: 'Community', b: 'Basic', s: 'Standard', p: 'Premium' }
const levelName = (level: string | undefined): string =>
  level === undefined || level === '' ? '—' : (LEVELS[level] ?? level)

/** Active is green; none is orange; expired, invalid or suspended red (pve-manager's subscription states). */
export function subscriptionColor(status: string): string {
  if (status === 'active') return 'green'
  if (status === 'notfound' || status === 'new') return 'orange'
  return 'red'
}

function SubscriptionView({ subscription }: { subscription: NodeSubscription | undefined }): ReactElement {
  const { t, i18n } = useTranslation()
  if (subscription === undefined)
    return (
      <Text size="sm" c="dimmed">
        {t('panels.node.subscriptionUnknown')}
      </Text>
    )
  const due = subscription.nextDueDate
  const dueText = due === undefined ? '—' : formatDate(Date.parse(due) / 1000, i18n.language)
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Title order={5}>{t('panels.node.subscription')}</Title>
        <Badge color={subscriptionColor(subscription.status)} variant="light" data-testid="node-subscription">
          {t(`panels.node.subscriptionStatus.${subscription.status}`, { defaultValue: subscription.status })}
        </Badge>
      </Group>
      <Figures
        rows={[
          [t('panels.node.subscriptionLevel'), subscription.productName ?? levelName(subscription.level)],
          [t('panels.node.nextDueDate'), dueText === '—' && due !== undefined ? due : dueText],
          ...(subscription.message === undefined
            ? []
            : [[t('panels.node.subscriptionMessage'), subscription.message] as [string, string]]),
        ]}
      />
    </Stack>
  )
}

/** The packages PVE's "Package versions" lists; the manager and the running kernel stand out. */
function PackagesView({ packages }: { packages: PackageVersion[] }): ReactElement {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <Stack gap={4}>
      <Button
        variant="subtle"
        size="compact-sm"
        w="fit-content"
        leftSection={open ? <ChevronDown size={14} /> : <ChevronRight size={14} />}
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
      >
        {t('panels.node.packages', { count: packages.length })}
      </Button>
      <Collapse in={open}>
        {open ? (
          <Table fz="xs" verticalSpacing={2} striped data-testid="node-packages">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('panels.node.package')}</Table.Th>
                <Table.Th>{t('panels.node.version')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {packages.map((pkg) => {
                const key = keyPackage(pkg)
                return (
                  <Table.Tr key={pkg.package} fw={key ? 600 : undefined} data-key-package={key || undefined}>
                    <Table.Td ff="monospace">{pkg.package}</Table.Td>
                    <Table.Td ff="monospace">
                      {pkg.version ?? '—'}
                      {pkg.runningKernel === undefined ? null : (
                        <Text
                          span
                          size="xs"
                          c="dimmed"
                        >{` (${t('panels.node.running', { version: pkg.runningKernel })})`}</Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        ) : null}
      </Collapse>
    </Stack>
  )
}

const keyPackage = (pkg: PackageVersion): boolean =>
  pkg.package === 'pve-manager' ||
  pkg.package === 'proxmox-ve' ||
  pkg.runningKernel !== undefined ||
  /^(proxmox|pve)-kernel-helper$/.test(pkg.package)
