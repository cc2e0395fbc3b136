import { ActionIcon, Alert, Button, Group, Skeleton, Stack, Text, Tooltip } from '@mantine/core'
import { AlertTriangle, RefreshCw } from 'lucide-react'
import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

import type { PanelGap } from '../../../../shared/model/panels'
import type { PanelQuery } from './use-panel-query'

export interface PanelFrameProps<T> {
  query: PanelQuery<T>
  /** The panel's content, given the last answer (kept while the next one is asked). */
  children: (value: T) => ReactNode
  /** Beside the Refresh button: a timeframe picker, a filter. */
  controls?: ReactNode
  /** The parts of the answer that could not be read; by default the answer's own `gaps` when it has some. */
  gaps?: (value: T) => readonly PanelGap[]
  testId?: string
}

/**
 * The frame every details panel shares: a skeleton until the first answer, PVE's refusal with Retry when there is
 * none, and once there is one it stays — a failed refresh shows "as of HH:MM:SS" and the error above it, never a
 * blank panel. Parts that could not be read are listed under it, discreetly: the rest of the panel is good.
 */
export function PanelFrame<T>({ query, children, controls, gaps, testId }: PanelFrameProps<T>): ReactElement {
  const { t, i18n } = useTranslation()
  const { value, error, loading, at, refresh } = query
  const missing = value === undefined ? [] : (gaps?.(value) ?? ownGaps(value))
  return (
    <Stack gap="sm" data-testid={testId} aria-busy={loading}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap="xs">{controls}</Group>
        <Tooltip label={t('panels.frame.refresh')}>
          <ActionIcon
            variant="subtle"
            aria-label={t('panels.frame.refresh')}
            onClick={refresh}
            loading={loading && value === undefined && error === undefined}
          >
            <RefreshCw size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {value === undefined && error !== undefined ? (
        <Alert
          color="red"
          variant="light"
          icon={<AlertTriangle size={16} />}
          title={t('panels.frame.failed')}
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {error.message}
            </Text>
            <Button size="xs" variant="light" color="red" onClick={refresh}>
              {t('panels.frame.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : null}
      {value === undefined && error === undefined ? (
        <Stack gap="xs" aria-label={t('panels.frame.loading')}>
          <Skeleton height={14} width="40%" />
          <Skeleton height={14} />
          <Skeleton height={14} width="70%" />
        </Stack>
      ) : null}
      {value !== undefined && error !== undefined ? (
        <Alert color="yellow" variant="light" icon={<AlertTriangle size={16} />} p="xs" role="status">
          <Text size="sm">
            {t('panels.frame.asOf', {
              time: at === undefined ? '—' : clock(at, i18n.language),
            })}
          </Text>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {error.message}
          </Text>
        </Alert>
      ) : null}
      {value !== undefined ? children(value) : null}
      {missing.length > 0 ? <Gaps gaps={missing} /> : null}
    </Stack>
  )
}

function Gaps({ gaps }: { gaps: readonly PanelGap[] }): ReactElement {
  const { t } = useTranslation()
  return (
    <Stack gap={2} data-testid="panel-gaps">
      <Text size="xs" c="dimmed">
        {t('panels.frame.gaps', { count: gaps.length })}
      </Text>
      {gaps.map((gap) => (
        <Text key={gap.part} size="xs" c="dimmed">
          {t('panels.frame.gap', { part: gap.part, message: gap.error.message })}
        </Text>
      ))}
    </Stack>
  )
}

/** HH:MM:SS in the UI's language, 24 h as a NOC reads times. */
const clock = (at: number, locale: string): string =>
  new Date(at).toLocaleTimeString(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })

/** Most panel answers carry their gaps as `gaps`. */
function ownGaps(value: unknown): readonly PanelGap[] {
  if (typeof value !== 'object' || value === null || !('gaps' in value)) return []
  const { gaps } = value
  return Array.isArray(gaps) ? (gaps as PanelGap[]) : []
}
