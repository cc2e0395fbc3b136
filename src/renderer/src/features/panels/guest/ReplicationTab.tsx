import { Badge, Table, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { ReplicationJob } from '../../../../../shared/model/panels'
import { pveDesk } from '../../../api/client'
import { formatDuration, formatTime } from '../../tasks/task-words'
import { PanelFrame } from '../PanelFrame'
import { usePanelQuery } from '../use-panel-query'
import type { GuestPanelProps } from './guest-panel-props'
import { LIST_REFRESH_MS } from './guest-panel-props'

function JobState({ job }: { job: ReplicationJob }): ReactElement {
  const { t } = useTranslation()
  if (job.removeJob !== undefined) return <Badge color="gray">{t('panels.guest.replication.removing')}</Badge>
  if (job.disabled) return <Badge color="gray">{t('panels.guest.replication.disabled')}</Badge>
  if (job.state === 'syncing') return <Badge color="blue">{t('panels.guest.replication.syncing')}</Badge>
  if (job.failCount > 0 || job.error !== undefined)
    return (
      <>
        <Badge color="red">{t('panels.guest.replication.error')}</Badge>
        {job.error === undefined ? null : (
          <Text size="xs" c="red" style={{ whiteSpace: 'pre-wrap' }}>
            {job.error}
          </Text>
        )}
      </>
    )
  return <Badge color="green">{t('panels.guest.replication.ok')}</Badge>
}

/** Réplication: the guest's storage replication jobs and the state of their last run. */
export function ReplicationTab({ clusterId, vmid }: GuestPanelProps): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const query = usePanelQuery(
    `${clusterId}/${vmid}/replication`,
    (options) => pveDesk().panelGuestReplication({ clusterId, vmid }, options),
    { refreshMs: LIST_REFRESH_MS },
  )
  const when = (epoch: number | undefined): string =>
    epoch === undefined || epoch === 0 ? t('panels.guest.replication.never') : formatTime(epoch, locale)
  return (
    <PanelFrame query={query} testId="guest-replication">
      {({ jobs }) =>
        jobs.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('panels.guest.replication.none')}
          </Text>
        ) : (
          <Table striped withTableBorder verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('panels.guest.replication.job')}</Table.Th>
                <Table.Th>{t('panels.guest.replication.target')}</Table.Th>
                <Table.Th>{t('panels.guest.replication.schedule')}</Table.Th>
                <Table.Th>{t('panels.guest.replication.lastSync')}</Table.Th>
                <Table.Th>{t('panels.guest.replication.nextSync')}</Table.Th>
                <Table.Th>{t('panels.guest.replication.duration')}</Table.Th>
                <Table.Th>{t('panels.guest.replication.failCount')}</Table.Th>
                <Table.Th>{t('panels.guest.replication.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.map((job) => (
                <Table.Tr key={job.id} data-job={job.id} title={job.comment}>
                  <Table.Td>{job.id}</Table.Td>
                  <Table.Td>{job.target}</Table.Td>
                  <Table.Td>{job.schedule}</Table.Td>
                  <Table.Td>{when(job.lastSync)}</Table.Td>
                  <Table.Td>{when(job.nextSync)}</Table.Td>
                  <Table.Td>{job.duration === undefined ? '—' : formatDuration(job.duration)}</Table.Td>
                  <Table.Td>{job.failCount}</Table.Td>
                  <Table.Td>
                    <JobState job={job} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )
      }
    </PanelFrame>
  )
}
