import { Notification, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'

import { useInventoryStore } from '../../../stores/inventory-store'
import { noteMissingItem, useMissingItem } from './missing-item'

/**
 * "Not in this inventory snapshot": a diff's link opened its file, but the file holds no such item (the details
 * pane then shows nothing selected). Goes with the file: another one opened, or back to the live fleet.
 */
export function MissingItemToast(): ReactElement | null {
  const { t } = useTranslation()
  const missing = useMissingItem((s) => s.missing)
  const openedId = useInventoryStore((s) => s.opened?.file.fileId)
  useEffect(() => {
    if (missing !== undefined && openedId !== missing.fileId) noteMissingItem(undefined)
  }, [missing, openedId])
  if (missing === undefined) return null
  return (
    <Notification
      title={t('audit.diff.missingTitle', { subject: missing.subject })}
      color="orange"
      withBorder
      closeButtonProps={{ 'aria-label': t('audit.toast.dismiss') }}
      onClose={() => noteMissingItem(undefined)}
      data-testid="missing-item"
    >
      <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {missing.file}
      </Text>
    </Notification>
  )
}
