import { Alert, Button, Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core'
import { ArrowLeft } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { DrReport } from '../../../../shared/model/dr'
import { useDrStore } from '../../stores/dr-store'
import { useUiStore } from '../../stores/ui-store'
import { DrLiveActions } from './DrLiveActions'
import { DrMatrix } from './DrMatrix'
import { DrOfflineBanner } from './DrOfflineBanner'
import { SitesOverview } from './sites/SitesOverview'
import { TargetsEditor } from './TargetsEditor'

type Segment = 'guests' | 'sites'

/**
 * The DR view in the main area: the guests' matrix (« Invités ») or the sites' health (« Sites »). Live, it shows
 * main's newest report and offers Refresh (cancellable) and the targets; fed by `offline`, an inventory
 * snapshot's report as it was at capture, under a banner saying so (nothing to refresh or edit).
 */
export function DrView({ offline }: { offline?: { report: DrReport | undefined } }): ReactElement {
  const { t, i18n } = useTranslation()
  const live = useDrStore((s) => s.report)
  const error = useDrStore((s) => s.error)
  const refreshCancelled = useDrStore((s) => s.refreshCancelled)
  const [segment, setSegment] = useState<Segment>('guests')
  const [editing, setEditing] = useState(false)
  const report = offline === undefined ? live : offline.report

  // A row chosen in the tree while the DR view is up: the operator wants its details.
  useEffect(
    () =>
      useUiStore.subscribe((s, before) => {
        if (s.selected !== before.selected && s.mainView === 'dr') s.setMainView('details')
      }),
    [],
  )

  const counts = report?.counts
  const when =
    report === undefined
      ? undefined
      : new Date(report.at * 1000).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'medium' })

  return (
    <Stack gap="sm" h="100%" data-testid="dr-view" style={{ minHeight: 0 }}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm" wrap="nowrap">
          <Button
            size="xs"
            variant="subtle"
            leftSection={<ArrowLeft size={14} aria-hidden="true" />}
            onClick={() => useUiStore.getState().setMainView('details')}
          >
            {t('dr.back')}
          </Button>
          <Title order={4}>{t('dr.title')}</Title>
          <SegmentedControl
            size="xs"
            aria-label={t('dr.segment.label')}
            value={segment}
            onChange={(value) => setSegment(value === 'sites' ? 'sites' : 'guests')}
            data={[
              { value: 'guests', label: t('dr.segment.guests') },
              { value: 'sites', label: t('dr.segment.sites') },
            ]}
          />
        </Group>
        {offline === undefined ? <DrLiveActions onTargets={() => setEditing(true)} /> : null}
      </Group>
      {offline !== undefined ? <DrOfflineBanner report={offline.report} /> : null}
      {counts !== undefined && when !== undefined ? (
        <Text size="sm" data-testid="dr-counts">
          {t('dr.counts', counts)} · {t('dr.computedAt', { when })}
        </Text>
      ) : null}
      {refreshCancelled && offline === undefined ? (
        <Text size="sm" c="dimmed" role="status" data-testid="dr-refresh-cancelled">
          {t('dr.refreshCancelled')}
        </Text>
      ) : null}
      {error !== undefined && offline === undefined ? (
        <Alert color="red" variant="light" role="alert">
          {t('dr.loadFailed', { message: error.message })}
        </Alert>
      ) : null}
      {report === undefined ? (
        offline !== undefined ? null : error === undefined ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">{t('dr.loading')}</Text>
          </Group>
        ) : null
      ) : segment === 'guests' ? (
        <DrMatrix report={report} />
      ) : (
        <SitesOverview report={report} offline={offline !== undefined} />
      )}
      {editing ? <TargetsEditor onClose={() => setEditing(false)} /> : null}
    </Stack>
  )
}
