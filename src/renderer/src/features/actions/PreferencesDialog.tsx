import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  TagsInput,
  Text,
} from '@mantine/core'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { ActionPreferences } from '../../../../shared/model/guest-action'
import { AppError } from '../../../../shared/ipc/errors'
import { describeError } from '../../api/errors'
import { useActionPreferences, useActionStore } from '../../stores/action-store'

const NOTIFY: readonly ActionPreferences['notify'][] = ['all', 'failed', 'off']

/** The guard rails (whose name must be typed), the bulk runs' concurrency, and which ended tasks notify. */
export function PreferencesDialog(): ReactElement {
  const { t } = useTranslation()
  const saved = useActionPreferences()
  const save = useActionStore((s) => s.savePreferences)
  const close = useActionStore((s) => s.close)
  const [draft, setDraft] = useState<ActionPreferences>(saved)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError>()
  const submit = async (): Promise<void> => {
    setBusy(true)
    try {
      await save(draft)
      close()
    } catch (failure: unknown) {
      setError(AppError.from(failure))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      opened
      onClose={() => close()}
      title={t('actions.preferences.title')}
      size="lg"
      data-testid="action-preferences"
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {t('actions.preferences.intro')}
        </Text>
        <TagsInput
          label={t('actions.preferences.typeNameTags')}
          description={t('actions.preferences.typeNameTagsHint')}
          value={draft.typeNameTags}
          onChange={(typeNameTags) => setDraft({ ...draft, typeNameTags })}
          maxTags={64}
          data-testid="preferences-tags"
        />
        <TagsInput
          label={t('actions.preferences.typeNamePools')}
          value={draft.typeNamePools}
          onChange={(typeNamePools) => setDraft({ ...draft, typeNamePools })}
          maxTags={64}
        />
        <NumberInput
          label={t('actions.preferences.bulkConcurrency')}
          description={t('actions.preferences.bulkConcurrencyHint')}
          min={1}
          max={16}
          allowDecimal={false}
          value={draft.bulkConcurrency}
          onChange={(v) => {
            if (typeof v === 'number') setDraft({ ...draft, bulkConcurrency: v })
          }}
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('actions.preferences.notify')}
          </Text>
          <SegmentedControl
            value={draft.notify}
            onChange={(v) => setDraft({ ...draft, notify: v as ActionPreferences['notify'] })}
            data={NOTIFY.map((n) => ({ value: n, label: t(`actions.preferences.notifyChoice.${n}`) }))}
          />
        </div>
        {error === undefined ? null : (
          <Alert color="red" role="alert">
            {describeError(error, t)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => close()}>
            {t('actions.cancel')}
          </Button>
          <Button
            loading={busy}
            disabled={
              !Number.isInteger(draft.bulkConcurrency) ||
              draft.bulkConcurrency < 1 ||
              draft.bulkConcurrency > 16
            }
            onClick={() => void submit()}
          >
            {t('actions.preferences.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
