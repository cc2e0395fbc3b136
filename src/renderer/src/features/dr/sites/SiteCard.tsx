import { Badge, Card, Group, Progress } from '@mantine/core'
import { AlertTriangle, CircleCheck, OctagonAlert } from 'lucide-react'
import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

import type { SiteCluster, SiteHealth, SiteNode } from '../../../../../shared/model/dr'
import { formatBytes, formatPercent } from '../../../lib/format'
import { siteColour } from '../../consoles/site-colour'
import { LEVEL_COLOUR, problemText, sinceText } from './site-words'

export interface SiteCardProps {
  site: SiteHealth
  /** Milliseconds, for « il y a 2 min » (the caller's clock, so that all cards agree and tests choose it). */
  now: number
  /** The wall's large type. */
  wall?: boolean
}

const LEVEL_ICON = { green: CircleCheck, amber: AlertTriangle, red: OctagonAlert } as const

/**
 * One site's health at a glance: its level in colour and in words, what is wrong in sentences at the top, then
 * quorum, nodes, HA, storage, certificates, subscriptions, versions, last contact and its guests.
 */
export function SiteCard({ site, now, wall = false }: SiteCardProps): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const level = t(`drSites.level.${site.level}`)
  const Icon = LEVEL_ICON[site.level]
  const shownStorage = wall ? site.storage.filter((s) => s.level !== 'ok') : site.storage
  const okStorages = site.storage.length - shownStorage.length
  return (
    <Card
      withBorder
      padding={wall ? 'xl' : 'md'}
      className={wall ? 'dr-site-card dr-site-card-wall' : 'dr-site-card'}
      data-level={site.level}
      data-testid="dr-site-card"
      data-site={site.site}
      role="region"
      aria-label={t('drSites.levelOf', { site: site.site, level })}
      style={{ borderTop: `6px solid var(--mantine-color-${LEVEL_COLOUR[site.level]}-6)` }}
    >
      <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
        <h3 className="dr-site-name" style={{ color: siteColour(site.site) }}>
          {site.site}
        </h3>
        <Group gap={6} wrap="nowrap">
          {site.stale ? (
            <Badge color="gray" variant="outline" size={wall ? 'xl' : 'md'} data-testid="dr-site-stale">
              {t('drSites.stale')}
            </Badge>
          ) : null}
          <Badge
            color={LEVEL_COLOUR[site.level]}
            variant="filled"
            size={wall ? 'xl' : 'lg'}
            leftSection={<Icon size={wall ? 20 : 14} aria-hidden="true" />}
            data-testid="dr-site-level"
          >
            {level}
          </Badge>
        </Group>
      </Group>
      {site.problems.length === 0 ? (
        <p className="dr-site-ok">{t('drSites.noProblem')}</p>
      ) : (
        <ul className="dr-site-problems" aria-label={t('drSites.problems')} data-testid="dr-site-problems">
          {site.problems.map((p, i) => (
            <li key={`${p.code}:${i}`} data-level={p.level}>
              <span className={`dr-dot dr-dot-${p.level}`} aria-hidden="true" />
              {problemText(p, site, t, locale)}
            </li>
          ))}
        </ul>
      )}
      <dl className="dr-site-facts">
        <Fact label={t('drSites.clusters')}>
          {site.clusters.map((c) => (
            <ClusterLine key={c.clusterId} cluster={c} />
          ))}
        </Fact>
        <Fact label={t('drSites.nodes')}>
          <NodesLine nodes={site.nodes} />
        </Fact>
        <Fact label={t('drSites.storage')}>
          {/* The wall names only the storages that need a look; the others are counted. */}
          {wall && okStorages > 0 ? (
            <div data-testid="dr-site-storage-ok">{t('drSites.storageOk', { count: okStorages })}</div>
          ) : null}
          {shownStorage.map((s) => {
            const share = s.total > 0 ? s.used / s.total : 0
            const colour = s.level === 'critical' ? 'red' : s.level === 'warning' ? 'orange' : 'teal'
            const words = t('drSites.storageUsage', {
              storage: s.storage,
              node: s.shared ? s.clusterId : s.node,
              used: formatBytes(s.used, locale),
              total: formatBytes(s.total, locale),
            })
            return (
              <div key={`${s.clusterId}:${s.node}:${s.storage}`} className="dr-storage" data-level={s.level}>
                <div className="dr-storage-words">
                  <span>{words}</span>
                  <span className={`dr-storage-share dr-storage-${s.level}`}>
                    {formatPercent(share, locale)}
                    {s.level === 'ok' ? '' : ` · ${t(`drSites.storageLevel.${s.level}`)}`}
                  </span>
                </div>
                <Progress
                  value={Math.min(100, share * 100)}
                  color={colour}
                  size={wall ? 'lg' : 'sm'}
                  aria-label={`${words} (${formatPercent(share, locale)})`}
                />
              </div>
            )
          })}
        </Fact>
        {/* The wall leaves out what its problems already say (certificates, subscriptions, versions). */}
        {wall || site.certificates.length === 0 ? null : (
          <Fact label={t('drSites.certificates')}>
            {site.certificates.map((c) => (
              <div key={`${c.clusterId}:${c.node}:${c.filename}`} className="dr-warn-text">
                {c.daysLeft < 0
                  ? t('drSites.certificateExpired', { node: c.node, file: c.filename })
                  : t('drSites.certificate', {
                      node: c.node,
                      file: c.filename,
                      days: Math.floor(c.daysLeft),
                    })}
              </div>
            ))}
          </Fact>
        )}
        {wall ? null : (
          <Fact label={t('drSites.subscriptions')}>
            <SubscriptionsLine nodes={site.nodes} />
          </Fact>
        )}
        {wall ? null : (
          <Fact label={t('drSites.versions')}>
            <VersionsLine nodes={site.nodes} />
          </Fact>
        )}
        <Fact label={t('drSites.lastContact')}>
          <span data-testid="dr-site-contact">{sinceText(site.lastContact, now, t)}</span>
        </Fact>
        <Fact label={t('drSites.guests')}>
          <span data-testid="dr-site-guests">
            {t('drSites.guestCounts', {
              total: site.guests.total,
              red: site.guests.red,
              amber: site.guests.amber,
            })}
          </span>
        </Fact>
      </dl>
    </Card>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }): ReactElement {
  return (
    <div className="dr-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function ClusterLine({ cluster }: { cluster: SiteCluster }): ReactElement {
  const { t } = useTranslation()
  const quorum =
    cluster.quorate === undefined
      ? t('drSites.standalone')
      : cluster.quorate
        ? t('drSites.quorate')
        : t('drSites.quorumLost')
  const votes =
    cluster.votes !== undefined && cluster.expectedVotes !== undefined
      ? ` · ${t('drSites.votes', { votes: cluster.votes, expected: cluster.expectedVotes })}`
      : ''
  const ha =
    cluster.haManager === undefined
      ? t('drSites.haNone')
      : cluster.haManager.master === undefined
        ? cluster.haManager.state
        : t('drSites.haState', { state: cluster.haManager.state, master: cluster.haManager.master })
  return (
    <div data-testid="dr-site-cluster" data-cluster={cluster.clusterId}>
      <strong>{cluster.name}</strong>
      {' · '}
      <span className={cluster.quorate === false ? 'dr-bad-text' : undefined}>{quorum}</span>
      {votes}
      {' · '}
      {t('drSites.haLine', { ha })}
      {cluster.reach === 'live' ? null : ` · ${t('drSites.stale')}`}
    </div>
  )
}

function NodesLine({ nodes }: { nodes: readonly SiteNode[] }): ReactElement {
  const { t } = useTranslation()
  const down = nodes.filter((n) => !n.online).map((n) => n.node)
  return (
    <span data-testid="dr-site-nodes">
      {t('drSites.nodesOnline', { online: nodes.length - down.length, total: nodes.length })}
      {down.length === 0 ? null : (
        <span className="dr-bad-text"> · {t('drSites.nodesDown', { nodes: down.join(', ') })}</span>
      )}
    </span>
  )
}

function SubscriptionsLine({ nodes }: { nodes: readonly SiteNode[] }): ReactElement {
  const { t } = useTranslation()
  const words = (status: string | undefined): string =>
    t(`drSites.subscription.${status ?? 'unknown'}`, {
      defaultValue: status ?? t('drSites.subscription.unknown'),
    })
  return (
    <span>
      {nodes.map((n, i) => (
        <span
          key={`${n.clusterId}:${n.node}`}
          className={n.subscription === 'active' ? undefined : 'dr-warn-text'}
        >
          {i === 0 ? '' : ', '}
          {t('drSites.subscriptionOf', { node: n.node, status: words(n.subscription) })}
        </span>
      ))}
    </span>
  )
}

function VersionsLine({ nodes }: { nodes: readonly SiteNode[] }): ReactElement {
  const { t } = useTranslation()
  const versions = [...new Set(nodes.map((n) => n.version).filter((v) => v !== undefined))].sort()
  const mixed = versions.length > 1
  return (
    <span className={mixed ? 'dr-warn-text' : undefined} data-testid="dr-site-versions">
      {versions.length === 0 ? '—' : versions.join(', ')}
      {mixed ? ` (${t('drSites.mixed')})` : ''}
    </span>
  )
}
