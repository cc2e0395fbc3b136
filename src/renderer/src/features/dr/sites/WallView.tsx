import './sites.css'

import { Button, Modal } from '@mantine/core'
import { X } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { DrReport } from '../../../../../shared/model/dr'
import { useNow } from '../../../lib/use-now'
import { SiteCard } from './SiteCard'
import { ageText, orderedSites } from './site-words'

/**
 * Every site on one screen for a wall display: a full-window layer over the tree and the header, the cards in
 * large type, a clock and how old the report is. Esc or the button leaves; the focus returns where it was.
 */
export function WallView({
  report,
  offline = false,
  onClose,
}: {
  report: DrReport
  offline?: boolean
  onClose: () => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const clock = useNow(1000)
  const now = offline ? report.at * 1000 : clock
  const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(clock)
  return (
    <Modal
      opened
      onClose={onClose}
      fullScreen
      withCloseButton={false}
      transitionProps={{ duration: 0 }}
      aria-label={t('drSites.wall.title')}
      padding={0}
      zIndex={400}
    >
      <div className="dr-wall" data-testid="dr-wall">
        <div className="dr-wall-bar">
          <h2 className="dr-wall-title">{t('drSites.wall.title')}</h2>
          <div className="dr-wall-updated" data-testid="dr-wall-updated">
            {t('drSites.wall.updated', { age: ageText(Math.max(0, now / 1000 - report.at), t) })}
          </div>
          <time className="dr-wall-clock" aria-label={t('drSites.wall.clock')} data-testid="dr-wall-clock">
            {time}
          </time>
          <Button
            size="md"
            variant="default"
            leftSection={<X size={18} aria-hidden="true" />}
            onClick={onClose}
            data-autofocus
            data-testid="dr-wall-leave"
          >
            {t('drSites.wall.leave')}
          </Button>
        </div>
        <div className="dr-sites-grid" role="list" aria-label={t('drSites.list')}>
          {orderedSites(report).map((site) => (
            <div role="listitem" key={site.site}>
              <SiteCard site={site} now={now} wall />
            </div>
          ))}
        </div>
      </div>
    </Modal>
  )
}
