import { useRef, useState } from 'react'

import type { GuestAction, GuestRef } from '../../../../shared/model/guest-action'
import type { AppError } from '../../../../shared/ipc/errors'
import { useActionStore } from '../../stores/action-store'
import { needsConfirmation } from './guard-rails'

/**
 * Runs a dialog's action once however often it is asked (a double click, Enter twice): closes its own dialog on
 * success, keeps PVE's refusal to show, or tells it as a toast when the dialog is gone meanwhile (closed, or
 * another one opened) so that no refusal goes unseen and no answer closes someone else's dialog.
 */
export function useGuestRun(
  ref: GuestRef,
  name: string,
): {
  busy: boolean
  error: AppError | undefined
  send: (action: GuestAction) => void
} {
  // The opening of the dialog this hook belongs to (ActionsLayer keys each dialog by it).
  const [dialogId] = useState(() => useActionStore.getState().dialogId)
  const running = useRef(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError>()
  const send = (action: GuestAction): void => {
    if (running.current) return
    running.current = true
    setBusy(true)
    setError(undefined)
    const store = useActionStore.getState()
    void store.perform(ref, name, action).then((failure) => {
      running.current = false
      setBusy(false)
      const { dialog, dialogId: shown, close, failed } = useActionStore.getState()
      const stillOpen = dialog !== undefined && shown === dialogId
      if (failure === undefined) close(dialogId)
      else if (stillOpen) setError(failure)
      else failed(ref, name, action.kind, failure)
    })
  }
  return { busy, error, send }
}

/** {@link useGuestRun} for an options dialog: hands over to the confirmation when the action needs one. */
export function useDialogRun(
  ref: GuestRef,
  name: string,
): {
  busy: boolean
  error: AppError | undefined
  run: (action: GuestAction) => void
} {
  const open = useActionStore((s) => s.open)
  const { busy, error, send } = useGuestRun(ref, name)
  const run = (action: GuestAction): void => {
    if (needsConfirmation(action)) open({ type: 'confirm', guest: ref, action })
    else send(action)
  }
  return { busy, error, run }
}
