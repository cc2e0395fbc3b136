import { Button, Group, Notification, Portal, Stack, Text } from '@mantine/core'
import { MapPin } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { describeError } from '../../api/errors'
import type { ActionToast } from '../../stores/action-store'
import { useActionStore } from '../../stores/action-store'
import { revealTask } from '../../stores/task-store'
import { siteColour } from '../consoles/site-colour'
import { toastStack } from '../tasks/toast-stack'

/** A started action's toast goes after this long (its task stays in the dock); a failure stays until dismissed. */
export const STARTED_TOAST_MS = 8_000

/** "<action> started on <guest>" with a link to its task, or why it did not start, bottom right. */
export function ActionToasts(): ReactElement | null {
  const toasts = useActionStore((s) => s.toasts)
  if (toasts.length === 0) return null
  return (
    // Where every toast goes (bottom right on the task dock, under the modals): features/tasks/toast-stack.ts.
    <Portal target={toastStack()}>
      <Stack gap="xs" data-testid="action-toasts">
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
      <ToastWhere toast={toast} />
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

/** The site in its colour and the cluster: a vmid alone is ambiguous across clusters. */
function ToastWhere({ toast }: { toast: ActionToast }): ReactElement | null {
  const { t } = useTranslation()
  if (toast.cluster === undefined) return null
  const colour = toast.site === undefined ? undefined : siteColour(toast.site)
  return (
    <Group gap={6} data-testid="action-toast-where" data-site={toast.site}>
      {toast.site === undefined ? null : (
        <>
          <MapPin size={12} color={colour} aria-hidden="true" />
          <Text size="xs" fw={700} c={colour} data-part="site">
            {toast.site}
          </Text>
          <Text size="xs" c="dimmed">
            {'·'}
          </Text>
        </>
      )}
      <Text size="xs" data-part="cluster">
        {t('actions.identity.cluster', { cluster: toast.cluster })}
      </Text>
    </Group>
  )
}
