import { Table, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { TaskHistoryPanel } from '../../../../../shared/model/panels'
import { revealTask } from '../../../stores/task-store'
import { formatTime, typeWords } from '../../tasks/task-words'
import { TaskStateBadge } from '../TaskStateBadge'

/** The node's Tasks tab: its history, newest first; a click opens the task's log in the task dock. */
export function NodeTasksView({ value }: { value: TaskHistoryPanel }): ReactElement {
  const { t, i18n } = useTranslation()
  if (value.tasks.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('panels.node.tasks.none')}
      </Text>
    )
  return (
    <Table fz="sm" verticalSpacing={4} highlightOnHover data-testid="node-tasks">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('panels.node.tasks.start')}</Table.Th>
          <Table.Th>{t('panels.node.tasks.type')}</Table.Th>
          <Table.Th>{t('panels.node.tasks.id')}</Table.Th>
          <Table.Th>{t('panels.node.tasks.user')}</Table.Th>
          <Table.Th>{t('panels.node.tasks.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {value.tasks.map((task) => (
          <Table.Tr
            key={task.key}
            data-upid={task.upid}
            tabIndex={0}
            style={{ cursor: 'pointer' }}
            title={t('panels.node.tasks.openLog')}
            onClick={() => revealTask(task.clusterId, task.upid)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault()
                revealTask(task.clusterId, task.upid)
              }
            }}
          >
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(task.starttime, i18n.language)}</Table.Td>
            <Table.Td>{typeWords(task.type, t)}</Table.Td>
            <Table.Td ff="monospace">{task.id}</Table.Td>
            <Table.Td>{task.user}</Table.Td>
            <Table.Td>
              <TaskStateBadge task={task} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
