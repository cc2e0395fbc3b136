import { Badge, Group, Table, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { NodeStoragePanel } from '../../../../../shared/model/infra-panels'
import { UsageBar } from './UsageBar'

/** The node's Storage tab: each storage it sees with its usage, content types, shared, active and enabled. */
export function NodeStorageView({ value }: { value: NodeStoragePanel }): ReactElement {
  const { t } = useTranslation()
  if (value.storages.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('panels.node.storage.none')}
      </Text>
    )
  return (
    <Table fz="sm" verticalSpacing={4} highlightOnHover data-testid="node-storage">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('panels.node.storage.name')}</Table.Th>
          <Table.Th>{t('panels.node.storage.type')}</Table.Th>
          <Table.Th>{t('panels.node.storage.content')}</Table.Th>
          <Table.Th>{t('panels.node.storage.state')}</Table.Th>
          <Table.Th>{t('panels.node.storage.usage')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {value.storages.map((s) => (
          <Table.Tr key={s.storage} data-storage={s.storage}>
            <Table.Td ff="monospace">{s.storage}</Table.Td>
            <Table.Td>{s.type}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                {s.content.map((c) => (
                  <Badge key={c} size="xs" variant="outline" tt="none">
                    {t(`panels.storage.contents.${c}`, { defaultValue: c })}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <Badge size="xs" variant="dot" color={s.active ? 'green' : 'gray'}>
                  {s.active ? t('panels.node.storage.active') : t('panels.node.storage.inactive')}
                </Badge>
                {s.enabled ? null : (
                  <Badge size="xs" color="orange" variant="light">
                    {t('panels.node.storage.disabled')}
                  </Badge>
                )}
                {s.shared ? (
                  <Badge size="xs" variant="outline" color="blue">
                    {t('panels.node.storage.shared')}
                  </Badge>
                ) : null}
              </Group>
            </Table.Td>
            <Table.Td>
              <UsageBar used={s.used} total={s.total} testId={`storage-usage-${s.storage}`} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
