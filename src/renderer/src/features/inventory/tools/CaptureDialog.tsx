import { Alert, Badge, Button, Group, Modal, Progress, Stack, Table, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import { TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { CaptureFinished } from '../../../../../shared/ipc/domains/inventory'
import type { CaptureProgress } from '../../../../../shared/model/inventory-snapshot'
import { describeError } from '../../../api/errors'
import { formatPercent } from '../../../lib/format'
import type { CaptureOutcome, CaptureRun } from '../../../stores/capture-store'
import { captureFraction, useCaptureStore } from '../../../stores/capture-store'
import { useFleetStore } from '../../../stores/fleet-store'
import { openInventoryFile } from './open-inventory'

type ClusterState = CaptureProgress['clusters'][number]['state']

const STATE_COLOR: Record<ClusterState, string> = {
  waiting: 'gray',
  running: 'blue',
  done: 'green',
  partial: 'orange',
  unreachable: 'red',
  cancelled: 'gray',
}

/** "3 clusters · 12 nodes · 240 guests · no issue", from the manifest's summary. */
export function summaryLine(
  summary: Extract<CaptureFinished, { ok: true }>['summary'],
  t: TFunction,
): string {
  return [
    t('audit.capture.clusters', { count: summary.clusters }),
    t('audit.capture.nodes', { count: summary.nodes }),
    t('audit.capture.guests', { count: summary.guests }),
    t('audit.capture.issues', { count: summary.issues }),
  ].join(' · ')
}

/**
 * The progress of the inventory snapshot under way (calls done of known, per cluster, the phase) with Cancel,
 * then its end: the file written, or why none was. It may be closed while the capture runs: the capture goes on.
 */
export function CaptureDialog(): ReactElement {
  const { t } = useTranslation()
  const opened = useCaptureStore((s) => s.dialogOpen)
  const run = useCaptureStore((s) => s.run)
  const outcome = useCaptureStore((s) => s.outcome)
  const close = useCaptureStore((s) => s.closeDialog)
  const title = outcome === undefined || run !== undefined ? t('audit.capture.title') : endTitle(outcome, t)
  return (
    <Modal opened={opened} onClose={close} title={title} size="lg">
      {run !== undefined ? <RunningCapture run={run} /> : null}
      {run === undefined && outcome !== undefined ? <CaptureEnd outcome={outcome} /> : null}
    </Modal>
  )
}

const endTitle = (outcome: CaptureOutcome, t: TFunction): string =>
  outcome.ok ? t('audit.capture.doneTitle') : t('audit.capture.failedTitle')

function RunningCapture({ run }: { run: CaptureRun }): ReactElement {
  const { t, i18n } = useTranslation()
  const cancel = useCaptureStore((s) => s.cancel)
  const close = useCaptureStore((s) => s.closeDialog)
  const names = useFleetStore((s) => s.clusters)
  const progress = run.progress
  const fraction = captureFraction(progress)
  // "12 345 appels sur 40 000": counts in the reader's digits, as the rest of the app.
  const n = new Intl.NumberFormat(i18n.language)
  const phase =
    progress === undefined ? t('audit.capture.starting') : t(`audit.capture.phase.${progress.phase}`)
  return (
    <Stack gap="md" data-testid="capture-progress" data-phase={progress?.phase ?? 'starting'}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" fw={500} role="status">
            {phase}
          </Text>
          <Text size="sm" c="dimmed" data-testid="capture-calls">
            {progress === undefined
              ? ''
              : t('audit.capture.calls', { done: n.format(progress.done), total: n.format(progress.total) })}
          </Text>
        </Group>
        <Progress
          value={(fraction ?? 0) * 100}
          animated={progress?.phase === 'writing' || fraction === undefined}
          striped={progress?.phase === 'writing'}
          aria-label={`${t('audit.capture.total')} ${formatPercent(fraction ?? 0, i18n.language)}`}
        />
      </Stack>
      {progress !== undefined && progress.clusters.length > 0 ? (
        <Table aria-label={t('audit.capture.title')} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.capture.cluster')}</Table.Th>
              <Table.Th>{t('audit.capture.state')}</Table.Th>
              <Table.Th style={{ width: '35%' }}>{t('audit.capture.progress')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {progress.clusters.map((c) => (
              <Table.Tr key={c.clusterId} data-cluster={c.clusterId} data-state={c.state}>
                <Table.Td>{names[c.clusterId]?.summary.name ?? c.clusterId}</Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLOR[c.state]} variant="light" tt="none">
                    {t(`audit.capture.clusterState.${c.state}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Progress
                      style={{ flex: 1 }}
                      size="sm"
                      color={STATE_COLOR[c.state]}
                      value={c.total === 0 ? 0 : (100 * c.done) / c.total}
                      aria-hidden="true"
                    />
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {`${n.format(c.done)}/${n.format(c.total)}`}
                    </Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      <Text size="xs" c="dimmed">
        {t('audit.capture.closeHint')} {t('audit.capture.cancelHint')}
      </Text>
      <Group justify="flex-end">
        <Button
          variant="default"
          color="red"
          onClick={() => void cancel()}
          loading={run.cancelling}
          disabled={run.captureId === undefined}
        >
          {run.cancelling ? t('audit.capture.cancelling') : t('audit.capture.cancel')}
        </Button>
        <Button variant="default" onClick={close}>
          {t('audit.capture.close')}
        </Button>
      </Group>
    </Stack>
  )
}

function CaptureEnd({ outcome }: { outcome: CaptureOutcome }): ReactElement {
  const { t } = useTranslation()
  const close = useCaptureStore((s) => s.closeDialog)
  if (!outcome.ok) {
    const cancelled = outcome.error.code === 'cancelled'
    return (
      <Stack gap="md" data-testid="capture-end" data-outcome={cancelled ? 'cancelled' : 'failed'}>
        {cancelled ? (
          <Text>{t('audit.capture.cancelled')}</Text>
        ) : (
          <Alert color="red">{describeError(outcome.error, t)}</Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('audit.capture.close')}
          </Button>
        </Group>
      </Stack>
    )
  }
  const open = (): void => {
    close()
    void openInventoryFile(outcome.file.fileId)
  }
  return (
    <Stack gap="sm" data-testid="capture-end" data-outcome="written">
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" c="dimmed">
          {t('audit.capture.file')}
        </Text>
        <Text size="sm" ff="monospace" data-testid="capture-file" style={{ wordBreak: 'break-all' }}>
          {outcome.file.name}
        </Text>
      </Group>
      <Text data-testid="capture-summary">{summaryLine(outcome.summary, t)}</Text>
      {outcome.summary.issues > 0 ? (
        <Group gap={6} wrap="nowrap">
          <TriangleAlert size={16} color="var(--mantine-color-orange-7)" aria-hidden="true" />
          <Text size="sm">{t('audit.capture.issuesHint')}</Text>
        </Group>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={close}>
          {t('audit.capture.close')}
        </Button>
        <Button onClick={open}>{t('audit.capture.open')}</Button>
      </Group>
    </Stack>
  )
}
