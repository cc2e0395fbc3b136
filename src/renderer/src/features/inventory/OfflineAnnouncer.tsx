import { VisuallyHidden } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { useInventoryStore } from '../../stores/inventory-store'
import { localTime } from './inventory-format'

/**
 * Says to a screen reader that the window now shows an inventory snapshot, read-only, or the live fleet again:
 * the tree and the details change under the user's focus without any of them moving it. Silent at start.
 */
export function OfflineAnnouncer(): ReactElement {
  const { t, i18n } = useTranslation()
  const [said, setSaid] = useState('')
  useEffect(
    () =>
      useInventoryStore.subscribe((state, before) => {
        const takenAt = state.opened?.manifest.takenAt
        const was = before.opened?.manifest.takenAt
        if (takenAt === was) return
        if (takenAt !== undefined)
          setSaid(t('inventory.offline.announceOpened', { date: localTime(takenAt, i18n.language) }))
        else setSaid(t('inventory.offline.announceClosed'))
      }),
    [t, i18n.language],
  )
  return (
    <VisuallyHidden role="status" aria-live="polite" data-testid="offline-announcer">
      {said}
    </VisuallyHidden>
  )
}
