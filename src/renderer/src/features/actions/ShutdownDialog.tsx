import { Checkbox, NumberInput, Stack } from '@mantine/core'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { GuestRef } from '../../../../shared/model/guest-action'
import { DialogFrame } from './DialogFrame'
import { useGuestFacts } from './guest-facts'
import { useDialogRun } from './use-dialog-run'

/** PVE's own default wait of a shutdown from its web UI (pve-manager `Utils.js`): 3 minutes. */
export const DEFAULT_SHUTDOWN_TIMEOUT = 180

/** A shutdown with a time limit, then a stop if the guest is still up (`timeout`, `forceStop`). */
export function ShutdownDialog({ guest: ref }: { guest: GuestRef }): ReactElement {
  const { t } = useTranslation()
  const facts = useGuestFacts(ref)
  const name = facts?.guest.name ?? String(ref.vmid)
  const { busy, error, run } = useDialogRun(ref, name)
  const [timeout, setTimeoutSeconds] = useState<number>(DEFAULT_SHUTDOWN_TIMEOUT)
  const [forceStop, setForceStop] = useState(true)
  const valid = Number.isInteger(timeout) && timeout >= 1 && timeout <= 86_400
  return (
    <DialogFrame
      title={t('actions.shutdown.title', { name, vmid: ref.vmid })}
      facts={facts}
      testId="action-shutdown"
      error={error}
      busy={busy}
      canRun={valid}
      runLabel={t('actions.label.shutdown')}
      onRun={() => run({ kind: 'shutdown', timeout, forceStop })}
    >
      <Stack gap="xs">
        <NumberInput
          label={t('actions.shutdown.timeout')}
          description={t('actions.shutdown.timeoutHint')}
          min={1}
          max={86_400}
          allowDecimal={false}
          value={timeout}
          onChange={(v) => setTimeoutSeconds(typeof v === 'number' ? v : Number.NaN)}
          data-autofocus
        />
        <Checkbox
          label={t('actions.shutdown.forceStop')}
          checked={forceStop}
          onChange={(e) => setForceStop(e.currentTarget.checked)}
        />
      </Stack>
    </DialogFrame>
  )
}
