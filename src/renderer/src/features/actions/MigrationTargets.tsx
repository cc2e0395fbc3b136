import { Badge, Group, Progress, Radio, Stack, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { MigrationCheck, MigrationTarget } from '../../../../shared/model/guest-action'
import { formatBytes, formatPercent } from '../../lib/format'
import { siteColour } from '../consoles/site-colour'

const ratio = (used: number | undefined, max: number | undefined): number | undefined =>
  used === undefined || max === undefined || max <= 0 ? undefined : Math.min(1, used / max)

/** Busy beyond this and the bar turns orange, then red: a hint, not a rule (PVE decides nothing on load). */
const colourOf = (fraction: number): string => (fraction >= 0.9 ? 'red' : fraction >= 0.7 ? 'orange' : 'teal')

/**
 * The nodes a guest may go to, one radio each: online state, site (in its colour), CPU and memory load as bars,
 * and PVE's reason when it does not allow one. The guest's own node is not a target.
 */
export function MigrationTargets({
  check,
  selected,
  onSelect,
}: {
  check: MigrationCheck
  selected: string | undefined
  onSelect: (node: string) => void
}): ReactElement {
  const { t } = useTranslation()
  const targets = check.targets.filter((c) => c.node !== check.node)
  if (targets.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('actions.migrate.noTarget')}
      </Text>
    )
  return (
    <Radio.Group
      label={t('actions.migrate.target')}
      value={selected ?? null}
      onChange={onSelect}
      data-testid="migrate-targets"
    >
      <Stack gap="xs" mt={4}>
        {targets.map((c) => (
          <TargetRow key={c.node} target={c} />
        ))}
      </Stack>
    </Radio.Group>
  )
}

function TargetRow({ target }: { target: MigrationTarget }): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const usable = target.allowed && target.online
  const cpu = target.cpu === undefined ? undefined : Math.min(1, target.cpu)
  const mem = ratio(target.mem, target.maxmem)
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      align="flex-start"
      data-testid="migrate-target"
      data-node={target.node}
      data-usable={usable}
    >
      <Radio value={target.node} disabled={!usable} aria-label={target.node} mt={2} />
      <Stack gap={2} style={{ flex: 1 }}>
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {target.node}
          </Text>
          <Text size="xs" fw={600} c={siteColour(target.site)}>
            {target.site}
          </Text>
          <Badge size="xs" variant="light" color={target.online ? 'green' : 'red'}>
            {t(target.online ? 'actions.migrate.nodeOnline' : 'actions.migrate.nodeOffline')}
          </Badge>
        </Group>
        {target.allowed ? null : (
          <Text size="xs" c="red">
            {target.notAllowedReason ?? t('actions.migrate.notAllowed')}
          </Text>
        )}
        <Load
          label={t('actions.migrate.cpu', { percent: formatPercent(cpu, locale), count: target.maxcpu ?? 0 })}
          fraction={cpu}
        />
        <Load
          label={t('actions.migrate.memory', {
            used: formatBytes(target.mem, locale),
            total: formatBytes(target.maxmem, locale),
          })}
          fraction={mem}
        />
      </Stack>
    </Group>
  )
}

function Load({ label, fraction }: { label: string; fraction: number | undefined }): ReactElement {
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress
        value={(fraction ?? 0) * 100}
        color={colourOf(fraction ?? 0)}
        size="sm"
        style={{ width: 120 }}
        aria-label={label}
      />
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  )
}
