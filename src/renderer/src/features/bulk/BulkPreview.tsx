import { Badge, Group, Stack, Table, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { BulkPlan, BulkPlanEntry } from '../../../../shared/model/bulk'
import { siteColour } from '../consoles/site-colour'
import { groupBySite } from './plan-groups'

/** Why an entry is left out, in the operator's words, with its detail (the privilege, the lock…). */
export function skipText(entry: Pick<BulkPlanEntry, 'skip' | 'detail'>, t: TFunction): string {
  if (entry.skip === undefined) return t('bulk.skip.unknown')
  return t(`bulk.skip.${entry.skip}`, { detail: entry.detail ?? '' })
}

/**
 * What a bulk action would do, before it runs: per site and cluster (in the site's colour), each guest with its
 * node (and target), running or skipped and why. Read from main's plan: what Run runs is exactly this.
 */
export function BulkPreview({
  plan,
  clusterName,
}: {
  plan: BulkPlan
  clusterName: (clusterId: string) => string
}): ReactElement {
  const { t } = useTranslation()
  const runs = plan.entries.filter((e) => e.run).length
  const groups = groupBySite(plan.entries, clusterName)
  return (
    <Stack gap="sm" data-testid="bulk-preview">
      <Text size="sm" role="status">
        {t('bulk.preview.counts', { count: runs, skipped: plan.entries.length - runs })}
      </Text>
      {groups.map((group) => {
        const groupRuns = group.items.filter((e) => e.run).length
        return (
          <section
            key={`${group.site}/${group.clusterId}`}
            aria-label={`${group.site} · ${group.clusterName}`}
            className="bulk-group"
            style={{ borderLeft: `4px solid ${siteColour(group.site)}`, paddingLeft: 8 }}
          >
            <Group gap="xs" mb={4}>
              <Text fw={700} size="sm" c={siteColour(group.site)}>
                {group.site}
              </Text>
              <Text fw={600} size="sm">
                {group.clusterName}
              </Text>
              <Text size="xs" c="dimmed">
                {t('bulk.preview.groupCounts', {
                  count: groupRuns,
                  skipped: group.items.length - groupRuns,
                })}
              </Text>
            </Group>
            <Table verticalSpacing={2} withRowBorders={false} fz="sm">
              <Table.Tbody>
                {group.items.map((entry) => (
                  <Table.Tr key={entry.key} data-run={entry.run} data-skip={entry.skip}>
                    <Table.Td>
                      {entry.name} <Text span c="dimmed" size="xs" ff="monospace">{`(${entry.vmid})`}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {entry.target === undefined ? entry.node : `${entry.node} → ${entry.target}`}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {entry.run ? (
                        <Badge size="sm" variant="light" color="blue">
                          {t('bulk.preview.runs')}
                        </Badge>
                      ) : (
                        <Group gap={6} wrap="nowrap">
                          <Badge size="sm" variant="light" color="gray">
                            {t('bulk.preview.skipped')}
                          </Badge>
                          <Text size="xs" c="dimmed">
                            {skipText(entry, t)}
                          </Text>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
        )
      })}
    </Stack>
  )
}
