import { Checkbox, Stack, Textarea, TextInput } from '@mantine/core'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { GuestRef } from '../../../../shared/model/guest-action'
import { snapshotName } from '../../../../shared/model/guest-action'
import { DialogFrame } from './DialogFrame'
import { useGuestFacts } from './guest-facts'
import { useDialogRun } from './use-dialog-run'

/** Takes a guest snapshot: a name PVE accepts, a description, and for a running VM its RAM state. */
export function SnapshotCreateDialog({ guest: ref }: { guest: GuestRef }): ReactElement {
  const { t } = useTranslation()
  const facts = useGuestFacts(ref)
  const name = facts?.guest.name ?? String(ref.vmid)
  const { busy, error, run } = useDialogRun(ref, name)
  const [snapname, setSnapname] = useState('')
  const [description, setDescription] = useState('')
  const [vmstate, setVmstate] = useState(false)
  const valid = snapshotName.safeParse(snapname).success
  // `current` is PVE's name for NOW: a guest snapshot cannot take it.
  const reserved = snapname === 'current'
  const ramPossible = facts?.guest.type === 'qemu' && facts.guest.status === 'running'
  return (
    <DialogFrame
      title={t('actions.snapshot.title', { name, vmid: ref.vmid })}
      facts={facts}
      testId="action-snapshot"
      error={error}
      busy={busy}
      canRun={valid && !reserved}
      runLabel={t('actions.snapshot.run')}
      onRun={() =>
        run({
          kind: 'snapshotCreate',
          name: snapname,
          ...(description.trim() === '' ? {} : { description }),
          ...(ramPossible && vmstate ? { vmstate: true } : {}),
        })
      }
    >
      <Stack gap="sm">
        <TextInput
          label={t('actions.snapshot.name')}
          description={t('actions.snapshot.nameHint')}
          value={snapname}
          onChange={(e) => setSnapname(e.currentTarget.value)}
          error={
            snapname === '' ? undefined : reserved || !valid ? t('actions.snapshot.nameInvalid') : undefined
          }
          maxLength={40}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          data-testid="snapshot-name"
        />
        <Textarea
          label={t('actions.snapshot.description')}
          value={description}
          maxLength={8192}
          autosize
          minRows={2}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        {facts?.guest.type === 'qemu' ? (
          <Checkbox
            label={t('actions.snapshot.vmstate')}
            description={ramPossible ? undefined : t('actions.snapshot.vmstateOff')}
            disabled={!ramPossible}
            checked={ramPossible && vmstate}
            onChange={(e) => setVmstate(e.currentTarget.checked)}
          />
        ) : null}
      </Stack>
    </DialogFrame>
  )
}
