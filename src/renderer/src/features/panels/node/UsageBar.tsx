import { Group, Progress, Stack, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { formatBytes, formatPercent } from '../../../lib/format'

/** The bar's colour: orange from 80 %, red from 90 % (what an operator acts on). */
export function usageColor(fraction: number): string {
  if (fraction >= 0.9) return 'red'
  if (fraction >= 0.8) return 'orange'
  return 'teal'
}

/** `used / total` as a bar and its figures; a dash when PVE did not report the total. */
export function UsageBar({
  used,
  total,
  testId,
}: {
  used: number | undefined
  total: number | undefined
  testId?: string
}): ReactElement {
  const { i18n } = useTranslation()
  const locale = i18n.language
  if (used === undefined || total === undefined || !(total > 0)) return <Text size="sm">—</Text>
  const fraction = Math.min(Math.max(used / total, 0), 1)
  const color = usageColor(fraction)
  return (
    <Stack gap={2} miw={140} data-testid={testId} data-usage-color={color}>
      <Progress value={fraction * 100} color={color} size="sm" aria-label={formatPercent(fraction, locale)} />
      <Group gap={4} justify="space-between" wrap="nowrap">
        <Text size="xs" c="dimmed">
          {`${formatBytes(used, locale)} / ${formatBytes(total, locale)}`}
        </Text>
        <Text size="xs" fw={500} c={color === 'teal' ? undefined : color}>
          {formatPercent(fraction, locale)}
        </Text>
      </Group>
    </Stack>
  )
}
