import { Button, Group, Notification, Portal, Stack, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { CaptureFinished } from '../../../../../shared/ipc/domains/inventory'
import { describeError } from '../../../api/errors'
import { useCaptureStore } from '../../../stores/capture-store'
import { useInventoryStore } from '../../../stores/inventory-store'
import { summaryLine } from './CaptureDialog'
import { MissingItemToast } from './MissingItemToast'
import { useMissingItem } from './missing-item'
import { openInventoryFile } from './open-inventory'

/** At most this many toasts at once: the newest; older ends stay in the files panel. */
const SHOWN = 3

/** A capture the user took by hand and that was written: told, then gone (its file is in the files panel). */
export const MANUAL_DONE_MS = 10_000

/**
 * Ends of captures nobody was watching: a scheduled one, or one whose dialog was closed. Done (with Open) or
 * failed (with the reason). A file written by hand goes after {@link MANUAL_DONE_MS} (not while pointed at); a
 * scheduled end or a failure stays until dismissed, since it may come while nobody looks. A toast goes as soon
 * as its file is opened, from it or from the files panel: it would only cover the details pane.
 */
export function CaptureToasts(): ReactElement | null {
  const toasts = useCaptureStore((s) => s.toasts)
  const dismissFile = useCaptureStore((s) => s.dismissFile)
  const openedFile = useInventoryStore((s) => s.opened?.file.fileId)
  const missing = useMissingItem((s) => s.missing)
  useEffect(() => {
    if (openedFile !== undefined) dismissFile(openedFile)
  }, [openedFile, toasts, dismissFile])
  if (toasts.length === 0 && missing === undefined) return null
  return (
    <Portal>
      <Stack
        gap="xs"
        style={{ position: 'fixed', right: 16, bottom: 16, width: 420, zIndex: 400 }}
        data-testid="capture-toasts"
      >
        <MissingItemToast />
        {toasts.slice(-SHOWN).map((toast) => (
          <CaptureToast key={toast.captureId} toast={toast} />
        ))}
      </Stack>
    </Portal>
  )
}

function CaptureToast({ toast }: { toast: CaptureFinished }): ReactElement {
  const { t } = useTranslation()
  const dismiss = useCaptureStore((s) => s.dismissToast)
  const [pointed, setPointed] = useState(false)
  const scheduled = toast.trigger === 'scheduled'
  const fades = toast.ok && !scheduled
  useEffect(() => {
    if (!fades || pointed) return undefined
    const timer = setTimeout(() => dismiss(toast.captureId), MANUAL_DONE_MS)
    return () => clearTimeout(timer)
  }, [fades, pointed, dismiss, toast.captureId])
  const title = toast.ok
    ? t(scheduled ? 'audit.toast.scheduledDone' : 'audit.toast.manualDone')
    : t(scheduled ? 'audit.toast.scheduledFailed' : 'audit.toast.manualFailed')
  const open = (fileId: string): void => {
    dismiss(toast.captureId)
    void openInventoryFile(fileId)
  }
  return (
    <Notification
      title={title}
      color={toast.ok ? 'green' : 'red'}
      withBorder
      closeButtonProps={{ 'aria-label': t('audit.toast.dismiss') }}
      onClose={() => dismiss(toast.captureId)}
      onMouseEnter={() => setPointed(true)}
      onMouseLeave={() => setPointed(false)}
      data-outcome={toast.ok ? 'written' : 'failed'}
    >
      {toast.ok ? (
        <Stack gap={4}>
          <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {toast.file.name}
          </Text>
          <Text size="sm">{summaryLine(toast.summary, t)}</Text>
          <Group justify="flex-end">
            <Button size="xs" variant="light" onClick={() => open(toast.file.fileId)}>
              {t('audit.toast.open')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Text size="sm">{describeError(toast.error, t)}</Text>
      )}
    </Notification>
  )
}
