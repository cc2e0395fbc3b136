import { Alert, Divider, Group, Loader, Stack, Text, Title } from '@mantine/core'
import { FileArchive, TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { InventoryItemDetails } from '../../../../shared/ipc/domains/inventory'
import { pveDesk, unwrap } from '../../api/client'
import { describeError } from '../../api/errors'
import { useInventoryStore } from '../../stores/inventory-store'
import type { Selection } from '../../stores/selection'
import { useShownFleet } from '../../stores/shown-fleet'
import { CapturedGuest } from './CapturedGuest'
import { CapturedNode } from './CapturedNode'

type Loaded =
  { key: string; ok: true; details: InventoryItemDetails } | { key: string; ok: false; error: unknown }

/**
 * Below a guest's or node's details in an inventory snapshot: what the capture holds of it beyond its tree row,
 * asked of main for this one item (the file's details never all come to the window at once).
 */
export function CapturedDetails({
  selection,
}: {
  selection: Extract<Selection, { kind: 'guest' | 'node' }>
}): ReactElement | null {
  const { t } = useTranslation()
  const opened = useInventoryStore((s) => s.opened)
  // The fleet key main knows the item by; a guest's carries its type, which only the fleet knows.
  const key = useShownFleet((s) =>
    selection.kind === 'node'
      ? `${selection.clusterId}/node/${selection.node}`
      : s.trees[selection.clusterId]?.guests.get(selection.vmid)?.key,
  )
  const snapshotId = opened?.snapshotId
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined)
  const wanted = snapshotId === undefined || key === undefined ? undefined : `${snapshotId} ${key}`

  useEffect(() => {
    if (snapshotId === undefined || key === undefined || wanted === undefined) return
    let current = true
    unwrap(pveDesk().inventoryDetails({ snapshotId, key })).then(
      (details) => {
        if (current) setLoaded({ key: wanted, ok: true, details })
      },
      (error: unknown) => {
        if (current) setLoaded({ key: wanted, ok: false, error })
      },
    )
    return () => {
      current = false
    }
  }, [snapshotId, key, wanted])

  if (opened === undefined || wanted === undefined) return null
  const shown = loaded?.key === wanted ? loaded : undefined
  return (
    <Stack
      gap="sm"
      mt="lg"
      data-testid="captured-details"
      data-state={shown === undefined ? 'loading' : 'ready'}
    >
      <Divider />
      <Group gap={6}>
        <FileArchive size={18} aria-hidden="true" color="var(--mantine-color-grape-6)" />
        <Title order={4}>{t('inventory.captured.title')}</Title>
      </Group>
      {shown === undefined ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">{t('inventory.captured.loading')}</Text>
        </Group>
      ) : !shown.ok ? (
        <Alert color="red" icon={<TriangleAlert size={16} />} title={t('inventory.captured.failed')} p="xs">
          {describeError(shown.error, t)}
        </Alert>
      ) : shown.details.kind === 'guest' ? (
        <CapturedGuest guest={shown.details.guest} />
      ) : shown.details.kind === 'node' ? (
        <CapturedNode node={shown.details.node} takenAt={opened.manifest.takenAt} />
      ) : (
        <Text size="sm" c="dimmed">
          {t('inventory.captured.none')}
        </Text>
      )}
    </Stack>
  )
}
