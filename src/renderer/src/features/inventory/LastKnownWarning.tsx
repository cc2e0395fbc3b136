import { Alert } from '@mantine/core'
import { History } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { bothTimes } from './inventory-format'

/** Above an item's figures in an inventory snapshot: its cluster did not answer at capture, the figures are older. */
export function LastKnownWarning({ at }: { at: string }): ReactElement {
  const { t, i18n } = useTranslation()
  return (
    <Alert color="orange" icon={<History size={16} />} p="xs" data-testid="last-known-warning">
      {t('inventory.lastKnownWarning', { date: bothTimes(at, i18n.language) })}
    </Alert>
  )
}
