import { Alert, Badge, Button, Group, Stack, Text, Title } from '@mantine/core'
import { RefreshCw, TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { FleetGuest, FleetNode, FleetStorage } from '../../../../shared/model/fleet'
import { pveDesk } from '../../api/client'
import { StatusIcon } from '../../components/StatusIcon'
import { durationParts, formatBytes, formatPercent } from '../../lib/format'
import type { ClusterEntry } from '../../stores/fleet-store'
import { useFleetStore } from '../../stores/fleet-store'
import { useUiStore } from '../../stores/ui-store'
import { ClusterProblems, hasProblemPanel } from '../clusters/ClusterProblems'
import { guestVisualState } from '../tree/guest-state'
import { Figures } from './Figures'
import { GuestRights } from './GuestRights'

type Translate = ReturnType<typeof useTranslation>['t']

/** The main figures of the selected tree item. */
export function DetailsPane(): ReactElement {
  const { t } = useTranslation()
  const selectedId = useUiStore((s) => s.selectedId)
  const clusters = useFleetStore((s) => s.clusters)
  const items = useFleetStore((s) => s.items)
  if (selectedId === undefined) return <Text c="dimmed">{t('details.empty')}</Text>
  if (selectedId.startsWith('cluster:')) {
    const clusterId = selectedId.split(':').slice(2).join(':')
    const entry = clusters[clusterId]
    return entry === undefined ? (
      <Text c="dimmed">{t('details.empty')}</Text>
    ) : (
      <ClusterDetails entry={entry} />
    )
  }
  if (selectedId.startsWith('site:')) return <SiteDetails site={selectedId.slice(5)} />
  const clusterId = selectedId.split('/')[0] ?? ''
  const item = items[clusterId]?.get(selectedId)
  const entry = clusters[clusterId]
  if (item === undefined || entry === undefined) return <Text c="dimmed">{t('details.empty')}</Text>
  return (
    <Stack gap="sm" aria-live="polite">
      {entry.status.stale ? (
        <Alert color="orange" icon={<TriangleAlert size={16} />} p="xs">
          {t('details.staleWarning')}
        </Alert>
      ) : null}
      {item.kind === 'guest' ? <GuestDetails guest={item} entry={entry} /> : null}
      {item.kind === 'node' ? <NodeDetails node={item} entry={entry} /> : null}
      {item.kind === 'storage' ? <StorageDetails storage={item} entry={entry} /> : null}
    </Stack>
  )
}

function useLocale(): string {
  return useTranslation().i18n.language
}

function usage(used: number | undefined, max: number | undefined, locale: string): string {
  if (max === undefined) return '—'
  const fraction = used === undefined || max === 0 ? undefined : used / max
  return `${formatBytes(used, locale)} / ${formatBytes(max, locale)} (${formatPercent(fraction, locale)})`
}

function uptime(t: Translate, seconds: number | undefined): string {
  if (seconds === undefined || seconds === 0) return '—'
  const { unit, count } = durationParts(seconds)
  return t(`duration.${unit}`, { count })
}

function GuestDetails({ guest, entry }: { guest: FleetGuest; entry: ClusterEntry }): ReactElement {
  const { t } = useTranslation()
  const locale = useLocale()
  const state = guestVisualState(guest)
  return (
    <>
      <Group gap="xs">
        <StatusIcon state={state} size={20} />
        <Title order={3}>{guest.name}</Title>
        <Badge variant="light">{`${t(`kind.${guest.type}`)} ${guest.vmid}`}</Badge>
      </Group>
      <Figures
        rows={[
          [
            t('details.status'),
            state === 'locked' ? t('status.locked', { lock: guest.lock ?? '' }) : t(`status.${state}`),
          ],
          [t('details.cluster'), entry.summary.name],
          [t('details.node'), guest.node],
          [t('details.site'), entry.summary.sites[guest.node] ?? entry.summary.defaultSite],
          [
            t('details.cpu'),
            t('details.cpuValue', { percent: formatPercent(guest.cpu, locale), count: guest.maxcpu ?? 0 }),
          ],
          [t('details.memory'), usage(guest.mem, guest.maxmem, locale)],
          [t('details.disk'), formatBytes(guest.maxdisk, locale)],
          [t('details.uptime'), uptime(t, guest.uptime)],
          [
            t('details.network'),
            `${formatBytes(guest.netin, locale)} / ${formatBytes(guest.netout, locale)}`,
          ],
          [t('details.tags'), guest.tags.length > 0 ? <Tags tags={guest.tags} /> : '—'],
          [t('details.pool'), guest.pool ?? '—'],
          [t('details.ha'), guest.hastate ?? '—'],
        ]}
      />
      <GuestRights entry={entry} vmid={guest.vmid} />
    </>
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

function NodeDetails({ node, entry }: { node: FleetNode; entry: ClusterEntry }): ReactElement {
  const { t } = useTranslation()
  const locale = useLocale()
  return (
    <>
      <Title order={3}>{node.node}</Title>
      <Figures
        rows={[
          [t('details.status'), t(`status.${node.status}`)],
          [t('details.cluster'), entry.summary.name],
          [t('details.site'), node.site],
          [
            t('details.cpu'),
            t('details.cpuValue', { percent: formatPercent(node.cpu, locale), count: node.maxcpu ?? 0 }),
          ],
          [t('details.memory'), usage(node.mem, node.maxmem, locale)],
          [t('details.disk'), usage(node.disk, node.maxdisk, locale)],
          [t('details.uptime'), uptime(t, node.uptime)],
        ]}
      />
    </>
  )
}

function StorageDetails({ storage, entry }: { storage: FleetStorage; entry: ClusterEntry }): ReactElement {
  const { t } = useTranslation()
  const locale = useLocale()
  return (
    <>
      <Title order={3}>{storage.storage}</Title>
      <Figures
        rows={[
          [t('details.status'), t(`status.${storage.status}`, { defaultValue: storage.status })],
          [t('details.cluster'), entry.summary.name],
          [t('details.node'), storage.node],
          [t('details.plugintype'), storage.plugintype ?? '—'],
          [t('details.content'), storage.content.join(', ')],
          [t('details.shared'), storage.shared ? t('details.yes') : t('details.no')],
          [t('details.disk'), usage(storage.disk, storage.maxdisk, locale)],
        ]}
      />
    </>
  )
}

function ClusterDetails({ entry }: { entry: ClusterEntry }): ReactElement {
  const { t } = useTranslation()
  const { status, summary } = entry
  const locale = useLocale()
  const time = (ms: number | null | undefined): string =>
    ms == null ? '—' : new Date(ms).toLocaleTimeString(locale)
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Title order={3}>{summary.name}</Title>
        <Badge color={status.state === 'online' ? 'green' : 'red'} variant="light">
          {t(`status.${status.state}`)}
        </Badge>
        {summary.readOnly ? <Badge variant="outline">{t('cluster.readOnly')}</Badge> : null}
      </Group>
      <ClusterProblems entry={entry} />
      {status.error === undefined || hasProblemPanel(entry) ? null : (
        <Alert color="red" icon={<TriangleAlert size={16} />} title={t(`error.${status.error.code}`)} p="xs">
          <Text size="xs" ff="monospace">
            {status.error.message}
          </Text>
        </Alert>
      )}
      <Figures
        rows={[
          [t('details.version'), status.version ?? '—'],
          [t('details.servedBy'), status.servedBy ?? '—'],
          [t('details.lastUpdated'), time(status.lastUpdated)],
          [t('details.nextAttempt'), time(status.nextAttemptAt)],
        ]}
      />
      <Button
        variant="light"
        leftSection={<RefreshCw size={14} />}
        w="fit-content"
        onClick={() => void pveDesk().clusterRefresh({ clusterId: summary.id })}
      >
        {t('cluster.retry')}
      </Button>
    </Stack>
  )
}

function SiteDetails({ site }: { site: string }): ReactElement {
  const { t } = useTranslation()
  const clusters = useFleetStore((s) => s.clusters)
  const items = useFleetStore((s) => s.items)
  let guests = 0
  let running = 0
  const names = new Set<string>()
  for (const [clusterId, entry] of Object.entries(clusters)) {
    const siteOf = (node: string): string => entry.summary.sites[node] ?? entry.summary.defaultSite
    for (const item of items[clusterId]?.values() ?? []) {
      if (item.kind !== 'guest' || siteOf(item.node) !== site) continue
      names.add(entry.summary.name)
      guests++
      if (item.status === 'running') running++
    }
  }
  return (
    <Stack gap="sm">
      <Title order={3}>{site}</Title>
      <Figures
        rows={[
          [t('details.clusters'), [...names].join(', ') || '—'],
          [t('details.guests'), String(guests)],
          [t('details.runningGuests'), String(running)],
        ]}
      />
    </Stack>
  )
}
