import { Anchor, Table, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { pveDesk } from '../../../api/client'
import { useTaskDock } from '../../../stores/task-dock-store'
import { formatDuration, formatTime, typeWords } from '../../tasks/task-words'
import { PanelFrame } from '../PanelFrame'
import { TaskStateBadge } from '../TaskStateBadge'
import { usePanelQuery } from '../use-panel-query'
import type { GuestPanelProps } from './guest-panel-props'
import { LIST_REFRESH_MS } from './guest-panel-props'

/** Tâches: the guest's task history on its node, newest first; a task's type opens its log in the task dock. */
export function TasksTab({ clusterId, vmid }: GuestPanelProps): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const reveal = useTaskDock((s) => s.reveal)
  const query = usePanelQuery(
    `${clusterId}/${vmid}/tasks`,
    (options) => pveDesk().panelGuestTasks({ clusterId, vmid }, options),
    { refreshMs: LIST_REFRESH_MS },
  )
  return (
    <PanelFrame query={query} testId="guest-tasks">
      {({ tasks, total }) =>
        tasks.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('panels.guest.tasks.none')}
          </Text>
        ) : (
          <>
            {total !== undefined && total > tasks.length ? (
              <Text size="xs" c="dimmed">
                {t('panels.guest.tasks.total', { shown: tasks.length, total })}
              </Text>
            ) : null}
            <Table striped withTableBorder verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('panels.guest.tasks.start')}</Table.Th>
                  <Table.Th>{t('panels.guest.tasks.type')}</Table.Th>
                  <Table.Th>{t('panels.guest.tasks.user')}</Table.Th>
                  <Table.Th>{t('panels.guest.tasks.node')}</Table.Th>
                  <Table.Th>{t('panels.guest.tasks.duration')}</Table.Th>
                  <Table.Th>{t('panels.guest.tasks.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tasks.map((task) => {
                  const type = typeWords(task.type, t)
                  return (
                    <Table.Tr key={task.upid} data-upid={task.upid}>
                      <Table.Td>{formatTime(task.starttime, locale)}</Table.Td>
                      <Table.Td>
                        <Anchor
                          component="button"
                          type="button"
                          size="sm"
                          aria-label={t('panels.guest.tasks.openLog', { type })}
                          onClick={() => reveal({ clusterId: task.clusterId, upid: task.upid })}
                        >
                          {type}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{task.user}</Table.Td>
                      <Table.Td>{task.node}</Table.Td>
                      <Table.Td>
                        {task.endtime === undefined ? '—' : formatDuration(task.endtime - task.starttime)}
                      </Table.Td>
                      <Table.Td>
                        <TaskStateBadge task={task} />
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          </>
        )
      }
    </PanelFrame>
  )
}
