import { Button, Tooltip } from '@mantine/core'
import { FileArchive } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'

import { useWideHeader } from '../../lib/wide-header'
import { useInventoryStore } from '../../stores/inventory-store'

/**
 * Ctrl+Shift+O opens (or closes) the files panel: a Ctrl+Shift combination, which no shell or guest needs (as the
 * workspace's keys), and not Ctrl+Shift+I, the developer tools' key in Electron and Chromium.
 */
export const isPanelKey = (
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>,
): boolean =>
  event.ctrlKey && event.shiftKey && !event.altKey && !event.metaKey && event.key.toLowerCase() === 'o'

/** The header's "Inventory snapshots" button, and its key. */
export function InventoryButton(): ReactElement {
  const { t } = useTranslation()
  const opened = useInventoryStore((s) => s.opened !== undefined)
  const wide = useWideHeader()

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!isPanelKey(event) || event.repeat) return
      // Taken before a terminal or a screen sees it.
      event.preventDefault()
      event.stopPropagation()
      const store = useInventoryStore.getState()
      store.setPanelOpen(!store.panelOpen)
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  return (
    <Tooltip label={t('inventory.buttonHint')} withinPortal>
      <Button
        size="xs"
        variant={opened ? 'filled' : 'default'}
        color={opened ? 'grape' : undefined}
        px={wide ? undefined : 8}
        leftSection={wide ? <FileArchive size={14} aria-hidden="true" /> : undefined}
        onClick={() => useInventoryStore.getState().setPanelOpen(true)}
        aria-label={t('inventory.button')}
        aria-keyshortcuts="Control+Shift+O"
        data-testid="inventory-open"
      >
        {wide ? t('inventory.button') : <FileArchive size={16} aria-hidden="true" />}
      </Button>
    </Tooltip>
  )
}
