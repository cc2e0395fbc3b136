import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useInventoryStore } from '../../stores/inventory-store'
import { localTime } from './inventory-format'

/** Above the tree while a snapshot is shown: whose fleet this is, in the banner's colour. */
export function OfflineTreeLabel(): ReactElement | null {
  const { t, i18n } = useTranslation()
  const takenAt = useInventoryStore((s) => s.opened?.manifest.takenAt)
  if (takenAt === undefined) return null
  return (
    <div className="offline-tree-label" data-testid="offline-tree-label">
      {`${t('inventory.banner.label')} · ${localTime(takenAt, i18n.language)}`}
    </div>
  )
}
