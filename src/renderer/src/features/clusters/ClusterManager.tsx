import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core'
import { KeyRound, Pencil, Plus, Trash2 } from 'lucide-react'
import type { ReactElement } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { ClusterSummary } from '../../../../shared/model/fleet'
import { pveDesk, unwrap } from '../../api/client'
import { describeError } from '../../api/errors'
import { useFleetStore } from '../../stores/fleet-store'
import { ClusterForm } from './ClusterForm'

/** The list of configured clusters: add, edit, remove (with a confirmation that names what goes away). */
export function ClusterManager({ onClose }: { onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  const clusters = useFleetStore((s) => s.clusters)
  const [editing, setEditing] = useState<ClusterSummary | 'new'>()
  const [removing, setRemoving] = useState<ClusterSummary>()
  const list = Object.values(clusters).sort((a, b) => a.summary.name.localeCompare(b.summary.name))
  if (editing !== undefined) {
    return (
      <ClusterForm
        {...(editing === 'new' ? {} : { existing: editing })}
        onClose={() => setEditing(undefined)}
      />
    )
  }
  if (removing !== undefined)
    return <RemoveConfirm cluster={removing} onDone={() => setRemoving(undefined)} />
  return (
    <Modal opened onClose={onClose} size="lg" title={t('clusters.title')}>
      <Stack>
        {list.length === 0 ? <Text c="dimmed">{t('clusters.none')}</Text> : null}
        <Table>
          <Table.Tbody>
            {list.map(({ summary }) => (
              <Table.Tr key={summary.id}>
                <Table.Td>
                  <Group gap={6}>
                    <span
                      style={{ width: 10, height: 10, borderRadius: 5, background: summary.color ?? 'gray' }}
                    />
                    <Text fw={600}>{summary.name}</Text>
                    <Text c="dimmed" size="xs">
                      {summary.id}
                    </Text>
                  </Group>
                  <Group gap={4}>
                    <KeyRound size={12} aria-hidden="true" />
                    <Text size="xs" c={summary.hasCredential ? 'dimmed' : 'red'}>
                      {summary.hasCredential
                        ? t('clusters.credentialStored')
                        : t('clusters.credentialMissing')}
                    </Text>
                    {summary.readOnly ? <Badge size="xs">{t('cluster.readOnly')}</Badge> : null}
                  </Group>
                </Table.Td>
                <Table.Td align="right">
                  <Group gap={4} justify="flex-end">
                    <Button
                      size="xs"
                      variant="subtle"
                      leftSection={<Pencil size={14} />}
                      onClick={() => setEditing(summary)}
                    >
                      {t('clusters.edit')}
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      leftSection={<Trash2 size={14} />}
                      onClick={() => setRemoving(summary)}
                    >
                      {t('clusters.remove')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Button leftSection={<Plus size={16} />} onClick={() => setEditing('new')} w="fit-content">
          {t('clusters.add')}
        </Button>
      </Stack>
    </Modal>
  )
}

function RemoveConfirm({ cluster, onDone }: { cluster: ClusterSummary; onDone: () => void }): ReactElement {
  const { t } = useTranslation()
  const [error, setError] = useState<string>()
  const sites = [...new Set([cluster.defaultSite, ...Object.values(cluster.sites)])].join(', ')
  const remove = async (): Promise<void> => {
    try {
      await unwrap(pveDesk().clusterRemove({ clusterId: cluster.id }))
      onDone()
    } catch (e) {
      setError(describeError(e, t))
    }
  }
  return (
    <Modal opened onClose={onDone} title={t('clusters.removeTitle', { name: cluster.name })}>
      <Stack>
        <Text size="sm">{t('clusters.removeBody', { name: cluster.name, id: cluster.id, site: sites })}</Text>
        {error === undefined ? null : <Text c="red">{error}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('clusters.cancel')}
          </Button>
          <Button color="red" onClick={() => void remove()}>
            {t('clusters.removeConfirm', { name: cluster.name })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
