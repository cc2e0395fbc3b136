import { Alert } from '@mantine/core'
import { TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useShownFleet } from '../../stores/shown-fleet'
import { LastKnownWarning } from '../inventory/LastKnownWarning'

/** Says, above an item's figures, that its cluster does not answer and the figures are last-known. */
export function StaleWarning({ clusterId }: { clusterId: string }): ReactElement | null {
  const { t } = useTranslation()
  const stale = useShownFleet((s) => s.clusters[clusterId]?.status.stale ?? false)
  const lastKnownAt = useShownFleet((s) => s.clusters[clusterId]?.capture?.lastKnownAt)
  if (!stale) return null
  if (lastKnownAt !== undefined) return <LastKnownWarning at={lastKnownAt} />
  return (
    <Alert color="orange" icon={<TriangleAlert size={16} />} p="xs">
      {t('details.staleWarning')}
    </Alert>
  )
}
