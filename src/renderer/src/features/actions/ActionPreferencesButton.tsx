import { ActionIcon, Tooltip } from '@mantine/core'
import { ShieldCheck } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useActionStore } from '../../stores/action-store'

/** Opens the guard rails and notifications dialog: in the action bar, and for the header's tools. */
export function ActionPreferencesButton(): ReactElement {
  const { t } = useTranslation()
  const open = useActionStore((s) => s.open)
  return (
    <Tooltip label={t('actions.preferences.open')} withinPortal>
      <ActionIcon
        variant="subtle"
        onClick={() => open({ type: 'preferences' })}
        aria-label={t('actions.preferences.open')}
        data-testid="action-preferences-open"
      >
        <ShieldCheck size={16} />
      </ActionIcon>
    </Tooltip>
  )
}
