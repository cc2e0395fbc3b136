import './sites.css'

import { Button, Group, Text } from '@mantine/core'
import { History, Monitor } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { DrReport } from '../../../../../shared/model/dr'
import { useNow } from '../../../lib/use-now'
import { AlertHistory } from '../alerts/AlertHistory'
import { SiteCard } from './SiteCard'
import { orderedSites } from './site-words'
import { WallView } from './WallView'

/**
 * The DR view's « Sites » segment: one card per site, the « Mur » (wall) button and, live, the alerts' history.
 * Fed by the report it is given (main's newest, or an inventory snapshot's when `offline`).
 */
export function SitesOverview({
  report,
  offline = false,
}: {
  report: DrReport
  offline?: boolean
}): ReactElement {
  const { t } = useTranslation()
  // A snapshot's ages are measured from its capture, not from today.
  const clock = useNow(15_000)
  const now = offline ? report.at * 1000 : clock
  const [wall, setWall] = useState(false)
  const [history, setHistory] = useState(false)
  const sites = orderedSites(report)
  return (
    <div data-testid="dr-sites" style={{ minHeight: 0, overflow: 'auto' }}>
      <Group justify="space-between" mb="sm" gap="xs">
        <Text fw={600}>{t('drSites.list')}</Text>
        <Group gap="xs" wrap="nowrap">
          {offline ? null : (
            <Button
              size="xs"
              variant="default"
              leftSection={<History size={14} aria-hidden="true" />}
              onClick={() => setHistory(true)}
              data-testid="dr-history-open"
            >
              {t('drSites.history.open')}
            </Button>
          )}
          <Button
            size="xs"
            variant="default"
            leftSection={<Monitor size={14} aria-hidden="true" />}
            onClick={() => setWall(true)}
            title={t('drSites.wall.openHint')}
            data-testid="dr-wall-open"
          >
            {t('drSites.wall.open')}
          </Button>
        </Group>
      </Group>
      {sites.length === 0 ? (
        <Text c="dimmed">{t('drSites.empty')}</Text>
      ) : (
        <div className="dr-sites-grid" role="list" aria-label={t('drSites.list')}>
          {sites.map((site) => (
            <div role="listitem" key={site.site}>
              <SiteCard site={site} now={now} />
            </div>
          ))}
        </div>
      )}
      {wall ? <WallView report={report} offline={offline} onClose={() => setWall(false)} /> : null}
      {history && !offline ? <AlertHistory onClose={() => setHistory(false)} /> : null}
    </div>
  )
}
