import { Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { Markdown } from '../Markdown'
import { PanelFrame } from '../PanelFrame'
import type { GuestPanelProps } from './guest-panel-props'
import { useGuestConfig } from './guest-panel-props'

/** Notes: the guest's `description`, Markdown rendered as PVE renders it, made safe (see markdown.ts). */
export function NotesTab(props: GuestPanelProps): ReactElement {
  const { t } = useTranslation()
  const query = useGuestConfig(props)
  return (
    <PanelFrame query={query} testId="guest-notes" gaps={() => []}>
      {({ notes }) =>
        notes === undefined || notes.trim() === '' ? (
          <Text size="sm" c="dimmed">
            {t('panels.guest.notes.empty')}
          </Text>
        ) : (
          <Markdown text={notes} testId="guest-notes-text" />
        )
      }
    </PanelFrame>
  )
}
