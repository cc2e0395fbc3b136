import { Button, Notification, Portal, Stack, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { describeError } from '../../api/errors'
import type { ActionToast } from '../../stores/action-store'
import { useActionStore } from '../../stores/action-store'
import { revealTask } from '../../stores/task-store'

/** A started action's toast goes after this long (its task stays in the dock); a failure stays until dismissed. */
export const STARTED_TOAST_MS = 8_000

/** "<action> started on <guest>" with a link to its task, or why it did not start, bottom left. */
export function ActionToasts(): ReactElement | null {
  const toasts = useActionStore((s) => s.toasts)
  if (toasts.length === 0) return null
  return (
    <Portal>
      <Stack
        gap="xs"
        style={{ position: 'fixed', left: 16, bottom: 16, width: 400, zIndex: 400 }}
        data-testid="action-toasts"
      >
        {toasts.map((toast) => (
          <OneToast key={toast.id} toast={toast} />
        ))}
      </Stack>
    </Portal>
  )
}

function OneToast({ toast }: { toast: ActionToast }): ReactElement {
  const { t } = useTranslation()
  const dismiss = useActionStore((s) => s.dismissToast)
  const [pointed, setPointed] = useState(false)
  const failed = toast.error !== undefined
  useEffect(() => {
    if (failed || pointed) return undefined
    const timer = setTimeout(() => dismiss(toast.id), STARTED_TOAST_MS)
    return () => clearTimeout(timer)
  }, [failed, pointed, dismiss, toast.id])
  const values = { action: t(`actions.noun.${toast.kind}`), name: toast.guestName, vmid: toast.guest.vmid }
  const { upid } = toast
  return (
    <Notification
      color={failed ? 'red' : 'blue'}
      withBorder
      title={t(failed ? 'actions.toast.failed' : 'actions.toast.started', values)}
      closeButtonProps={{ 'aria-label': t('actions.toast.dismiss') }}
      onClose={() => dismiss(toast.id)}
      onMouseEnter={() => setPointed(true)}
      onMouseLeave={() => setPointed(false)}
      data-testid="action-toast"
      data-outcome={failed ? 'failed' : 'started'}
    >
      {toast.error === undefined ? null : <Text size="sm">{describeError(toast.error, t)}</Text>}
      {toast.message === undefined ? null : <Text size="sm">{toast.message}</Text>}
      {upid === null ? null : (
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => {
            dismiss(toast.id)
            revealTask(toast.guest.clusterId, upid)
          }}
        >
          {t('actions.toast.showTask')}
        </Button>
      )}
    </Notification>
  )
}
