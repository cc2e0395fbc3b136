import { Affix, Button, Group, Loader, Paper, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'

import { pveDesk } from '../../api/client'
import { subscribeBulk, useBulkStore } from '../../stores/bulk-store'
import { NewBulkDialog } from './NewBulkDialog'
import { RunDialog } from './RunDialog'

/**
 * The bulk dialogs of the live window: a new action's options and preview, a run's results, and, while the
 * dialog is closed, an indicator of the runs still going that brings their dialog back. Follows main's bulk runs
 * while mounted (a reloaded window lists this session's runs again).
 */
export function BulkLayer(): ReactElement | null {
  useEffect(() => {
    try {
      return subscribeBulk(pveDesk())
    } catch {
      // No bridge (a unit test's bare window): nothing to follow.
      return undefined
    }
  }, [])
  const dialog = useBulkStore((s) => s.dialog)
  if (dialog?.kind === 'new') return <NewBulkDialog action={dialog.action} guests={dialog.guests} />
  if (dialog?.kind === 'run') return <RunDialog bulkId={dialog.bulkId} />
  return <RunningIndicator />
}

/** The runs still going while their dialog is closed: how far the newest is, and a way back to it. */
function RunningIndicator(): ReactElement | null {
  const { t } = useTranslation()
  const order = useBulkStore((s) => s.order)
  const runs = useBulkStore((s) => s.runs)
  const running = order.filter((id) => runs[id]?.done === false)
  const newest = running[0] === undefined ? undefined : runs[running[0]]
  if (newest === undefined) return null
  const ended = newest.results.filter((r) => r.state !== 'queued' && r.state !== 'running').length
  return (
    <Affix position={{ bottom: 16, left: 16 }}>
      <Paper shadow="md" p="xs" withBorder>
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">
            {t('bulk.indicator', { count: running.length, ended, total: newest.results.length })}
          </Text>
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => useBulkStore.getState().open({ kind: 'run', bulkId: newest.bulkId })}
          >
            {t('bulk.indicatorShow')}
          </Button>
        </Group>
      </Paper>
    </Affix>
  )
}
