import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { ShieldAlert, TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { GuestAction, GuestRef } from '../../../../shared/model/guest-action'
import { describeError } from '../../api/errors'
import { useActionStore } from '../../stores/action-store'
import { useGuestFacts } from './guest-facts'
import { GuestIdentity } from './GuestIdentity'
import { needsTypedName, typedNameMatches } from './guard-rails'
import { useGuestRun } from './use-dialog-run'

/**
 * Asks before an action that loses something: says what is lost, names the guest in its site's colour and, for
 * the guests the guard rails list (a tag such as `prod`, a pool), wants its name typed (then Enter runs it).
 * PVE's refusal stays in the dialog, in its own words. Also asks about a shutdown, reboot or suspend of a
 * guard-railed guest asked for by a key.
 */
export function ConfirmDialog({
  guest: ref,
  action,
}: {
  guest: GuestRef
  action: GuestAction
}): ReactElement {
  const { t } = useTranslation()
  const facts = useGuestFacts(ref)
  const preferences = useActionStore((s) => s.preferences)
  const close = useActionStore((s) => s.close)
  const [typed, setTyped] = useState('')
  const [startAfter, setStartAfter] = useState(false)
  // A guest without a name is typed by its vmid: an empty name must never confirm by itself.
  const name = facts === undefined || facts.guest.name === '' ? String(ref.vmid) : facts.guest.name
  const { busy, error, send } = useGuestRun(ref, name)
  const typeName = facts !== undefined && needsTypedName(facts.guest, preferences)
  const confirmed = !typeName || typedNameMatches(typed, name)
  const snapshot = 'name' in action ? action.name : ''
  const loses = t(`actions.confirm.loses.${action.kind}`, { snapshot })
  return (
    <Modal
      opened
      onClose={() => close()}
      // While it runs, a stray Escape or click must not hide PVE's answer (Cancel and × still close).
      closeOnEscape={!busy}
      closeOnClickOutside={!busy}
      title={t(`actions.confirm.title.${action.kind}`, { name, vmid: ref.vmid, snapshot })}
      size="lg"
      data-testid="action-confirm"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (!confirmed || busy || facts === undefined) return
          send(action.kind === 'snapshotRollback' && startAfter ? { ...action, start: true } : action)
        }}
      >
        <Stack>
          {facts === undefined ? (
            <Alert color="orange">{t('actions.gone')}</Alert>
          ) : (
            <GuestIdentity facts={facts} />
          )}
          {loses === '' ? (
            <Alert color="orange" icon={<ShieldAlert size={16} />} data-testid="action-guard-rail">
              {t('actions.confirm.byKey')}
            </Alert>
          ) : (
            <Alert color="red" icon={<TriangleAlert size={16} />} data-testid="action-consequence">
              {loses}
            </Alert>
          )}
          {action.kind === 'snapshotRollback' ? (
            <Checkbox
              label={t('actions.confirm.startAfter')}
              checked={startAfter}
              onChange={(e) => setStartAfter(e.currentTarget.checked)}
            />
          ) : null}
          {typeName ? (
            <TextInput
              label={t('actions.confirm.typeName', { name })}
              description={t('actions.confirm.typeNameWhy')}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              data-autofocus
              autoComplete="off"
              spellCheck={false}
              data-testid="action-type-name"
            />
          ) : null}
          {error === undefined ? null : (
            <Alert color="red" role="alert" data-testid="action-error">
              <Text size="sm">{describeError(error, t)}</Text>
            </Alert>
          )}
          <Group justify="flex-end">
            {/* The focus starts on Cancel: Enter alone never loses anything. */}
            <Button
              type="button"
              variant="default"
              onClick={() => close()}
              {...(typeName ? {} : { 'data-autofocus': true })}
            >
              {t('actions.cancel')}
            </Button>
            <Button
              type="submit"
              color="red"
              disabled={!confirmed || facts === undefined}
              loading={busy}
              data-testid="action-confirm-run"
            >
              {t(`actions.confirm.run.${action.kind}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
