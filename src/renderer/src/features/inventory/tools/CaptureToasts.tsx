import { Button, Group, Notification, Portal, Stack, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { CaptureFinished } from '../../../../../shared/ipc/domains/inventory'
import { describeError } from '../../../api/errors'
import { useCaptureStore } from '../../../stores/capture-store'
import { summaryLine } from './CaptureDialog'
import { openInventoryFile } from './open-inventory'

/** At most this many toasts at once: the newest; older ends stay in the files panel. */
const SHOWN = 3

/**
 * Ends of captures nobody was watching: a scheduled one, or one whose dialog was closed. Done (with Open) or
 * failed (with the reason); they stay until dismissed, since a scheduled capture may end while nobody looks.
 */
export function CaptureToasts(): ReactElement | null {
  const toasts = useCaptureStore((s) => s.toasts)
  if (toasts.length === 0) return null
  return (
    <Portal>
      <Stack
        gap="xs"
        style={{ position: 'fixed', right: 16, bottom: 16, width: 420, zIndex: 400 }}
        data-testid="capture-toasts"
      >
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
  const scheduled = toast.trigger === 'scheduled'
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
