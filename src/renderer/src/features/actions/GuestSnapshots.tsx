import { ActionIcon, Alert, Badge, Button, Group, Loader, Stack, Text, Tooltip } from '@mantine/core'
import { Camera, CornerDownRight, RefreshCw, Trash2, Undo2 } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { GuestRef } from '../../../../shared/model/guest-action'
import { pveDesk } from '../../api/client'
import { describeError } from '../../api/errors'
import { actionAvailability } from './availability'
import type { GuestFacts } from './guest-facts'
import { useGuestFacts } from './guest-facts'
import { requestAction, requestGuestAction } from './request-action'
import type { SnapshotNode } from './snapshot-tree'
import { snapshotTree } from './snapshot-tree'
import { useGuestQuery } from './use-guest-query'

/** Task types after which the list is read again (pve-manager's worker names for guest snapshots). */
const SNAPSHOT_TASKS = new Set([
  'qmsnapshot',
  'qmrollback',
  'qmdelsnapshot',
  'vzsnapshot',
  'vzrollback',
  'vzdelsnapshot',
])

/** A guest's snapshots as a tree with NOW, in the details pane: take one, roll back to one, delete one. */
export function GuestSnapshots({
  clusterId,
  vmid,
}: {
  clusterId: string
  vmid: number
}): ReactElement | null {
  const { t } = useTranslation()
  const facts = useGuestFacts({ clusterId, vmid })
  const [round, setRound] = useState(0)
  // Read again when a guest snapshot task of this guest ends, and when its lock goes (PVE locks it meanwhile).
  useEffect(() => {
    try {
      return pveDesk().onTaskEnded(({ task }) => {
        if (task.clusterId === clusterId && task.vmid === vmid && SNAPSHOT_TASKS.has(task.type))
          setRound((r) => r + 1)
      })
    } catch {
      // No bridge (a unit test): nothing to hear; the list says its own error.
      return undefined
    }
  }, [clusterId, vmid])
  const lock = facts?.guest.lock ?? ''
  const ref: GuestRef = { clusterId, vmid }
  const list = useGuestQuery(`${clusterId}/${vmid}/${round}/${lock}`, (options) =>
    pveDesk().guestSnapshots({ guest: ref }, options),
  )
  if (facts === undefined || facts.guest.template) return null
  const create = actionAvailability(facts.entry, facts.guest, 'snapshotCreate')
  return (
    <Stack gap={4} data-testid="guest-snapshots">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {t('actions.snapshots.title')}
        </Text>
        <Tooltip
          label={
            create.reason === undefined
              ? t('actions.label.snapshotCreate')
              : t(create.reason.key, create.reason.values)
          }
          withinPortal
        >
          <span>
            <Button
              size="compact-xs"
              variant="default"
              leftSection={<Camera size={12} aria-hidden="true" />}
              disabled={!create.enabled}
              onClick={() => requestAction(ref, 'snapshotCreate')}
              data-testid="snapshot-create"
            >
              {t('actions.snapshots.take')}
            </Button>
          </span>
        </Tooltip>
        <ActionIcon
          size="sm"
          variant="subtle"
          aria-label={t('actions.snapshots.refresh')}
          onClick={() => setRound((r) => r + 1)}
        >
          <RefreshCw size={12} />
        </ActionIcon>
        {list.loading ? <Loader size={12} /> : null}
      </Group>
      {list.error === undefined ? null : (
        <Alert color="red" p="xs">
          <Text size="xs">{describeError(list.error, t)}</Text>
        </Alert>
      )}
      {list.value === undefined ? null : (
        // A plain nested list (indents and NOW say the tree): its buttons are reached by Tab, named each for its
        // guest snapshot, with no tree keys to promise.
        <ul aria-label={t('actions.snapshots.title')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {snapshotTree(list.value).map((node) => (
            <SnapshotRow key={node.snapshot.name} node={node} facts={facts} depth={0} />
          ))}
        </ul>
      )}
    </Stack>
  )
}

function SnapshotRow({
  node,
  facts,
  depth,
}: {
  node: SnapshotNode
  facts: GuestFacts
  depth: number
}): ReactElement {
  const { t, i18n } = useTranslation()
  const { snapshot } = node
  const ref = { clusterId: facts.entry.summary.id, vmid: facts.guest.vmid }
  const when =
    snapshot.snaptime === undefined
      ? undefined
      : new Date(snapshot.snaptime * 1000).toLocaleString(i18n.language, {
          dateStyle: 'short',
          timeStyle: 'short',
        })
  return (
    <li data-snapshot={snapshot.name}>
      <Group gap={6} wrap="nowrap" style={{ paddingLeft: depth * 16 }} py={2}>
        {depth > 0 ? (
          <CornerDownRight size={12} aria-hidden="true" color="var(--mantine-color-dimmed)" />
        ) : null}
        {snapshot.current ? (
          <Badge size="sm" color="green" variant="light">
            {t('actions.snapshots.now')}
          </Badge>
        ) : (
          <Text size="sm" fw={500}>
            {snapshot.name}
          </Text>
        )}
        {when === undefined ? null : (
          <Text size="xs" c="dimmed">
            {when}
          </Text>
        )}
        {snapshot.vmstate ? (
          <Badge size="xs" variant="outline">
            {t('actions.snapshots.ram')}
          </Badge>
        ) : null}
        {/* NOW's description is PVE's own English "You are here!": NOW says it already. */}
        {snapshot.current || snapshot.description === undefined || snapshot.description === '' ? null : (
          <Text size="xs" c="dimmed" truncate style={{ maxWidth: 240 }} title={snapshot.description}>
            {snapshot.description}
          </Text>
        )}
        {snapshot.current ? null : (
          <>
            <RowAction
              facts={facts}
              kind="snapshotRollback"
              snapshot={snapshot.name}
              icon={<Undo2 size={12} />}
              onClick={() => requestGuestAction(ref, { kind: 'snapshotRollback', name: snapshot.name })}
            />
            <RowAction
              facts={facts}
              kind="snapshotDelete"
              snapshot={snapshot.name}
              icon={<Trash2 size={12} />}
              onClick={() => requestGuestAction(ref, { kind: 'snapshotDelete', name: snapshot.name })}
            />
          </>
        )}
      </Group>
      {node.children.length === 0 ? null : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {node.children.map((child) => (
            <SnapshotRow key={child.snapshot.name} node={child} facts={facts} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  )
}

function RowAction({
  facts,
  kind,
  snapshot,
  icon,
  onClick,
}: {
  facts: GuestFacts
  kind: 'snapshotRollback' | 'snapshotDelete'
  snapshot: string
  icon: ReactElement
  onClick: () => void
}): ReactElement {
  const { t } = useTranslation()
  const { enabled, reason } = actionAvailability(facts.entry, facts.guest, kind)
  const label = t(`actions.label.${kind}`)
  return (
    <Tooltip label={reason === undefined ? label : t(reason.key, reason.values)} withinPortal>
      <span>
        <ActionIcon
          size="sm"
          variant="subtle"
          color={kind === 'snapshotDelete' ? 'red' : undefined}
          disabled={!enabled}
          aria-label={t(
            kind === 'snapshotDelete' ? 'actions.snapshots.deleteNamed' : 'actions.snapshots.rollbackNamed',
            { name: snapshot },
          )}
          data-action={kind}
          onClick={onClick}
        >
          {icon}
        </ActionIcon>
      </span>
    </Tooltip>
  )
}
