import { Badge, Group, Text } from '@mantine/core'
import {
  Box,
  Boxes,
  ChevronDown,
  ChevronRight,
  Container,
  Database,
  MapPin,
  Server,
  ServerOff,
} from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { StatusIcon } from '../../components/StatusIcon'
import { guestVisualState } from './guest-state'
import type { TreeRow } from './tree-model'

const CLUSTER_COLOR: Record<string, string> = {
  online: 'green',
  connecting: 'gray',
  unreachable: 'red',
  error: 'red',
}

/** The visible content of one tree row: chevron, icon, name and the few badges an operator scans for. */
export function TreeRowView({ row, now }: { row: TreeRow; now: number }): ReactElement {
  const { t } = useTranslation()
  const Chevron = row.expanded ? ChevronDown : ChevronRight
  return (
    <Group gap={6} wrap="nowrap" style={{ paddingLeft: (row.level - 1) * 16, minWidth: 0 }}>
      <span style={{ width: 14, display: 'inline-flex', cursor: 'pointer' }} aria-hidden="true" data-chevron>
        {row.hasChildren ? <Chevron size={14} /> : null}
      </span>
      <RowBody row={row} now={now} />
      {'stale' in row && row.stale ? (
        <Badge size="xs" color="orange" variant="light">
          {t('stale.badge')}
        </Badge>
      ) : null}
    </Group>
  )
}

function RowBody({ row, now }: { row: TreeRow; now: number }): ReactElement {
  const { t } = useTranslation()
  switch (row.kind) {
    case 'site':
      return (
        <>
          <MapPin size={15} aria-hidden="true" />
          <Text size="sm" fw={700} truncate>
            {row.site}
          </Text>
          <Text size="xs" c="dimmed">
            {t('tree.guests', { count: row.guestCount })}
          </Text>
        </>
      )
    case 'cluster':
      return (
        <>
          <Boxes size={15} aria-hidden="true" color={row.color} />
          <Text size="sm" fw={600} truncate>
            {row.name}
          </Text>
          <Badge size="xs" variant="dot" color={CLUSTER_COLOR[row.status.state] ?? 'gray'}>
            {t(`status.${row.status.state}`)}
          </Badge>
          {row.status.stale ? <StaleAge lastUpdated={row.status.lastUpdated} now={now} /> : null}
        </>
      )
    case 'node': {
      const Icon = row.item.status === 'online' ? Server : ServerOff
      return (
        <>
          <Icon
            size={15}
            aria-hidden="true"
            color={row.item.status === 'online' ? undefined : 'var(--mantine-color-red-6)'}
          />
          <Text size="sm" truncate>
            {row.item.node}
          </Text>
          {row.item.status === 'online' ? null : (
            <Badge size="xs" color="red" variant="light">
              {t(`status.${row.item.status}`)}
            </Badge>
          )}
        </>
      )
    }
    case 'guest': {
      const Icon = row.item.type === 'qemu' ? Box : Container
      return (
        <>
          <StatusIcon state={guestVisualState(row.item)} />
          <Icon size={14} aria-hidden="true" opacity={0.6} />
          <Text size="sm" truncate c={row.item.status === 'running' ? undefined : 'dimmed'}>
            {row.item.name}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {row.item.vmid}
          </Text>
        </>
      )
    }
    case 'storage':
      return (
        <>
          <Database size={14} aria-hidden="true" opacity={0.7} />
          <Text size="sm" c="dimmed" truncate>
            {row.item.storage}
          </Text>
        </>
      )
  }
}

function StaleAge({ lastUpdated, now }: { lastUpdated: number | null; now: number }): ReactElement {
  const { t } = useTranslation()
  return (
    <Text size="xs" c="orange">
      {lastUpdated === null ? t('stale.never') : t('stale.since', { age: formatAge(t, now - lastUpdated) })}
    </Text>
  )
}

export function formatAge(t: (key: string, options: { count: number }) => string, ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return t('duration.seconds', { count: seconds })
  if (seconds < 3600) return t('duration.minutes', { count: Math.floor(seconds / 60) })
  return t('duration.hours', { count: Math.floor(seconds / 3600) })
}
