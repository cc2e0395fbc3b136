import { Anchor, Badge, Group, Loader, Stack, Table, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { BulkEntryResult, BulkEntryState, BulkProgress } from '../../../../shared/model/bulk'
import { describeError } from '../../api/errors'
import type { FleetStore } from '../../stores/fleet-store'
import { useFleetStore } from '../../stores/fleet-store'
import { revealTask } from '../../stores/task-store'
import { siteColour } from '../consoles/site-colour'
import { guestSite } from './picked'
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

interface Placed extends BulkEntryResult {
  site: string
  name: string
  node: string
}

function place(fleet: Pick<FleetStore, 'items' | 'clusters' | 'trees'>, result: BulkEntryResult): Placed {
  const item = fleet.items[result.clusterId]?.get(result.key)
  const guest = item?.kind === 'guest' ? item : undefined
  return {
    ...result,
    site: guest === undefined ? '' : guestSite(fleet, guest),
    name: guest?.name ?? String(result.vmid),
    node: guest?.node ?? '',
  }
}

/** A bulk run's results as they come: per site and cluster, each guest's state, PVE's words, its task. */
export function BulkResults({ progress }: { progress: BulkProgress }): ReactElement {
  const { t } = useTranslation()
  const items = useFleetStore((s) => s.items)
  const clusters = useFleetStore((s) => s.clusters)
  const trees = useFleetStore((s) => s.trees)
  const placed = progress.results.map((r) => place({ items, clusters, trees }, r))
  const groups = groupBySite(placed, (id) => clusters[id]?.summary.name ?? id)
  const counts = resultCounts(progress.results)
  return (
    <Stack gap="sm" data-testid="bulk-results" data-done={progress.done}>
      <Group gap="xs" role="status" aria-live="polite">
        {progress.done ? null : <Loader size="xs" />}
        <Text size="sm">
          {t('bulk.results.counts', {
            ok: counts.ok,
            warning: counts.warning,
            failed: counts.failed,
            running: counts.running + counts.queued,
            cancelled: counts.cancelled,
          })}
        </Text>
        {progress.done ? (
          <Badge variant="light" color={counts.failed > 0 ? 'red' : 'green'}>
            {progress.cancelled ? t('bulk.results.cancelled') : t('bulk.results.done')}
          </Badge>
        ) : null}
      </Group>
      {groups.map((group) => (
        <section
          key={`${group.site}/${group.clusterId}`}
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
              {group.items.map((result) => {
                const message = resultMessage(result, t)
                return (
                  <Table.Tr key={result.key} data-state={result.state}>
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
              })}
            </Table.Tbody>
          </Table>
        </section>
      ))}
    </Stack>
  )
}
