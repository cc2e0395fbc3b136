import { ActionIcon, Alert, Button, Group, Modal, Select, Stack, Text, TextInput, Title } from '@mantine/core'
import { Plus, Trash2 } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { DrTargets } from '../../../../shared/model/dr'
import { defaultDrTargets } from '../../../../shared/model/dr'
import { AppError } from '../../../../shared/ipc/errors'
import { useDrStore } from '../../stores/dr-store'
import type { DraftErrors, RuleDraft, StorageSiteDraft, TargetsDraft } from './targets-draft'
import { MAX_HOURS, MAX_MINUTES, draftOf, targetsOf } from './targets-draft'

const SCOPES: readonly RuleDraft['scope'][] = ['tag', 'pool', 'cluster']

/**
 * « Objectifs »: the DR targets (rules by cluster, tag or pool; the orange threshold; where shared storages
 * are), checked as typed and saved with dr:setTargets. A refused save keeps every field as typed.
 */
export function TargetsEditor({ onClose }: { onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  const held = useDrStore((s) => s.targets ?? s.report?.targets)
  const [draft, setDraft] = useState<TargetsDraft>(() => draftOf(held ?? defaultDrTargets()))
  const [errors, setErrors] = useState<DraftErrors>({})
  const [saving, setSaving] = useState(false)
  const [failure, setFailure] = useState<string | undefined>(undefined)

  const errorOf = (path: string): string | undefined => {
    const code = errors[path]
    if (code === undefined) return undefined
    const max = path.endsWith('replicaMinutes') ? MAX_MINUTES : MAX_HOURS
    return t(`dr.editor.${code}`, { max })
  }
  const setRule = (index: number, patch: Partial<RuleDraft>): void => {
    setDraft((d) => ({ ...d, rules: d.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)) }))
  }
  const setSite = (index: number, patch: Partial<StorageSiteDraft>): void => {
    setDraft((d) => ({
      ...d,
      storageSites: d.storageSites.map((s, i) => (i === index ? { ...s, ...patch } : s)),
    }))
  }

  const save = async (): Promise<void> => {
    const checked = targetsOf(draft)
    if ('errors' in checked) {
      setErrors(checked.errors)
      setFailure(undefined)
      return
    }
    setErrors({})
    setSaving(true)
    setFailure(undefined)
    try {
      await useDrStore.getState().saveTargets(checked.targets)
      onClose()
    } catch (thrown: unknown) {
      setFailure(t('dr.editor.saveFailed', { message: AppError.from(thrown).message }))
    } finally {
      setSaving(false)
    }
  }

  const reset = (): void => {
    const defaults: DrTargets = defaultDrTargets()
    setDraft(draftOf(defaults))
    setErrors({})
  }

  return (
    <Modal opened onClose={onClose} title={<Title order={4}>{t('dr.editor.title')}</Title>} size="xl">
      <Stack gap="sm" data-testid="dr-targets-editor">
        <Text size="sm">{t('dr.editor.intro')}</Text>
        <Text fw={600}>{t('dr.editor.rules')}</Text>
        {draft.rules.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('dr.editor.empty')}
          </Text>
        ) : null}
        {draft.rules.map((rule, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap" data-testid={`dr-rule-${i}`}>
            <Select
              size="xs"
              w={120}
              label={t('dr.editor.scope')}
              data={SCOPES.map((s) => ({ value: s, label: t(`dr.editor.scopeOf.${s}`) }))}
              value={rule.scope}
              allowDeselect={false}
              onChange={(value) => {
                if (value === 'tag' || value === 'pool' || value === 'cluster') setRule(i, { scope: value })
              }}
            />
            <TextInput
              size="xs"
              style={{ flex: 1 }}
              label={t('dr.editor.value')}
              value={rule.value}
              error={errorOf(`rules.${i}.value`)}
              onChange={(e) => setRule(i, { value: e.currentTarget.value })}
            />
            <TextInput
              size="xs"
              w={150}
              label={t('dr.editor.replicaMinutes')}
              placeholder={t('dr.editor.none')}
              inputMode="numeric"
              value={rule.replicaMinutes}
              error={errorOf(`rules.${i}.replicaMinutes`)}
              onChange={(e) => setRule(i, { replicaMinutes: e.currentTarget.value })}
            />
            <TextInput
              size="xs"
              w={150}
              label={t('dr.editor.backupHours')}
              placeholder={t('dr.editor.none')}
              inputMode="numeric"
              value={rule.backupHours}
              error={errorOf(`rules.${i}.backupHours`)}
              onChange={(e) => setRule(i, { backupHours: e.currentTarget.value })}
            />
            <ActionIcon
              mt={22}
              variant="subtle"
              color="red"
              aria-label={t('dr.editor.removeRule')}
              onClick={() => setDraft((d) => ({ ...d, rules: d.rules.filter((_, j) => j !== i) }))}
            >
              <Trash2 size={14} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            size="xs"
            variant="default"
            leftSection={<Plus size={14} aria-hidden="true" />}
            onClick={() =>
              setDraft((d) => ({
                ...d,
                rules: [...d.rules, { scope: 'tag', value: '', replicaMinutes: '', backupHours: '' }],
              }))
            }
          >
            {t('dr.editor.addRule')}
          </Button>
        </Group>
        <TextInput
          size="xs"
          w={260}
          label={t('dr.editor.warnAt')}
          inputMode="numeric"
          value={draft.warnAt}
          error={errorOf('warnAt')}
          onChange={(e) => {
            const warnAt = e.currentTarget.value
            setDraft((d) => ({ ...d, warnAt }))
          }}
          rightSection={<Text size="xs">%</Text>}
        />
        <Text fw={600}>{t('dr.editor.storageSites')}</Text>
        <Text size="xs" c="dimmed">
          {t('dr.editor.storageSitesHint')}
        </Text>
        {draft.storageSites.map((s, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap" data-testid={`dr-storage-site-${i}`}>
            <TextInput
              size="xs"
              label={t('dr.editor.clusterId')}
              value={s.clusterId}
              error={errorOf(`storageSites.${i}.clusterId`)}
              onChange={(e) => setSite(i, { clusterId: e.currentTarget.value })}
            />
            <TextInput
              size="xs"
              label={t('dr.editor.storage')}
              value={s.storage}
              error={errorOf(`storageSites.${i}.storage`)}
              onChange={(e) => setSite(i, { storage: e.currentTarget.value })}
            />
            <TextInput
              size="xs"
              label={t('dr.editor.site')}
              value={s.site}
              error={errorOf(`storageSites.${i}.site`)}
              onChange={(e) => setSite(i, { site: e.currentTarget.value })}
            />
            <ActionIcon
              mt={22}
              variant="subtle"
              color="red"
              aria-label={t('dr.editor.removeStorageSite')}
              onClick={() =>
                setDraft((d) => ({ ...d, storageSites: d.storageSites.filter((_, j) => j !== i) }))
              }
            >
              <Trash2 size={14} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            size="xs"
            variant="default"
            leftSection={<Plus size={14} aria-hidden="true" />}
            onClick={() =>
              setDraft((d) => ({
                ...d,
                storageSites: [...d.storageSites, { clusterId: '', storage: '', site: '' }],
              }))
            }
          >
            {t('dr.editor.addStorageSite')}
          </Button>
        </Group>
        {Object.keys(errors).length > 0 ? (
          <Alert color="red" variant="light" role="alert">
            {t('dr.editor.invalid', { details: Object.keys(errors).length })}
          </Alert>
        ) : null}
        {failure !== undefined ? (
          <Alert color="red" variant="light" role="alert" data-testid="dr-targets-failure">
            {failure}
          </Alert>
        ) : null}
        <Group justify="space-between">
          <Button size="xs" variant="subtle" onClick={reset}>
            {t('dr.editor.reset')}
          </Button>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={onClose}>
              {t('dr.editor.cancel')}
            </Button>
            <Button size="xs" loading={saving} onClick={() => void save()} data-testid="dr-targets-save">
              {saving ? t('dr.editor.saving') : t('dr.editor.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  )
}
