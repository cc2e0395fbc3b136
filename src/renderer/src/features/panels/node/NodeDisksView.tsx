import { Badge, Progress, Table, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { NodeDisksPanel } from '../../../../../shared/model/infra-panels'
import { formatBytes, formatPercent } from '../../../lib/format'
import { usageColor } from './UsageBar'

/**
 * The node's Disks tab. PVE's `wearout` is the life left in percent; its GUI shows the life used
 * (pve-manager www/manager6/node/DiskList.js: `100 - value`), and so does the bar here.
 */
export function NodeDisksView({ value }: { value: NodeDisksPanel }): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  if (value.disks.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('panels.node.disks.none')}
      </Text>
    )
  return (
    <Table fz="sm" verticalSpacing={4} highlightOnHover data-testid="node-disks">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('panels.node.disks.device')}</Table.Th>
          <Table.Th>{t('panels.node.disks.type')}</Table.Th>
          <Table.Th>{t('panels.node.disks.model')}</Table.Th>
          <Table.Th>{t('panels.node.disks.serial')}</Table.Th>
          <Table.Th>{t('panels.node.disks.size')}</Table.Th>
          <Table.Th>{t('panels.node.disks.health')}</Table.Th>
          <Table.Th>{t('panels.node.disks.wearout')}</Table.Th>
          <Table.Th>{t('panels.node.disks.usage')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {value.disks.map((disk) => {
          const wornFraction =
            disk.wearout === undefined || !Number.isFinite(disk.wearout)
              ? undefined
              : Math.min(Math.max(100 - disk.wearout, 0), 100) / 100
          return (
            <Table.Tr key={disk.devpath} data-disk={disk.devpath}>
              <Table.Td ff="monospace">{disk.devpath}</Table.Td>
              <Table.Td>{disk.type ?? '—'}</Table.Td>
              <Table.Td>{[disk.vendor, disk.model].filter(Boolean).join(' ') || '—'}</Table.Td>
              <Table.Td ff="monospace">{disk.serial ?? '—'}</Table.Td>
              <Table.Td>{formatBytes(disk.size, locale)}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={healthColor(disk.health)}>
                  {disk.health ?? '—'}
                </Badge>
              </Table.Td>
              <Table.Td miw={100}>
                {wornFraction === undefined ? (
                  '—'
                ) : (
                  <>
                    <Progress
                      value={wornFraction * 100}
                      color={usageColor(wornFraction)}
                      size="sm"
                      aria-label={formatPercent(wornFraction, locale)}
                    />
                    <Text size="xs" c="dimmed">
                      {t('panels.node.disks.worn', { percent: formatPercent(wornFraction, locale) })}
                    </Text>
                  </>
                )}
              </Table.Td>
              <Table.Td>{disk.used ?? t('panels.node.disks.unused')}</Table.Td>
            </Table.Tr>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}

function healthColor(health: string | undefined): string {
  const h = health?.toUpperCase()
  if (h === 'PASSED' || h === 'OK') return 'green'
  if (h === undefined || h === 'UNKNOWN') return 'gray'
  return 'red'
}
