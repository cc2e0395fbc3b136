import { Badge, Button, Tooltip } from '@mantine/core'
import { ShieldCheck } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useConsoleStore, DETAILS_TAB } from '../../stores/console-store'
import { useShownDrReport } from '../inventory/use-shown-dr'
import { useUiStore } from '../../stores/ui-store'

/** The header's « PRA » button: opens the DR view in the main area (or goes back to the details), red count. */
export function DrButton(): ReactElement {
  const { t } = useTranslation()
  const open = useUiStore((s) => s.mainView === 'dr')
  // With an inventory snapshot open, the snapshot's red count (its report as it was at capture).
  const red = useShownDrReport().report?.counts.red ?? 0
  const toggle = (): void => {
    useUiStore.getState().setMainView(open ? 'details' : 'dr')
    // The DR view lives in the Details tab: a console in front would hide it.
    if (!open) useConsoleStore.getState().activate(DETAILS_TAB)
  }
  return (
    <Tooltip label={t('dr.buttonHint')} withinPortal multiline maw={320}>
      <Button
        size="xs"
        variant={open ? 'light' : 'default'}
        leftSection={<ShieldCheck size={14} aria-hidden="true" />}
        onClick={toggle}
        aria-label={red > 0 ? `${t('dr.button')} · ${red} ${t('dr.level.red')}` : t('dr.button')}
        aria-pressed={open}
        data-testid="dr-button"
        style={{ flexShrink: 0 }}
      >
        {t('dr.button')}
        {red > 0 ? (
          <Badge ml={6} size="xs" variant="filled" color="red" aria-hidden="true" data-testid="dr-red-count">
            {red}
          </Badge>
        ) : null}
      </Button>
    </Tooltip>
  )
}
