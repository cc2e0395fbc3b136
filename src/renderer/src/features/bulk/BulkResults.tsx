import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import type { ReactElement } from 'react'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { BulkEntryResult, BulkEntryState, BulkProgress } from '../../../../shared/model/bulk'
import { describeError } from '../../api/errors'
import type { FleetStore } from '../../stores/fleet-store'
import { useFleetStore } from '../../stores/fleet-store'
import { revealTask } from '../../stores/task-store'
import { siteColour } from '../consoles/site-colour'
import { ROWS_PER_PAGE } from './BulkPreview'
import { guestSite } from './picked'
import type { PlacedGroup } from './plan-groups'
import { groupBySite } from './plan-groups'

const STATE_COLOUR: Record<BulkEntryState, string> = {
  queued: 'gray',
  running: 'blue',
  ok: 'green',
  warning: 'orange',
  failed: 'red',
  cancelled: 'gray',
  skipped: 'gray',
}

/** How many results are in each state. */
export function resultCounts(results: readonly BulkEntryResult[]): Record<BulkEntryState, number> {
  const counts: Record<BulkEntryState, number> = {
    queued: 0,
    running: 0,
    ok: 0,
    warning: 0,
    failed: 0,
    cancelled: 0,
    skipped: 0,
  }
  for (const r of results) counts[r.state]++
  return counts
}

/** Why a result failed or warned: PVE's message before a task existed, else the task's exit status. */
export function resultMessage(result: BulkEntryResult, t: TFunction): string | undefined {
  if (result.error !== undefined) return describeError(result.error, t)
  if ((result.state === 'failed' || result.state === 'warning') && result.exitstatus !== undefined)
    return result.exitstatus
  return undefined
}

interface Place {
  site: string
  name: string
  node: string
}

interface Placed extends BulkEntryResult, Place {}

function place(fleet: Pick<FleetStore, 'items' | 'clusters' | 'trees'>, result: BulkEntryResult): Place {
  const item = fleet.items[result.clusterId]?.get(result.key)
  const guest = item?.kind === 'guest' ? item : undefined
  return {
    site: guest === undefined ? '' : guestSite(fleet, guest),
    name: guest?.name ?? String(result.vmid),
    node: guest?.node ?? '',
  }
}

/** The results' counts, said with plurals of their own. */
function countsText(counts: Record<BulkEntryState, number>, t: TFunction): string {
  return [
    t('bulk.results.ok', { count: counts.ok }),
    t('bulk.results.warning', { count: counts.warning }),
    t('bulk.results.failed', { count: counts.failed }),
    t('bulk.results.remaining', { count: counts.running + counts.queued }),
    t('bulk.results.cancelledCount', { count: counts.cancelled }),
  ].join(', ')
}

/**
 * A bulk run's results as they come: per site and cluster, each guest's state, PVE's words, its task. Where each
 * guest is (site, name, node) is read once per run, not at every progress event or fleet poll; a group shows
 * its first rows and more on demand.
 */
export function BulkResults({ progress }: { progress: BulkProgress }): ReactElement {
  const { t } = useTranslation()
  const { planId } = progress
  // The places of this run's guests, as the fleet had them when it started (a guest keeps its row if it goes).
  const places = useMemo(() => {
    const fleet = useFleetStore.getState()
    const names = new Map(Object.entries(fleet.clusters).map(([id, c]) => [id, c.summary.name]))
    return { fleet, names, byKey: new Map<string, Place>() }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per run, by design
  }, [planId])
  const placed = progress.results.map((r): Placed => {
    let where = places.byKey.get(r.key)
    if (where === undefined) {
      where = place(places.fleet, r)
      places.byKey.set(r.key, where)
    }
    return { ...r, ...where }
  })
  const groups = groupBySite(placed, (id) => places.names.get(id) ?? id)
  const counts = resultCounts(progress.results)
  return (
    <Stack gap="sm" data-testid="bulk-results" data-done={progress.done}>
      <Group gap="xs" role="status" aria-live="polite">
        {progress.done ? null : <Loader size="xs" />}
        <Text size="sm">{countsText(counts, t)}</Text>
        {progress.done ? (
          <Badge variant="light" color={counts.failed > 0 ? 'red' : 'green'}>
            {progress.cancelled ? t('bulk.results.cancelled') : t('bulk.results.done')}
          </Badge>
        ) : null}
      </Group>
      {groups.map((group) => (
        <ResultGroup key={`${group.site}/${group.clusterId}`} group={group} />
      ))}
    </Stack>
  )
}

function ResultGroup({ group }: { group: PlacedGroup<Placed> }): ReactElement {
  const { t } = useTranslation()
  const [shown, setShown] = useState(ROWS_PER_PAGE)
  const hidden = group.items.length - Math.min(shown, group.items.length)
  return (
    <section
      aria-label={`${group.site} · ${group.clusterName}`}
      style={{ borderLeft: `4px solid ${siteColour(group.site)}`, paddingLeft: 8 }}
    >
      <Group gap="xs" mb={4}>
        <Text fw={700} size="sm" c={siteColour(group.site)}>
          {group.site}
        </Text>
        <Text fw={600} size="sm">
          {group.clusterName}
        </Text>
      </Group>
      <Table verticalSpacing={2} withRowBorders={false} fz="sm">
        <Table.Tbody>
          {group.items.slice(0, shown).map((result) => (
            <ResultRow key={result.key} result={result} />
          ))}
        </Table.Tbody>
      </Table>
      {hidden > 0 ? (
        <Button size="compact-xs" variant="subtle" onClick={() => setShown(shown + ROWS_PER_PAGE * 4)}>
          {t('bulk.more', { count: hidden, next: Math.min(hidden, ROWS_PER_PAGE * 4) })}
        </Button>
      ) : null}
    </section>
  )
}

function ResultRow({ result }: { result: Placed }): ReactElement {
  const { t } = useTranslation()
  const message = resultMessage(result, t)
  return (
    <Table.Tr data-state={result.state}>
      <Table.Td>
        {result.name} <Text span c="dimmed" size="xs" ff="monospace">{`(${result.vmid})`}</Text>
      </Table.Td>
      <Table.Td>
        <Badge size="sm" variant="light" color={STATE_COLOUR[result.state]}>
          {t(`bulk.state.${result.state}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        {message === undefined ? null : (
          <Text size="xs" c={result.state === 'failed' ? 'red' : 'orange'}>
            {message}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {result.upid === undefined ? null : (
          <Anchor
            component="button"
            type="button"
            size="xs"
            title={result.upid}
            onClick={() => {
              if (result.upid !== undefined) revealTask(result.clusterId, result.upid)
            }}
          >
            {t('bulk.results.task', { name: result.name })}
          </Anchor>
        )}
      </Table.Td>
    </Table.Tr>
  )
}
