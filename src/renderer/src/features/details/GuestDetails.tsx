import { Badge, Group, Stack, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { StatusIcon } from '../../components/StatusIcon'
import { formatBytes, formatPercent } from '../../lib/format'
import { useShownFleet } from '../../stores/shown-fleet'
import { ConsoleButtons } from '../consoles/ConsoleButtons'
import { guestVisualState } from '../tree/guest-state'
import { useClusterView } from './cluster-view'
import { uptime, usage } from './details-format'
import { Figures } from './Figures'
import { GuestActionBar } from '../actions/GuestActionBar'
import { GuestPanel } from '../panels/guest/GuestPanel'
import { GuestRights } from './GuestRights'
import { NoDetails } from './NoDetails'
import { StaleWarning } from './StaleWarning'

/**
 * A guest's header (name, status, consoles, actions) and its panels as tabs, the summary first with the tree's
 * figures and the user's rights. Offline (an inventory snapshot opened) no tab asks PVE: the figures stand alone
 * and the pane adds what the snapshot captured. Renders again only when this guest changes.
 */
export function GuestDetails({ clusterId, vmid }: { clusterId: string; vmid: number }): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const guest = useShownFleet((s) => s.trees[clusterId]?.guests.get(vmid))
  const cluster = useClusterView(clusterId)
  if (guest === undefined || cluster === undefined) return <NoDetails />
  const state = guestVisualState(guest)
  const { summary } = cluster
  // An inventory snapshot records no one's privileges and asks PVE nothing: no tabs, no rights, no actions.
  const live = cluster.capture === undefined
  const figures = (
    <Figures
      rows={[
        [
          t('details.status'),
          state === 'locked' ? t('status.locked', { lock: guest.lock ?? '' }) : t(`status.${state}`),
        ],
        [t('details.cluster'), summary.name],
        [t('details.node'), guest.node],
        [t('details.site'), summary.sites[guest.node] ?? summary.defaultSite],
        [
          t('details.cpu'),
          t('details.cpuValue', { percent: formatPercent(guest.cpu, locale), count: guest.maxcpu ?? 0 }),
        ],
        [t('details.memory'), usage(guest.mem, guest.maxmem, locale)],
        [t('details.disk'), formatBytes(guest.maxdisk, locale)],
        [t('details.uptime'), uptime(t, guest.uptime)],
        [t('details.network'), `${formatBytes(guest.netin, locale)} / ${formatBytes(guest.netout, locale)}`],
        [t('details.tags'), guest.tags.length > 0 ? <Tags tags={guest.tags} /> : '—'],
        [t('details.pool'), guest.pool ?? '—'],
        [t('details.ha'), guest.hastate ?? '—'],
      ]}
    />
  )
  return (
    <Stack gap="sm">
      <StaleWarning clusterId={clusterId} />
      {/* Only the header is live: the panels refresh every few seconds and must not be read out each time. */}
      <Group gap="xs" aria-live="polite">
        <StatusIcon state={state} size={20} />
        <Title order={3}>{guest.name}</Title>
        <Badge variant="light">{`${t(`kind.${guest.type}`)} ${guest.vmid}`}</Badge>
      </Group>
      <ConsoleButtons selection={{ kind: 'guest', clusterId, vmid }} />
      {live ? <GuestActionBar clusterId={clusterId} vmid={vmid} /> : null}
      {live ? (
        <GuestPanel
          guest={{ clusterId, vmid, type: guest.type, guestKey: guest.key }}
          template={guest.template}
          summaryTop={
            <>
              {figures}
              <GuestRights entry={cluster} vmid={guest.vmid} pool={guest.pool} />
            </>
          }
        />
      ) : (
        figures
      )}
    </Stack>
  )
}

function Tags({ tags }: { tags: string[] }): ReactElement {
  return (
    <Group gap={4}>
      {tags.map((tag) => (
        <Badge key={tag} size="sm" variant="outline" tt="none">
          {tag}
        </Badge>
      ))}
    </Group>
  )
}
