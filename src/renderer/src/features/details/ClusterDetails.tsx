import { Alert, Badge, Button, Group, Stack, Text, Title } from '@mantine/core'
import { RefreshCw, TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { refreshCluster } from '../../stores/actions'
import { useOffline, useShownFleet } from '../../stores/shown-fleet'
import { ClusterProblems, hasProblemPanel } from '../clusters/ClusterProblems'
import { CapturedClusterDetails } from '../inventory/CapturedClusterDetails'
import { ClusterPanel } from '../panels/cluster/ClusterPanel'
import { Figures } from './Figures'
import { NoDetails } from './NoDetails'

/** A cluster's connection (state, problems to act on, who serves it, Retry now), then its panel read live. */
export function ClusterDetails({ clusterId }: { clusterId: string }): ReactElement {
  const { t, i18n } = useTranslation()
  const entry = useShownFleet((s) => s.clusters[clusterId])
  const offline = useOffline()
  if (entry === undefined) return <NoDetails />
  if (entry.capture !== undefined) return <CapturedClusterDetails entry={entry} capture={entry.capture} />
  const { status, summary } = entry
  const time = (ms: number | null | undefined): string =>
    ms == null ? '—' : new Date(ms).toLocaleTimeString(i18n.language)
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Title order={3}>{summary.name}</Title>
        <Badge color={status.state === 'online' ? 'green' : 'red'} variant="light">
          {t(`status.${status.state}`)}
        </Badge>
        {summary.readOnly ? <Badge variant="outline">{t('cluster.readOnly')}</Badge> : null}
      </Group>
      <ClusterProblems entry={entry} />
      {status.error === undefined || hasProblemPanel(entry) ? null : (
        <Alert color="red" icon={<TriangleAlert size={16} />} title={t(`error.${status.error.code}`)} p="xs">
          <Text size="xs" ff="monospace">
            {status.error.message}
          </Text>
        </Alert>
      )}
      <Figures
        rows={[
          [t('details.version'), status.version ?? '—'],
          [t('details.servedBy'), status.servedBy ?? '—'],
          [t('details.lastUpdated'), time(status.lastUpdated)],
          [t('details.nextAttempt'), time(status.nextAttemptAt)],
        ]}
      />
      <Button
        variant="light"
        leftSection={<RefreshCw size={14} />}
        w="fit-content"
        onClick={() => void refreshCluster(summary.id)}
      >
        {t('cluster.retry')}
      </Button>
      {offline ? null : (
        <ClusterPanel clusterId={summary.id} connected={status.state === 'online' && !status.stale} />
      )}
    </Stack>
  )
}
