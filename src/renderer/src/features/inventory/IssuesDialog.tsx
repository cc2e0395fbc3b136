import { Button, Group, Modal, ScrollArea, Table, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'

import type { ShownInventory } from '../../stores/inventory-store'

/** Rows drawn at most: a file with a hundred thousand issues must not freeze the window (the exports hold them all). */
const SHOWN = 1000

/**
 * The Issues of an inventory snapshot, as cv4pve-report lists them: every call of the capture that failed
 * (cluster, node, API path, code, message), so that an auditor knows what the file lacks and why.
 */
export function IssuesDialog({
  opened,
  clusterId,
  onClose,
}: {
  opened: ShownInventory
  /** Only this cluster's issues. */
  clusterId?: string
  onClose: () => void
}): ReactElement {
  const { t } = useTranslation()
  const issues = useMemo(
    () => (clusterId === undefined ? opened.issues : opened.issues.filter((i) => i.clusterId === clusterId)),
    [opened, clusterId],
  )
  return (
    <Modal opened onClose={onClose} title={t('inventory.issues.title')} size="80rem">
      <Text size="sm" mb="sm">
        {issues.length === 0 ? t('inventory.issues.none') : t('inventory.issues.intro')}
      </Text>
      {issues.length === 0 ? null : (
        <ScrollArea.Autosize mah="60vh">
          <Table striped fz="sm" verticalSpacing={4} stickyHeader aria-label={t('inventory.issues.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('inventory.issues.cluster')}</Table.Th>
                <Table.Th>{t('inventory.issues.node')}</Table.Th>
                <Table.Th>{t('inventory.issues.path')}</Table.Th>
                <Table.Th>{t('inventory.issues.code')}</Table.Th>
                <Table.Th>{t('inventory.issues.message')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {issues.slice(0, SHOWN).map((issue, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{opened.clusterNames[issue.clusterId] ?? issue.clusterId}</Table.Td>
                  <Table.Td>{issue.node ?? '—'}</Table.Td>
                  <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {issue.path}
                  </Table.Td>
                  {/* The meaning in the UI's language; the code itself, as main and the exports give it, on hover. */}
                  <Table.Td title={issue.code} data-code={issue.code}>
                    {t(`error.${issue.code}`, { defaultValue: issue.code })}
                  </Table.Td>
                  <Table.Td>{issue.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      {issues.length > SHOWN ? (
        <Text size="xs" c="dimmed" mt="xs">
          {t('inventory.issues.more', { shown: SHOWN, count: issues.length })}
        </Text>
      ) : null}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>
          {t('inventory.issues.close')}
        </Button>
      </Group>
    </Modal>
  )
}
