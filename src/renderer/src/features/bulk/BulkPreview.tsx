import { Alert, Badge, Button, Group, Stack, Table, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import { Info, ShieldAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { memo, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { BulkPlan, BulkPlanEntry } from '../../../../shared/model/bulk'
import { siteColour } from '../consoles/site-colour'
import type { PlacedGroup } from './plan-groups'
import { groupBySite } from './plan-groups'

/** Rows a group shows at first, and more at each "show more": 10,000 picked guests render as a few pages. */
export const ROWS_PER_PAGE = 50

const NONE: ReadonlySet<string> = new Set()

/** Why an entry is left out, in the operator's words, with its detail (the privilege, the lock…). */
export function skipText(entry: Pick<BulkPlanEntry, 'skip' | 'detail'>, t: TFunction): string {
  if (entry.skip === undefined) return t('bulk.skip.unknown')
  return t(`bulk.skip.${entry.skip}`, { detail: entry.detail ?? '' })
}

/**
 * How many of these entries are skipped for each reason, most first (ties in the order they first appear):
 * « 2 : déjà dans cet état », « 1 : droits insuffisants ».
 */
export function skipCounts(
  entries: readonly Pick<BulkPlanEntry, 'run' | 'skip'>[],
  t: TFunction,
): { reason: string; text: string }[] {
  const counts = new Map<string, number>()
  for (const e of entries) {
    if (e.run) continue
    const reason = e.skip ?? 'unknown'
    counts.set(reason, (counts.get(reason) ?? 0) + 1)
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => ({
      reason,
      text: t('bulk.preview.reasonCount', { count, reason: t(`bulk.skipReason.${reason}`, { count }) }),
    }))
}

/** How many a group (or the plan) runs and skips, said with plurals of their own. */
export function countsText(runs: number, skipped: number, t: TFunction, short = false): string {
  return `${t(short ? 'bulk.preview.runsShort' : 'bulk.preview.willRun', { count: runs })}, ${t('bulk.preview.skippedCount', { count: skipped })}`
}

/**
 * What a bulk action would do, before it runs: per site and cluster (in the site's colour), each guest with its
 * node (and target), running or skipped and why, a shield on the guests the guard rails protect. Read from
 * main's plan: what Run runs is exactly this. A group shows its first rows and more on demand.
 */
export const BulkPreview = memo(function BulkPreview({
  plan,
  clusterName,
  guarded = NONE,
}: {
  plan: BulkPlan
  clusterName: (clusterId: string) => string
  /** Keys of the planned guests the guard rails protect. */
  guarded?: ReadonlySet<string>
}): ReactElement {
  const { t } = useTranslation()
  const runs = plan.entries.filter((e) => e.run).length
  const groups = useMemo(() => groupBySite(plan.entries, clusterName), [plan, clusterName])
  return (
    <Stack gap="sm" data-testid="bulk-preview">
      <Text size="sm" role="status">
        {countsText(runs, plan.entries.length - runs, t)}
      </Text>
      {plan.action.kind === 'migrate' ? (
        <Alert color="blue" icon={<Info size={16} />} data-testid="bulk-migrate-local">
          {t('bulk.preview.localDisks')}
        </Alert>
      ) : null}
      {groups.map((group) => (
        <PreviewGroup key={`${group.site}/${group.clusterId}`} group={group} guarded={guarded} />
      ))}
    </Stack>
  )
})

function PreviewGroup({
  group,
  guarded,
}: {
  group: PlacedGroup<BulkPlanEntry>
  guarded: ReadonlySet<string>
}): ReactElement {
  const { t } = useTranslation()
  const [shown, setShown] = useState(ROWS_PER_PAGE)
  const groupRuns = group.items.filter((e) => e.run).length
  const hidden = group.items.length - Math.min(shown, group.items.length)
  const reasons = useMemo(() => skipCounts(group.items, t), [group.items, t])
  return (
    <section
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
          {countsText(groupRuns, group.items.length - groupRuns, t, true)}
        </Text>
      </Group>
      {reasons.length > 0 ? (
        <Group
          gap={4}
          mb={4}
          role="list"
          aria-label={t('bulk.preview.reasonsLabel')}
          data-testid="bulk-skip-counts"
        >
          {reasons.map((r) => (
            <Badge
              key={r.reason}
              role="listitem"
              size="sm"
              variant="outline"
              color="gray"
              tt="none"
              data-reason={r.reason}
            >
              {r.text}
            </Badge>
          ))}
        </Group>
      ) : null}
      <Table verticalSpacing={2} withRowBorders={false} fz="sm">
        <Table.Tbody>
          {group.items.slice(0, shown).map((entry) => (
            <Table.Tr key={entry.key} data-run={entry.run} data-skip={entry.skip}>
              <Table.Td>
                {guarded.has(entry.key) ? (
                  <ShieldAlert
                    size={13}
                    color="var(--mantine-color-orange-6)"
                    aria-label={t('bulk.guard.mark')}
                    role="img"
                    style={{ marginRight: 4, verticalAlign: -2 }}
                  />
                ) : null}
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
      {hidden > 0 ? (
        <Button size="compact-xs" variant="subtle" onClick={() => setShown(shown + ROWS_PER_PAGE * 4)}>
          {t('bulk.more', { count: hidden, next: Math.min(hidden, ROWS_PER_PAGE * 4) })}
        </Button>
      ) : null}
    </section>
  )
}
