import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core'
import { Lock } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { StoragePanel } from '../../../../../shared/model/infra-panels'
import type { BackupEntry } from '../../../../../shared/model/panels'
import { formatBytes } from '../../../lib/format'
import { uptime } from '../../details/details-format'
import { formatDateTime } from '../node/infra-format'
import { UsageBar } from '../node/UsageBar'

/** A storage holding thousands of backups lists the newest ones; the count says how many there are. */
const SHOWN_BACKUPS = 300

/** The storage's usage per node, what it holds per content type, and its backups newest first. */
export function StoragePanelView({
  value,
  nowSeconds,
}: {
  value: StoragePanel
  nowSeconds: number
}): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const backups = [...value.backups].sort((a, b) => (b.ctime ?? 0) - (a.ctime ?? 0)).slice(0, SHOWN_BACKUPS)
  return (
    <Stack gap="md" data-testid="storage-panel-view">
      <Stack gap={4}>
        <Title order={5}>{t('panels.storage.perNode')}</Title>
        <Table fz="sm" verticalSpacing={4} data-testid="storage-per-node">
          <Table.Tbody>
            {value.perNode.map((row) => (
              <Table.Tr key={row.node} data-node={row.node}>
                <Table.Td w="30%">{row.node}</Table.Td>
                <Table.Td w="20%">
                  <Badge size="sm" variant="dot" color={row.active === false ? 'gray' : 'green'}>
                    {t(`status.${row.status}`, { defaultValue: row.status })}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <UsageBar used={row.used} total={row.total} testId={`storage-node-usage-${row.node}`} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      <Stack gap={4}>
        <Title order={5}>{t('panels.storage.contentSummary')}</Title>
        {value.contentSummary.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('panels.storage.empty')}
          </Text>
        ) : (
          <Table fz="sm" verticalSpacing={2} data-testid="storage-content">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('panels.storage.content')}</Table.Th>
                <Table.Th>{t('panels.storage.count')}</Table.Th>
                <Table.Th>{t('panels.storage.size')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {value.contentSummary.map((row) => (
                <Table.Tr key={row.content} data-content={row.content}>
                  <Table.Td>
                    {t(`panels.storage.contents.${row.content}`, { defaultValue: row.content })}
                  </Table.Td>
                  <Table.Td>{new Intl.NumberFormat(locale).format(row.count)}</Table.Td>
                  <Table.Td>{formatBytes(row.size, locale)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {value.content.includes('backup') || value.backups.length > 0 ? (
        <Stack gap={4}>
          <Title order={5}>{t('panels.storage.backups', { count: value.backups.length })}</Title>
          {backups.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('panels.storage.noBackups')}
            </Text>
          ) : (
            <Table fz="sm" verticalSpacing={2} data-testid="storage-backups">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('panels.storage.backupTime')}</Table.Th>
                  <Table.Th>{t('panels.storage.age')}</Table.Th>
                  <Table.Th>{t('panels.storage.vmid')}</Table.Th>
                  <Table.Th>{t('panels.storage.size')}</Table.Th>
                  <Table.Th>{t('panels.storage.verification')}</Table.Th>
                  <Table.Th>{t('panels.storage.volume')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {backups.map((backup) => (
                  <Table.Tr key={backup.volid} data-volid={backup.volid}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(backup.ctime, locale)}
                    </Table.Td>
                    <Table.Td>
                      {backup.ctime === undefined ? '—' : uptime(t, Math.max(1, nowSeconds - backup.ctime))}
                    </Table.Td>
                    <Table.Td>{backup.vmid ?? '—'}</Table.Td>
                    <Table.Td>{formatBytes(backup.size, locale)}</Table.Td>
                    <Table.Td>
                      <Verification backup={backup} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {backup.protected ? (
                          <Lock size={12} aria-label={t('panels.storage.protected')} />
                        ) : null}
                        <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                          {backup.volid}
                        </Text>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      ) : null}
    </Stack>
  )
}

/** PBS's verify state: ok green, failed red, never verified grey. */
function Verification({ backup }: { backup: BackupEntry }): ReactElement {
  const { t } = useTranslation()
  const state = backup.verification?.state
  const color = state === 'ok' ? 'green' : state === undefined ? 'gray' : 'red'
  return (
    <Badge size="sm" variant="light" color={color} data-verification={state ?? 'none'}>
      {state === undefined
        ? t('panels.storage.notVerified')
        : t(`panels.storage.verify.${state}`, { defaultValue: state })}
    </Badge>
  )
}
