import { useState } from 'react'

import type { GuestAction, GuestRef } from '../../../../shared/model/guest-action'
import type { AppError } from '../../../../shared/ipc/errors'
import { useActionStore } from '../../stores/action-store'
import { needsConfirmation } from './guard-rails'

/** Runs a dialog's action: closes on success, keeps PVE's refusal to show; hands over to the confirmation. */
export function useDialogRun(
  ref: GuestRef,
  name: string,
): {
  busy: boolean
  error: AppError | undefined
  run: (action: GuestAction) => void
} {
  const perform = useActionStore((s) => s.perform)
  const close = useActionStore((s) => s.close)
  const open = useActionStore((s) => s.open)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError>()
  const run = (action: GuestAction): void => {
    if (needsConfirmation(action)) {
      open({ type: 'confirm', guest: ref, action })
      return
    }
    setBusy(true)
    setError(undefined)
    void perform(ref, name, action).then((failure) => {
      setBusy(false)
      if (failure === undefined) close()
      else setError(failure)
    })
  }
  return { busy, error, run }
}
