import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NumberInput,
  Radio,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import type { TFunction } from 'i18next'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { InventoryScheduleState } from '../../../../../shared/ipc/domains/inventory'
import { describeError } from '../../../api/errors'
import { useFleetStore } from '../../../stores/fleet-store'
import { readSchedule, saveSchedule } from './audit-calls'
import type { ScheduleField, ScheduleForm } from './schedule-form'
import { checkSchedule, formOf } from './schedule-form'

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; value: InventoryScheduleState }
  | { state: 'failed'; error: unknown }

/**
 * The daily inventory snapshot while the app runs: on or off, at what time, how many scheduled files to keep,
 * which clusters; with the next run and how the last one went.
 */
export function ScheduleDialog({ onClose }: { onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' })
  useEffect(() => {
    let live = true
    readSchedule().then(
      (value) => live && setLoaded({ state: 'ready', value }),
      (error: unknown) => live && setLoaded({ state: 'failed', error }),
    )
    return () => {
      live = false
    }
  }, [])
  return (
    <Modal opened onClose={onClose} title={t('audit.schedule.title')} size="lg">
      {loaded.state === 'loading' ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">{t('audit.schedule.loading')}</Text>
        </Group>
      ) : null}
      {loaded.state === 'failed' ? <Alert color="red">{describeError(loaded.error, t)}</Alert> : null}
      {loaded.state === 'ready' ? (
        <ScheduleEditor
          state={loaded.value}
          onSaved={(value) => setLoaded({ state: 'ready', value })}
          onClose={onClose}
        />
      ) : null}
    </Modal>
  )
}

function ScheduleEditor({
  state,
  onSaved,
  onClose,
}: {
  state: InventoryScheduleState
  onSaved: (state: InventoryScheduleState) => void
  onClose: () => void
}): ReactElement {
  const { t } = useTranslation()
  const clusters = useFleetStore((s) => s.clusters)
  const [form, setForm] = useState<ScheduleForm>(() => formOf(state.schedule))
  const [errors, setErrors] = useState<readonly ScheduleField[]>([])
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState(false)
  const [failure, setFailure] = useState<unknown>(undefined)
  const edit = (patch: Partial<ScheduleForm>): void => {
    setForm((f) => ({ ...f, ...patch }))
    setSaved(false)
  }
  const invalid = (field: ScheduleField): string | undefined =>
    errors.includes(field) ? t(`audit.schedule.invalid.${field}`) : undefined
  const save = async (): Promise<void> => {
    const checked = checkSchedule(form)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors([])
    setSaving(true)
    setFailure(undefined)
    try {
      const next = await saveSchedule(checked.schedule)
      onSaved(next)
      setForm(formOf(next.schedule))
      setSaved(true)
    } catch (error: unknown) {
      setFailure(error)
    } finally {
      setSaving(false)
    }
  }
  // Chosen clusters that are no longer configured stay listed, so that saving does not drop them unseen.
  const ids = [...new Set([...Object.keys(clusters), ...form.clusterIds])]
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
      noValidate
    >
      <Stack gap="sm">
        <Text size="sm">{t('audit.schedule.intro')}</Text>
        <Switch
          label={t('audit.schedule.enabled')}
          checked={form.enabled}
          onChange={(e) => edit({ enabled: e.currentTarget.checked })}
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('audit.schedule.time')}
            placeholder="02:30"
            value={form.time}
            onChange={(e) => edit({ time: e.currentTarget.value })}
            error={invalid('time')}
            maxLength={5}
            inputMode="numeric"
          />
          <NumberInput
            label={t('audit.schedule.keep')}
            value={form.keep}
            onChange={(keep) => edit({ keep })}
            error={invalid('keep')}
            min={1}
            max={365}
            allowDecimal={false}
            allowNegative={false}
          />
        </Group>
        <Radio.Group
          label={t('audit.schedule.clusters')}
          value={form.scope}
          onChange={(scope) => edit({ scope: scope === 'some' ? 'some' : 'all' })}
          error={invalid('clusters')}
        >
          <Group gap="md" mt={4}>
            <Radio value="all" label={t('audit.schedule.allClusters')} />
            <Radio value="some" label={t('audit.schedule.someClusters')} />
          </Group>
        </Radio.Group>
        {form.scope === 'some' ? (
          <Checkbox.Group
            value={[...form.clusterIds]}
            onChange={(clusterIds) => edit({ clusterIds })}
            aria-label={t('audit.schedule.someClusters')}
          >
            <Stack gap={4} pl="md">
              {ids.map((id) => (
                <Checkbox key={id} value={id} label={clusters[id]?.summary.name ?? id} />
              ))}
            </Stack>
          </Checkbox.Group>
        ) : null}
        <RunTimes state={state} t={t} />
        {failure === undefined ? null : <Alert color="red">{describeError(failure, t)}</Alert>}
        <Group justify="flex-end">
          {saved ? (
            <Text size="sm" c="green.8" role="status">
              {t('audit.schedule.saved')}
            </Text>
          ) : null}
          <Button variant="default" onClick={onClose}>
            {t('audit.schedule.close')}
          </Button>
          <Button type="submit" loading={saving}>
            {t('audit.schedule.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function RunTimes({ state, t }: { state: InventoryScheduleState; t: TFunction }): ReactElement {
  const { i18n } = useTranslation()
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
  const next =
    state.schedule.enabled && state.nextRunAt !== undefined
      ? when.format(state.nextRunAt)
      : t('audit.schedule.notPlanned')
  const last = state.lastRun
  const lastText =
    last === undefined
      ? t('audit.schedule.never')
      : `${when.format(last.at)} — ${
          last.ok
            ? last.name === undefined
              ? t('audit.schedule.lastOkNoName')
              : t('audit.schedule.lastOk', { name: last.name })
            : t('audit.schedule.lastFailed', {
                reason: last.error === undefined ? t('error.internal') : describeError(last.error, t),
              })
        }`
  return (
    <Table withRowBorders={false} verticalSpacing={2} data-testid="schedule-runs">
      <Table.Tbody>
        <Table.Tr>
          <Table.Th w="35%">{t('audit.schedule.nextRun')}</Table.Th>
          <Table.Td>{next}</Table.Td>
        </Table.Tr>
        <Table.Tr data-last={last === undefined ? 'never' : last.ok ? 'ok' : 'failed'}>
          <Table.Th>{t('audit.schedule.lastRun')}</Table.Th>
          <Table.Td style={{ color: last?.ok === false ? 'var(--mantine-color-red-8)' : undefined }}>
            {lastText}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  )
}
