import { Alert } from '@mantine/core'
import { TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useFleetStore } from '../../stores/fleet-store'

/** Says, above an item's figures, that its cluster does not answer and the figures are last-known. */
export function StaleWarning({ clusterId }: { clusterId: string }): ReactElement | null {
  const { t } = useTranslation()
  const stale = useFleetStore((s) => s.clusters[clusterId]?.status.stale ?? false)
  if (!stale) return null
  return (
    <Alert color="orange" icon={<TriangleAlert size={16} />} p="xs">
      {t('details.staleWarning')}
    </Alert>
  )
}
