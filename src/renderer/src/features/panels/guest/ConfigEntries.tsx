import { Badge, Group, Table, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { ConfigEntry } from '../../../../../shared/model/panels'
import { isPending } from './config-groups'

/** PVE's colour for pending values (its GUI shows them in the row, the applied value struck through). */
export const PENDING_COLOUR = 'orange'

/** A config value with its pending change: old → new, or struck through when it goes at the next start. */
export function PendingValue({
  value,
  pending,
  deleted,
}: {
  value: string | undefined
  pending: string | undefined
  deleted: boolean
}): ReactElement {
  const { t } = useTranslation()
  if (deleted)
    return (
      <Text size="sm" span data-pending="delete" title={t('panels.guest.config.deleted')}>
        <Text span td="line-through" c="dimmed" size="sm">
          {value ?? ''}
        </Text>{' '}
        <Text span c={PENDING_COLOUR} size="xs">
          ({t('panels.guest.config.deleted')})
        </Text>
      </Text>
    )
  if (pending !== undefined && pending !== value)
    return (
      <Text
        size="sm"
        span
        data-pending="change"
        title={t('panels.guest.config.pendingTitle', { value: pending })}
      >
        {value === undefined ? null : (
          <>
            <Text span td="line-through" c="dimmed" size="sm">
              {value}
            </Text>
            {' → '}
          </>
        )}
        <Text span c={PENDING_COLOUR} fw={600} size="sm">
          {pending}
        </Text>
      </Text>
    )
  return (
    <Text size="sm" span style={{ wordBreak: 'break-all' }}>
      {value ?? ''}
    </Text>
  )
}

/** The legend under any table with a pending change. */
export function PendingLegend({ shown }: { shown: boolean }): ReactElement | null {
  const { t } = useTranslation()
  if (!shown) return null
  return (
    <Group gap={6}>
      <Badge size="xs" color={PENDING_COLOUR} variant="light">
        {t('panels.guest.config.pendingBadge')}
      </Badge>
      <Text size="xs" c="dimmed">
        {t('panels.guest.config.pendingLegend')}
      </Text>
    </Group>
  )
}

/** Config lines as key and value, pending ones highlighted. */
export function ConfigEntries({
  entries,
  testId,
}: {
  entries: readonly ConfigEntry[]
  testId: string
}): ReactElement {
  const { t } = useTranslation()
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        {t('panels.guest.config.empty')}
      </Text>
    )
  return (
    <>
      <Table striped withTableBorder verticalSpacing={4} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="30%">{t('panels.guest.config.key')}</Table.Th>
            <Table.Th>{t('panels.guest.config.value')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.key} data-key={entry.key} data-changed={isPending(entry) || undefined}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {entry.key}
                </Text>
              </Table.Td>
              <Table.Td>
                <PendingValue value={entry.value} pending={entry.pending} deleted={entry.delete === true} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <PendingLegend shown={entries.some(isPending)} />
    </>
  )
}
