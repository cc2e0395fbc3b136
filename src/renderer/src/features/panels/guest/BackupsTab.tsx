import { Badge, Group, Table, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { BackupEntry } from '../../../../../shared/model/panels'
import { pveDesk } from '../../../api/client'
import { durationParts, formatBytes } from '../../../lib/format'
import { formatTime } from '../../tasks/task-words'
import { PanelFrame } from '../PanelFrame'
import { usePanelQuery } from '../use-panel-query'
import type { GuestPanelProps } from './guest-panel-props'
import { LIST_REFRESH_MS } from './guest-panel-props'

/** "2 d ago": how old a backup is, which is what an operator asks first. */
export function ageText(t: TFunction, ctime: number | undefined, now: number): string {
  if (ctime === undefined || now === 0) return '—'
  const { unit, count } = durationParts(now / 1000 - ctime)
  return t('panels.guest.backups.ago', { age: t(`duration.${unit}`, { count }) })
}

function Verification({ entry }: { entry: BackupEntry }): ReactElement {
  const { t } = useTranslation()
  const state = entry.verification?.state
  if (state === undefined)
    return (
      <Text size="xs" c="dimmed">
        {t('panels.guest.backups.notVerified')}
      </Text>
    )
  const ok = state === 'ok'
  return (
    <Badge size="sm" variant="light" color={ok ? 'green' : 'red'} title={entry.verification?.upid}>
      {ok ? t('panels.guest.backups.verifyOk') : t('panels.guest.backups.verifyFailed')}
    </Badge>
  )
}

/** Sauvegardes: this guest's backups on every backup storage of its node, newest first; a storage that fails is a gap. */
export function BackupsTab({ clusterId, vmid }: GuestPanelProps): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const query = usePanelQuery(
    `${clusterId}/${vmid}/backups`,
    (options) => pveDesk().panelGuestBackups({ clusterId, vmid }, options),
    { refreshMs: LIST_REFRESH_MS },
  )
  // Ages are counted from the answer's time: a kept answer does not age by itself on screen.
  const now = query.at ?? 0
  return (
    <PanelFrame query={query} testId="guest-backups">
      {({ backups, storages }) =>
        backups.length === 0 ? (
          <Text size="sm" c="dimmed">
            {storages.length === 0
              ? t('panels.guest.backups.noStorage')
              : t('panels.guest.backups.none', { storages: storages.join(', ') })}
          </Text>
        ) : (
          <>
            <Text size="xs" c="dimmed">
              {t('panels.guest.backups.count', { count: backups.length, storages: storages.join(', ') })}
            </Text>
            <Table striped withTableBorder verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('panels.guest.backups.when')}</Table.Th>
                  <Table.Th>{t('panels.guest.backups.age')}</Table.Th>
                  <Table.Th>{t('panels.guest.backups.storage')}</Table.Th>
                  <Table.Th>{t('panels.guest.backups.size')}</Table.Th>
                  <Table.Th>{t('panels.guest.backups.format')}</Table.Th>
                  <Table.Th>{t('panels.guest.backups.verification')}</Table.Th>
                  <Table.Th>{t('panels.guest.backups.notes')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {backups.map((entry) => (
                  <Table.Tr key={entry.volid} data-volid={entry.volid} title={entry.volid}>
                    <Table.Td>{entry.ctime === undefined ? '—' : formatTime(entry.ctime, locale)}</Table.Td>
                    <Table.Td>{ageText(t, entry.ctime, now)}</Table.Td>
                    <Table.Td>{entry.storage}</Table.Td>
                    <Table.Td>{formatBytes(entry.size, locale)}</Table.Td>
                    <Table.Td>
                      {entry.subtype === undefined
                        ? (entry.format ?? '—')
                        : `${entry.format ?? ''} (${entry.subtype})`}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Verification entry={entry} />
                        {entry.protected ? (
                          <Badge size="sm" variant="outline">
                            {t('panels.guest.backups.protected')}
                          </Badge>
                        ) : null}
                        {entry.encrypted === true ? (
                          <Badge size="sm" variant="outline" color="gray">
                            {t('panels.guest.backups.encrypted')}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                        {entry.notes ?? ''}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )
      }
    </PanelFrame>
  )
}
