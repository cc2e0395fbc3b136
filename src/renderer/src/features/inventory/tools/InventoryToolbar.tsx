import { Button, Group } from '@mantine/core'
import { CalendarClock, GitCompare, KeyRound } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import { DiffDialog } from './DiffDialog'
import { ScheduleDialog } from './ScheduleDialog'
import { SigningKeyDialog } from './SigningKeyDialog'

type Dialog = 'compare' | 'schedule' | 'key'

/** The files panel's tools: Compare…, Schedule…, Signing key…, each opening its dialog. */
export function InventoryToolbar(): ReactElement {
  const { t } = useTranslation()
  const [open, setOpen] = useState<Dialog | undefined>(undefined)
  const close = (): void => setOpen(undefined)
  return (
    <Group gap={6} wrap="wrap" role="toolbar" aria-label={t('audit.toolbar.label')}>
      <Button
        size="xs"
        variant="default"
        leftSection={<GitCompare size={14} aria-hidden="true" />}
        onClick={() => setOpen('compare')}
      >
        {t('audit.toolbar.compare')}
      </Button>
      <Button
        size="xs"
        variant="default"
        leftSection={<CalendarClock size={14} aria-hidden="true" />}
        onClick={() => setOpen('schedule')}
      >
        {t('audit.toolbar.schedule')}
      </Button>
      <Button
        size="xs"
        variant="default"
        leftSection={<KeyRound size={14} aria-hidden="true" />}
        onClick={() => setOpen('key')}
      >
        {t('audit.toolbar.key')}
      </Button>
      {open === 'compare' ? <DiffDialog onClose={close} /> : null}
      {open === 'schedule' ? <ScheduleDialog onClose={close} /> : null}
      {open === 'key' ? <SigningKeyDialog onClose={close} /> : null}
    </Group>
  )
}
