import { Checkbox, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { BulkActionKind } from '../../../../shared/model/bulk'
import { snapshotName } from '../../../../shared/model/guest-action'
import { useFleetStore } from '../../stores/fleet-store'
import type { BulkForm } from './bulk-options'
import { backupStorages, migrationTargets } from './bulk-options'

/** The options of a bulk action before its preview: per cluster for migrate and backup. */
export function BulkOptions({
  kind,
  form,
  onChange,
  clusterIds,
}: {
  kind: BulkActionKind
  form: BulkForm
  onChange: (form: BulkForm) => void
  /** The clusters of the picked guests. */
  clusterIds: readonly string[]
}): ReactElement | null {
  const { t } = useTranslation()
  const set = (patch: Partial<BulkForm>): void => {
    onChange({ ...form, ...patch })
  }
  switch (kind) {
    case 'shutdown':
      return (
        <Stack gap="sm">
          <NumberInput
            label={t('bulk.options.timeout')}
            description={t('bulk.options.timeoutHint')}
            min={1}
            max={86_400}
            allowDecimal={false}
            value={form.timeout ?? ''}
            onChange={(value) => set({ timeout: typeof value === 'number' ? value : undefined })}
            w={260}
          />
          <Checkbox
            label={t('bulk.options.forceStop')}
            checked={form.forceStop}
            onChange={(e) => set({ forceStop: e.currentTarget.checked })}
          />
        </Stack>
      )
    case 'migrate':
      return (
        <Stack gap="sm">
          <PerCluster
            clusterIds={clusterIds}
            label={t('bulk.options.target')}
            choices={(id) =>
              migrationTargets(useFleetStore.getState(), id).map((n) => ({ value: n, label: n }))
            }
            value={form.targets}
            onChange={(targets) => set({ targets })}
          />
          <Checkbox
            label={t('bulk.options.online')}
            checked={form.online}
            onChange={(e) => set({ online: e.currentTarget.checked })}
          />
        </Stack>
      )
    case 'backup':
      return (
        <Stack gap="sm">
          <PerCluster
            clusterIds={clusterIds}
            label={t('bulk.options.storage')}
            choices={(id) =>
              backupStorages(useFleetStore.getState(), id).map((s) => ({
                value: s.storage,
                label: s.shared ? `${s.storage} (${t('bulk.options.shared')})` : s.storage,
              }))
            }
            value={form.storages}
            onChange={(storages) => set({ storages })}
          />
          <Select
            label={t('bulk.options.mode')}
            data={(['snapshot', 'suspend', 'stop'] as const).map((m) => ({
              value: m,
              label: t(`bulk.mode.${m}`),
            }))}
            value={form.mode}
            onChange={(value) => {
              if (value === 'snapshot' || value === 'suspend' || value === 'stop') set({ mode: value })
            }}
            allowDeselect={false}
            w={260}
          />
          <Select
            label={t('bulk.options.compress')}
            data={(['zstd', 'lzo', 'gzip', '0'] as const).map((c) => ({
              value: c,
              label: c === '0' ? t('bulk.options.noCompress') : c,
            }))}
            value={form.compress}
            onChange={(value) => {
              if (value === 'zstd' || value === 'lzo' || value === 'gzip' || value === '0')
                set({ compress: value })
            }}
            allowDeselect={false}
            w={260}
          />
          <Checkbox
            label={t('bulk.options.protected')}
            checked={form.protected}
            onChange={(e) => set({ protected: e.currentTarget.checked })}
          />
        </Stack>
      )
    case 'snapshot': {
      const valid = snapshotName.safeParse(form.name.trim()).success
      return (
        <Stack gap="sm">
          <TextInput
            label={t('bulk.options.snapshotName')}
            description={t('bulk.options.snapshotNameHint')}
            value={form.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            error={valid ? undefined : t('bulk.options.snapshotNameInvalid')}
            w={320}
            data-autofocus
          />
          <Checkbox
            label={t('bulk.options.vmstate')}
            checked={form.vmstate}
            onChange={(e) => set({ vmstate: e.currentTarget.checked })}
          />
        </Stack>
      )
    }
    default:
      return null
  }
}

/** One choice per cluster (a target node, a storage); none chosen leaves that cluster's guests out. */
function PerCluster({
  clusterIds,
  label,
  choices,
  value,
  onChange,
}: {
  clusterIds: readonly string[]
  label: string
  choices: (clusterId: string) => { value: string; label: string }[]
  value: Record<string, string>
  onChange: (value: Record<string, string>) => void
}): ReactElement {
  const { t } = useTranslation()
  const clusters = useFleetStore((s) => s.clusters)
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Table withRowBorders={false} verticalSpacing={4}>
        <Table.Tbody>
          {clusterIds.map((id) => {
            const name = clusters[id]?.summary.name ?? id
            const data = choices(id)
            return (
              <Table.Tr key={id}>
                <Table.Td w={180}>
                  <Text size="sm">{name}</Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`${label} · ${name}`}
                    placeholder={
                      data.length === 0 ? t('bulk.options.noChoice') : t('bulk.options.skipCluster')
                    }
                    data={data}
                    value={value[id] ?? null}
                    onChange={(chosen) => {
                      const others = Object.entries(value).filter(([cluster]) => cluster !== id)
                      onChange(Object.fromEntries(chosen === null ? others : [...others, [id, chosen]]))
                    }}
                    clearable
                    disabled={data.length === 0}
                    size="xs"
                    w={260}
                  />
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}
