import { Checkbox, Select, SegmentedControl, Stack, Text, Textarea } from '@mantine/core'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { BackupCompress, BackupMode, GuestRef } from '../../../../shared/model/guest-action'
import { pveDesk } from '../../api/client'
import { formatBytes } from '../../lib/format'
import { DialogFrame } from './DialogFrame'
import { useGuestFacts } from './guest-facts'
import { useDialogRun } from './use-dialog-run'
import { useGuestQuery } from './use-guest-query'

const MODES: readonly BackupMode[] = ['snapshot', 'suspend', 'stop']
const COMPRESSIONS: readonly BackupCompress[] = ['zstd', 'lzo', 'gzip', '0']
/** PVE's web UI default notes (`{{guestname}}`, expanded by vzdump). */
const DEFAULT_NOTES = '{{guestname}}'
/** vzdump's own placeholders, handed to i18next as values so that it leaves them as they are. */
const NOTES_FIELDS = {
  guestname: '{{guestname}}',
  node: '{{node}}',
  vmid: '{{vmid}}',
  cluster: '{{cluster}}',
}

/** Back up now: a storage of the guest's node that takes backups, the mode, compression, protection, notes. */
export function BackupDialog({ guest: ref }: { guest: GuestRef }): ReactElement {
  const { t, i18n } = useTranslation()
  const facts = useGuestFacts(ref)
  const name = facts?.guest.name ?? String(ref.vmid)
  const { busy, error, run } = useDialogRun(ref, name)
  const targets = useGuestQuery(`${ref.clusterId}/${ref.vmid}`, (options) =>
    pveDesk().guestBackupTargets({ guest: ref }, options),
  )
  const [chosen, setChosen] = useState<string | null>(null)
  const [mode, setMode] = useState<BackupMode>('snapshot')
  const [compress, setCompress] = useState<BackupCompress>('zstd')
  const [protect, setProtect] = useState(false)
  const [notes, setNotes] = useState(DEFAULT_NOTES)
  const storages = targets.value ?? []
  const storage = chosen ?? storages[0]?.storage ?? null
  return (
    <DialogFrame
      title={t('actions.backup.title', { name, vmid: ref.vmid })}
      facts={facts}
      testId="action-backup"
      loading={targets.loading}
      error={error ?? targets.error}
      busy={busy}
      canRun={storage !== null}
      runLabel={t('actions.backup.run')}
      onRun={() => {
        if (storage === null) return
        run({
          kind: 'backup',
          storage,
          mode,
          compress,
          ...(protect ? { protected: true } : {}),
          ...(notes.trim() === '' ? {} : { notes }),
        })
      }}
    >
      <Stack gap="sm">
        {storages.length === 0 && targets.error === undefined ? (
          <Text size="sm" c="dimmed">
            {t('actions.backup.noStorage', { node: facts?.guest.node ?? '' })}
          </Text>
        ) : (
          <Select
            label={t('actions.backup.storage')}
            data={storages.map((s) => ({
              value: s.storage,
              label:
                s.avail === undefined
                  ? s.storage
                  : t('actions.backup.storageFree', {
                      storage: s.storage,
                      free: formatBytes(s.avail, i18n.language),
                    }),
            }))}
            value={storage}
            onChange={setChosen}
            allowDeselect={false}
            data-testid="backup-storage"
          />
        )}
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('actions.backup.mode')}
          </Text>
          <SegmentedControl
            value={mode}
            onChange={(v) => setMode(v as BackupMode)}
            data={MODES.map((m) => ({ value: m, label: t(`actions.backup.modes.${m}`) }))}
          />
          <Text size="xs" c="dimmed" mt={4}>
            {t(`actions.backup.modeHint.${mode}`)}
          </Text>
        </div>
        <Select
          label={t('actions.backup.compress')}
          data={COMPRESSIONS.map((c) => ({ value: c, label: t(`actions.backup.compressions.${c}`) }))}
          value={compress}
          onChange={(v) => {
            if (v !== null) setCompress(v as BackupCompress)
          }}
          allowDeselect={false}
        />
        <Checkbox
          label={t('actions.backup.protected')}
          checked={protect}
          onChange={(e) => setProtect(e.currentTarget.checked)}
        />
        <Textarea
          label={t('actions.backup.notes')}
          description={t('actions.backup.notesHint', NOTES_FIELDS)}
          value={notes}
          maxLength={1024}
          autosize
          minRows={1}
          onChange={(e) => setNotes(e.currentTarget.value)}
        />
      </Stack>
    </DialogFrame>
  )
}
