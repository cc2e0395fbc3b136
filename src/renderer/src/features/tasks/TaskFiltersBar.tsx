import { ActionIcon, Group, Select, TextInput, Tooltip } from '@mantine/core'
import { FunnelX } from 'lucide-react'
import type { ReactElement } from 'react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'

import type { TaskState } from '../../../../shared/model/task'
import type { TaskFilters } from '../../stores/task-dock-store'
import { useTaskDock } from '../../stores/task-dock-store'
import type { TaskFacts } from './task-rows'
import { filterOptions } from './task-rows'
import { typeWords } from './task-words'

const STATES: readonly TaskState[] = ['running', 'ok', 'warning', 'error', 'unknown']

/** The dock's filters: each offers only the values of the tasks known now; one button clears them all. */
export function TaskFiltersBar({ facts }: { facts: readonly TaskFacts[] }): ReactElement {
  const { t } = useTranslation()
  const filters = useTaskDock((s) => s.filters)
  const options = useMemo(() => filterOptions(facts), [facts])
  const set = useTaskDock((s) => s.setFilter)
  const pick = (
    name: Exclude<keyof TaskFilters, 'guest' | 'state'>,
    data: { value: string; label: string }[],
  ): ReactElement => (
    <Select
      size="xs"
      w={140}
      placeholder={t(`tasks.filter.${name === 'clusterId' ? 'cluster' : name}`)}
      aria-label={t(`tasks.filter.${name === 'clusterId' ? 'cluster' : name}`)}
      data={data}
      value={filters[name] ?? null}
      onChange={(value) => set(name, value ?? undefined)}
      clearable
      searchable
      comboboxProps={{ withinPortal: true }}
    />
  )
  const plain = (values: string[]): { value: string; label: string }[] =>
    values.map((value) => ({ value, label: value }))
  return (
    <Group
      className="task-filters"
      gap={6}
      wrap="nowrap"
      px="xs"
      role="group"
      aria-label={t('tasks.filter.label')}
    >
      {pick('clusterId', options.clusters)}
      {pick('site', plain(options.sites))}
      {pick('node', plain(options.nodes))}
      <TextInput
        size="xs"
        w={170}
        placeholder={t('tasks.filter.guest')}
        aria-label={t('tasks.filter.guest')}
        value={filters.guest ?? ''}
        onChange={(event) => set('guest', event.currentTarget.value)}
      />
      {pick('user', plain(options.users))}
      {pick(
        'type',
        options.types.map((value) => ({ value, label: typeWords(value, t) })),
      )}
      <Select
        size="xs"
        w={140}
        placeholder={t('tasks.filter.state')}
        aria-label={t('tasks.filter.state')}
        data={STATES.map((value) => ({ value, label: t(`tasks.state.${value}`) }))}
        value={filters.state ?? null}
        onChange={(value) => set('state', (value ?? undefined) as TaskState | undefined)}
        clearable
        comboboxProps={{ withinPortal: true }}
      />
      <Tooltip label={t('tasks.filter.clear')} withinPortal>
        <ActionIcon
          variant="subtle"
          aria-label={t('tasks.filter.clear')}
          disabled={Object.keys(filters).length === 0}
          onClick={() => useTaskDock.getState().clearFilters()}
        >
          <FunnelX size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  )
}
