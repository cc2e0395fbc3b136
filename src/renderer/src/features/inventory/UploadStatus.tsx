import './inventory.css'

import { Button, Group, Progress, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { formatBytes } from '../../lib/format'
import { useInventoryStore } from '../../stores/inventory-store'

/**
 * The upload under way: its name, bytes sent of its size, and Cancel. In the files panel when it is open, else
 * floating at the bottom of the window (a file dropped with the panel closed shows here).
 */
export function UploadStatus({ floating = false }: { floating?: boolean }): ReactElement | null {
  const { t, i18n } = useTranslation()
  const sending = useInventoryStore((s) => s.sending)
  const panelOpen = useInventoryStore((s) => s.panelOpen)
  if (sending === undefined || floating === panelOpen) return null
  const text = t('inventory.upload.sending', {
    name: sending.name,
    sent: formatBytes(sending.sent, i18n.language),
    size: formatBytes(sending.size, i18n.language),
  })
  return (
    <div
      role="status"
      className={floating ? 'inventory-upload inventory-upload-floating' : 'inventory-upload'}
      data-testid="inventory-upload"
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          {text}
        </Text>
        <Button
          size="compact-sm"
          variant="default"
          onClick={() => useInventoryStore.getState().cancelUpload()}
        >
          {t('inventory.upload.cancel')}
        </Button>
      </Group>
      <Progress
        value={sending.size === 0 ? 0 : (100 * sending.sent) / sending.size}
        size="sm"
        mt={6}
        aria-label={text}
      />
    </div>
  )
}
