import type { TFunction } from 'i18next'
import {
  Box,
  Boxes,
  Folder,
  Layers,
  Star,
  Tag,
  ChevronDown,
  ChevronRight,
  Container,
  Database,
  MapPin,
  Server,
  ServerOff,
  ShieldAlert,
} from 'lucide-react'
import type { ReactElement } from 'react'

import { changedCertificates } from '../../../../shared/model/fleet'
import { StatusIcon } from '../../components/StatusIcon'
import { CapturedClusterRow } from '../inventory/CapturedClusterRow'
import { siteColour } from '../consoles/site-colour'
import { groupTitle } from '../views/group-label'
import type { GroupKey } from '../views/grouping'
import { haTone, treeGuestState } from './guest-state'
import type { GuestRowExtras } from './row-label'
import type { TreeRow } from './tree-row'

const GROUP_ICONS: Record<GroupKey['kind'], typeof Tag> = {
  tag: Tag,
  pool: Layers,
  type: Box,
  folder: Folder,
  none: Layers,
  favourites: Star,
  site: MapPin,
  cluster: Boxes,
}

const CLUSTER_COLOR: Record<string, string> = {
  online: 'green',
  connecting: 'gray',
  unreachable: 'red',
  error: 'red',
}

/**
 * The visible content of one tree row: chevron, icon, name and the few badges an operator scans for. Plain
 * elements styled by `styles.css` (the look of Mantine's Text and Badge), not Mantine components: a screenful
 * of rows renders again at every keystroke of a search, and each Mantine component costs its theme and
 * style-props work per row. `t` comes from the tree, not from a `useTranslation` per row, for the same reason.
 */
export function TreeRowView({
  row,
  now,
  t,
  offline = false,
  extras = NO_EXTRAS,
}: {
  row: TreeRow
  now: number
  t: TFunction
  /** An inventory snapshot's row: "stale" is its last-known data at capture, not a live cluster's silence. */
  offline?: boolean
  extras?: GuestRowExtras
}): ReactElement {
  const Chevron = row.expanded ? ChevronDown : ChevronRight
  return (
    <span className="tree-row-content" style={{ paddingLeft: (row.level - 1) * 16 }}>
      <span className="tree-chevron" aria-hidden="true" data-chevron>
        {row.hasChildren ? <Chevron size={14} /> : null}
      </span>
      <RowBody row={row} now={now} t={t} extras={extras} />
      {'stale' in row && row.stale ? (
        <span className="tree-badge tree-badge-orange">
          {offline ? t('inventory.tree.lastKnown') : t('stale.badge')}
        </span>
      ) : null}
    </span>
  )
}

const NO_EXTRAS: GuestRowExtras = {}

function RowBody({
  row,
  now,
  t,
  extras,
}: {
  row: TreeRow
  now: number
  t: TFunction
  extras: GuestRowExtras
}): ReactElement {
  switch (row.kind) {
    case 'site':
      return (
        <>
          <MapPin size={15} aria-hidden="true" color={siteColour(row.site)} />
          <span className="tree-text tree-strong">{row.site}</span>
          <span className="tree-small tree-dimmed">{t('tree.guests', { count: row.guestCount })}</span>
        </>
      )
    case 'cluster':
      if (row.capture !== undefined) return <CapturedClusterRow row={row} capture={row.capture} t={t} />
      return (
        <>
          <Boxes size={15} aria-hidden="true" color={row.color} />
          <span className="tree-text tree-semibold">{row.name}</span>
          <span
            className={`tree-badge tree-badge-dot tree-badge-${CLUSTER_COLOR[row.status.state] ?? 'gray'}`}
          >
            {t(`status.${row.status.state}`)}
          </span>
          {changedCertificates(row.status).length > 0 ? (
            // Icon only, to leave the row its name; the row's accessible name and this title say which node.
            <ShieldAlert
              size={14}
              color="var(--mantine-color-red-6)"
              aria-hidden="true"
              data-testid="certificate-changed"
            >
              <title>
                {t('tree.certificateChanged', {
                  nodes: changedCertificates(row.status)
                    .map((e) => e.node ?? e.url)
                    .join(', '),
                })}
              </title>
            </ShieldAlert>
          ) : null}
          {row.status.stale ? <StaleAge lastUpdated={row.status.lastUpdated} now={now} t={t} /> : null}
        </>
      )
    case 'node': {
      const online = row.item.status === 'online'
      const Icon = online ? Server : ServerOff
      return (
        <>
          <Icon size={15} aria-hidden="true" color={online ? undefined : 'var(--mantine-color-red-6)'} />
          <span className="tree-text">{row.item.node}</span>
          {online ? null : (
            <span className="tree-badge tree-badge-red">{t(`status.${row.item.status}`)}</span>
          )}
        </>
      )
    }
    case 'guest': {
      const Icon = row.item.type === 'qemu' ? Box : Container
      const state = treeGuestState(row.item, extras.activity)
      const { hastate, lock } = row.item
      return (
        <>
          <StatusIcon state={state} />
          <Icon size={14} aria-hidden="true" opacity={0.6} />
          <span className={row.item.status === 'running' ? 'tree-text' : 'tree-text tree-dimmed'}>
            {row.item.name}
          </span>
          <span className="tree-small tree-dimmed tree-mono">{row.item.vmid}</span>
          {extras.favourite === true ? (
            <Star size={12} aria-hidden="true" className="tree-star" data-testid="favourite-star" />
          ) : null}
          {state === 'locked' && lock !== undefined ? (
            <span className="tree-small tree-orange" title={t('views.badges.locked', { lock })}>
              {lock}
            </span>
          ) : null}
          {hastate === undefined ? null : (
            <span
              className={`tree-badge tree-badge-${haTone(hastate)}`}
              title={t('views.badges.ha', { state: hastate })}
              data-testid="ha-badge"
              data-hastate={hastate}
            >
              HA
            </span>
          )}
        </>
      )
    }
    case 'group': {
      const Icon = GROUP_ICONS[row.group.kind]
      return (
        <>
          <Icon size={15} aria-hidden="true" opacity={row.group.kind === 'none' ? 0.5 : 0.8} />
          <span className="tree-text tree-semibold">{groupTitle(row.group, row.name, t)}</span>
          <span className="tree-small tree-dimmed">
            {t('tree.guests', { count: row.guestCount })} ·{' '}
            {t('views.group.running', { running: row.running })}
          </span>
        </>
      )
    }
    case 'storage':
      return (
        <>
          <Database size={14} aria-hidden="true" opacity={0.7} />
          <span className="tree-text tree-dimmed">{row.item.storage}</span>
        </>
      )
  }
}

function StaleAge({
  lastUpdated,
  now,
  t,
}: {
  lastUpdated: number | null
  now: number
  t: TFunction
}): ReactElement {
  return (
    <span className="tree-small tree-orange">
      {lastUpdated === null ? t('stale.never') : t('stale.since', { age: formatAge(t, now - lastUpdated) })}
    </span>
  )
}

export function formatAge(t: (key: string, options: { count: number }) => string, ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return t('duration.seconds', { count: seconds })
  if (seconds < 3600) return t('duration.minutes', { count: Math.floor(seconds / 60) })
  return t('duration.hours', { count: Math.floor(seconds / 3600) })
}
