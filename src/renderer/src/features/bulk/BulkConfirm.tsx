import { Alert, List, Stack, Text, TextInput } from '@mantine/core'
import { ShieldAlert, TriangleAlert } from 'lucide-react'
import type { ReactElement, Ref } from 'react'
import { useTranslation } from 'react-i18next'

import type { BulkActionKind, BulkPlanEntry } from '../../../../shared/model/bulk'
import type { TypedProof } from './bulk-guard'
import { ASKS_AGAIN } from './bulk-guard'
import { spread } from './plan-groups'

/**
 * The last question before a bulk action that loses state or takes protected guests down: what is lost (a
 * stop), which planned guests the guard rails protect, and the field(s) to type before Run enables: each
 * protected guest's name when they are few, else their number. The first field takes the focus.
 */
export function BulkConfirm({
  action,
  runs,
  guarded,
  proof,
  typed,
  onType,
  firstField,
}: {
  action: BulkActionKind
  runs: readonly BulkPlanEntry[]
  guarded: readonly BulkPlanEntry[]
  proof: TypedProof
  typed: readonly string[]
  onType: (typed: string[]) => void
  firstField: Ref<HTMLInputElement>
}): ReactElement {
  const { t } = useTranslation()
  const set = (i: number, value: string): void => {
    const next = [...typed]
    next[i] = value
    onType(next)
  }
  return (
    <Stack gap="sm" data-testid="bulk-confirm">
      {ASKS_AGAIN.has(action) ? (
        <Alert
          color="red"
          title={t('bulk.confirm.title')}
          role="alertdialog"
          icon={<TriangleAlert size={16} />}
        >
          {t('bulk.confirm.stop', { count: runs.length, sites: spread(runs).sites.join(', ') })}
        </Alert>
      ) : null}
      {guarded.length === 0 ? null : (
        <Alert
          color="orange"
          icon={<ShieldAlert size={16} />}
          title={t('bulk.guard.title', { count: guarded.length, action: t(`bulk.action.${action}`) })}
          data-testid="bulk-guard"
          {...(ASKS_AGAIN.has(action) ? {} : { role: 'alertdialog' })}
        >
          <List size="sm" spacing={2}>
            {guarded.slice(0, 10).map((entry) => (
              <List.Item key={entry.key}>
                {entry.name} <Text span c="dimmed" size="xs" ff="monospace">{`(${entry.vmid})`}</Text>
                {` · ${entry.site}`}
              </List.Item>
            ))}
          </List>
          {guarded.length > 10 ? (
            <Text size="xs" c="dimmed" mt={4}>
              {t('bulk.guard.more', { count: guarded.length - 10 })}
            </Text>
          ) : null}
        </Alert>
      )}
      {proof.kind === 'names'
        ? proof.names.map((name, i) => (
            <TextInput
              key={`${i}/${name}`}
              ref={i === 0 ? firstField : undefined}
              label={t('bulk.guard.typeName', { name })}
              value={typed[i] ?? ''}
              onChange={(e) => set(i, e.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              w={360}
            />
          ))
        : null}
      {proof.kind === 'count' ? (
        <TextInput
          ref={firstField}
          label={t('bulk.guard.typeCount', { count: proof.count })}
          value={typed[0] ?? ''}
          onChange={(e) => set(0, e.currentTarget.value)}
          autoComplete="off"
          inputMode="numeric"
          w={360}
        />
      ) : null}
    </Stack>
  )
}
