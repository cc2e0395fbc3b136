import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

import type { AppError } from '../../../../shared/ipc/errors'
import { describeError } from '../../api/errors'
import { useActionStore } from '../../stores/action-store'
import type { GuestFacts } from './guest-facts'
import { GuestIdentity } from './GuestIdentity'

/** The common frame of an action's options dialog: the guest named, the options, PVE's refusal, the buttons. */
export function DialogFrame({
  title,
  facts,
  testId,
  loading,
  error,
  busy,
  canRun,
  runLabel,
  danger,
  onRun,
  children,
}: {
  title: string
  facts: GuestFacts | undefined
  testId: string
  /** The dialog still waits for what PVE says (targets, storages). */
  loading?: boolean
  error: AppError | undefined
  busy: boolean
  canRun: boolean
  runLabel: string
  danger?: boolean
  onRun: () => void
  children: ReactNode
}): ReactElement {
  const { t } = useTranslation()
  const close = useActionStore((s) => s.close)
  return (
    <Modal
      opened
      onClose={() => close()}
      // While it runs, a stray Escape or click must not hide PVE's answer (Cancel and × still close).
      closeOnEscape={!busy}
      closeOnClickOutside={!busy}
      title={title}
      size="lg"
      data-testid={testId}
    >
      <Stack>
        {facts === undefined ? (
          <Alert color="orange">{t('actions.gone')}</Alert>
        ) : (
          <GuestIdentity facts={facts} />
        )}
        {loading === true ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">{t('actions.loading')}</Text>
          </Group>
        ) : (
          children
        )}
        {error === undefined ? null : (
          <Alert color="red" role="alert" data-testid="action-error">
            <Text size="sm">{describeError(error, t)}</Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => close()}>
            {t('actions.cancel')}
          </Button>
          <Button
            color={danger === true ? 'red' : undefined}
            disabled={!canRun || facts === undefined || loading === true}
            loading={busy}
            onClick={onRun}
            data-testid={`${testId}-run`}
          >
            {runLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
