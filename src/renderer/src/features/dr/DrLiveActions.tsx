import { Button, Group, Loader } from '@mantine/core'
import { RefreshCw, Target, X } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useDrStore } from '../../stores/dr-store'

/**
 * The live DR view's actions: « Actualiser » (with « Annuler » while it reads) and « Objectifs ». An inventory
 * snapshot's DR view has none: nothing there reads or changes a cluster.
 */
export function DrLiveActions({ onTargets }: { onTargets: () => void }): ReactElement {
  const { t } = useTranslation()
  const refreshing = useDrStore((s) => s.refreshing)
  return (
    <Group gap="xs" wrap="nowrap">
      <Button
        size="xs"
        variant="default"
        leftSection={refreshing ? <Loader size={12} /> : <RefreshCw size={14} aria-hidden="true" />}
        onClick={() => void useDrStore.getState().refresh()}
        aria-busy={refreshing}
        // Not `disabled`: the focus stays on it while it reads, and a second click does nothing (the store says).
        aria-disabled={refreshing}
        data-testid="dr-refresh"
      >
        {refreshing ? t('dr.refreshing') : t('dr.refresh')}
      </Button>
      {refreshing ? (
        <Button
          size="xs"
          variant="subtle"
          color="gray"
          leftSection={<X size={14} aria-hidden="true" />}
          onClick={() => useDrStore.getState().cancelRefresh()}
          data-testid="dr-refresh-cancel"
        >
          {t('dr.cancelRefresh')}
        </Button>
      ) : null}
      <Button
        size="xs"
        variant="default"
        leftSection={<Target size={14} aria-hidden="true" />}
        onClick={onTargets}
        data-testid="dr-targets"
      >
        {t('dr.targets')}
      </Button>
    </Group>
  )
}
