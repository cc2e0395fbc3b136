import { Stack, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'

import type { TreeGrouping } from '../../../../shared/model/workspace'
import { useShownFleet } from '../../stores/shown-fleet'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { Figures } from '../details/Figures'
import { guestVisualState } from '../tree/guest-state'
import { siteOfGroup } from '../tree/site-rows'
import { groupTitle } from './group-label'
import type { GroupKey } from './grouping'
import { groupContext, groupName, groupsOf, isFavourite } from './grouping'

/** The grouping a group belongs to (the favourites and the "none" groups say theirs). */
const groupingOf = (group: GroupKey): TreeGrouping | undefined =>
  group.kind === 'none' ? group.grouping : group.kind === 'favourites' ? undefined : group.kind

interface GroupFigures {
  guests: number
  running: number
  byStatus: [string, number][]
  bySite: [string, number][]
}

const counted = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1)
}

/** A group's guests counted by state and by site: one pass over the fleet, when the group or fleet changes. */
export function GroupDetails({ group }: { group: GroupKey }): ReactElement {
  const { t } = useTranslation()
  const clusters = useShownFleet((s) => s.clusters)
  const trees = useShownFleet((s) => s.trees)
  const folders = useWorkspaceStore((s) => s.preferences.folders)
  const favourites = useWorkspaceStore((s) => s.preferences.favourites)
  const figures = useMemo((): GroupFigures => {
    const byStatus = new Map<string, number>()
    const bySite = new Map<string, number>()
    let guests = 0
    let running = 0
    const grouping = groupingOf(group)
    // The guests are read node by node: the site is the node's.
    let site = ''
    const ctx = groupContext(() => site, folders, favourites)
    for (const [clusterId, entry] of Object.entries(clusters)) {
      for (const g of trees[clusterId]?.groups.values() ?? []) {
        site = siteOfGroup(g, entry)
        for (const guest of g.guests) {
          const inGroup =
            grouping === undefined
              ? isFavourite(guest, ctx)
              : groupsOf(guest, grouping, ctx).some((k) => k.id === group.id)
          if (!inGroup) continue
          guests++
          if (guest.status === 'running') running++
          counted(byStatus, guestVisualState(guest))
          counted(bySite, site)
        }
      }
    }
    const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1])
    return { guests, running, byStatus: sorted(byStatus), bySite: sorted(bySite) }
  }, [group, clusters, trees, folders, favourites])
  return (
    <Stack gap="sm" data-testid="group-details">
      <Title order={3}>
        {`${t(`views.group.kind.${group.kind}`)} · ${groupTitle(group, groupName(group, folders), t)}`}
      </Title>
      <Figures
        rows={[
          [t('views.details.guests'), String(figures.guests)],
          [t('views.details.running'), String(figures.running)],
        ]}
      />
      <Title order={5}>{t('views.details.byStatus')}</Title>
      <Figures
        rows={figures.byStatus.map(([state, n]) => [t(`status.${state}`, { lock: '…' }), String(n)])}
      />
      <Title order={5}>{t('views.details.bySite')}</Title>
      <Figures rows={figures.bySite.map(([site, n]) => [site, String(n)])} />
    </Stack>
  )
}
