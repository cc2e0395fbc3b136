import { Alert, Badge, Button, Group, Stack, Text, Title, Tooltip } from '@mantine/core'
import { CloudOff, ListX, RefreshCw } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { ClusterCapture, ClusterEntry } from '../../stores/fleet-store'
import { useInventoryStore } from '../../stores/inventory-store'
import { Figures } from '../details/Figures'
import { IssuesDialog } from './IssuesDialog'
import { bothTimes } from './inventory-format'

const REACH_COLOR = { captured: 'green', partial: 'orange', unreachable: 'red' } as const

/**
 * A cluster of an inventory snapshot: how the capture reached it, when its data was true, its PVE version and
 * its issues. Retry stays visible and disabled, saying why: nothing acts on a record of the past.
 */
export function CapturedClusterDetails({
  entry,
  capture,
}: {
  entry: ClusterEntry
  capture: ClusterCapture
}): ReactElement {
  const { t, i18n } = useTranslation()
  const opened = useInventoryStore((s) => s.opened)
  const [issues, setIssues] = useState(false)
  const { summary, status } = entry
  const when = (iso: string): string => bothTimes(iso, i18n.language)
  const count = opened?.issues.filter((i) => i.clusterId === summary.id).length ?? 0
  const off = t('inventory.offline.actionsOff')
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Title order={3}>{summary.name}</Title>
        <Badge color={REACH_COLOR[capture.reach]} variant="light">
          {t(`inventory.reach.${capture.reach}`)}
        </Badge>
      </Group>
      {capture.reach === 'unreachable' && capture.lastKnownAt === undefined ? (
        <Alert color="red" icon={<CloudOff size={16} />} p="xs">
          {t('inventory.cluster.unreachableNoData')}
        </Alert>
      ) : null}
      <Figures
        rows={[
          [t('inventory.cluster.takenAt'), when(capture.takenAt)],
          ...(capture.lastKnownAt === undefined
            ? []
            : [[t('inventory.cluster.lastKnownAt'), when(capture.lastKnownAt)] as [string, string]]),
          [t('details.version'), status.version ?? '—'],
          [t('inventory.cluster.clusterName'), status.clusterName ?? '—'],
          [t('inventory.cluster.issues'), String(count)],
        ]}
      />
      <Group gap="xs">
        <Button
          variant="light"
          leftSection={<ListX size={14} aria-hidden="true" />}
          disabled={count === 0}
          onClick={() => setIssues(true)}
        >
          {t('inventory.banner.issues', { count })}
        </Button>
        <Tooltip label={off} withinPortal>
          {/* A disabled button takes no pointer events: the wrapper carries the tooltip. */}
          <span>
            <Button variant="light" leftSection={<RefreshCw size={14} aria-hidden="true" />} disabled>
              {t('cluster.retry')}
            </Button>
          </span>
        </Tooltip>
      </Group>
      <Text size="xs" c="dimmed" data-testid="offline-reason">
        {off}
      </Text>
      {issues && opened !== undefined ? (
        <IssuesDialog opened={opened} clusterId={summary.id} onClose={() => setIssues(false)} />
      ) : null}
    </Stack>
  )
}
