import { Button, Group, Stack, Text, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'

import { useFleetStore } from '../../stores/fleet-store'
import { useUiStore } from '../../stores/ui-store'
import { siteColour } from '../consoles/site-colour'
import { BULK_ICONS } from './action-icons'
import { openBulk } from './bulk-commands'
import { groupBySite, spread } from './plan-groups'
import { BULK_ACTIONS, guestSite, pickedGuests } from './picked'
import { hiddenPicks, matchingGuests } from './search-results'

/**
 * The details pane while several guests are picked: how many on how many clusters, where (site and cluster, in
 * the site's colour), how many run, how many the search hides, and the bulk actions.
 */
export function BulkSummary(): ReactElement {
  const { t } = useTranslation()
  const multi = useUiStore((s) => s.multi)
  const filter = useUiStore((s) => s.filter)
  const items = useFleetStore((s) => s.items)
  const clusters = useFleetStore((s) => s.clusters)
  const trees = useFleetStore((s) => s.trees)
  const placed = useMemo(
    () =>
      pickedGuests({ items }, multi).map((guest) => ({
        guest,
        clusterId: guest.clusterId,
        site: guestSite({ clusters, trees }, guest),
      })),
    [items, clusters, trees, multi],
  )
  // Picked guests a later search hides stay picked (a bulk action includes them): say how many.
  const hidden = useMemo(
    () =>
      filter.trim() === ''
        ? 0
        : hiddenPicks(matchingGuests({ clusters, trees }, filter), new Set(placed.map((p) => p.guest.key))),
    [filter, clusters, trees, placed],
  )
  const groups = groupBySite(placed, (id) => clusters[id]?.summary.name ?? id)
  const { clusters: clusterCount } = spread(placed)
  const running = placed.filter((p) => p.guest.status === 'running').length
  return (
    <Stack gap="sm" data-testid="bulk-summary">
      <Title order={3}>
        {t('bulk.summary.title', { count: placed.length })}{' '}
        {t('bulk.summary.clusters', { count: clusterCount })}
      </Title>
      <Text size="sm" c="dimmed">
        {t('bulk.summary.running', { count: running, total: placed.length })}
      </Text>
      {hidden > 0 ? (
        <Text size="sm" c="orange" data-testid="bulk-hidden">
          {t('bulk.hidden', { count: hidden })}
        </Text>
      ) : null}
      <Stack gap={2}>
        {groups.map((g) => (
          <Text key={`${g.site}/${g.clusterId}`} size="sm">
            <Text span fw={700} c={siteColour(g.site)}>
              {g.site}
            </Text>
            {` · ${g.clusterName} · `}
            {t('bulk.summary.guests', { count: g.items.length })}
          </Text>
        ))}
      </Stack>
      <Group gap="xs" role="toolbar" aria-label={t('bulk.summary.actions')}>
        {BULK_ACTIONS.map((action) => {
          const Icon = BULK_ICONS[action]
          return (
            <Button
              key={action}
              size="xs"
              variant={action === 'stop' ? 'light' : 'default'}
              color={action === 'stop' ? 'red' : undefined}
              leftSection={<Icon size={14} aria-hidden="true" />}
              onClick={() => {
                openBulk(action)
              }}
            >
              {t(`bulk.action.${action}`)}
            </Button>
          )
        })}
      </Group>
      <Group>
        <Button
          size="xs"
          variant="subtle"
          color="gray"
          onClick={() => {
            useUiStore.getState().clearMulti()
          }}
        >
          {t('bulk.clear')}
        </Button>
      </Group>
    </Stack>
  )
}
