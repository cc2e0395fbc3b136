import { Badge, Group, Stack } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { InventoryNode, PveObject } from '../../../../shared/model/inventory-snapshot'
import { Figures } from '../details/Figures'
import { epochSeconds, localTime, pveText } from './inventory-format'
import { CapturedSection, KeyValueTable, ListTable } from './PveTables'

const NETWORK_COLUMNS = [
  'iface',
  'type',
  'method',
  'cidr',
  'address',
  'gateway',
  'bridge_ports',
  'slaves',
  'bond_mode',
  'vlan-id',
  'vlan-raw-device',
  'active',
  'comments',
]

/**
 * What an inventory snapshot holds of a node: versions and packages, subscription, certificates with their
 * expiry (expired at capture said so), network, DNS and time.
 */
export function CapturedNode({ node, takenAt }: { node: InventoryNode; takenAt: string }): ReactElement {
  const { t, i18n } = useTranslation()
  const captured = Date.parse(takenAt)
  const expiry = (row: PveObject): ReactElement | string => {
    const at = epochSeconds(row.notafter)
    if (at === undefined) return '—'
    return (
      <Group gap={4} wrap="nowrap">
        {localTime(at, i18n.language)}
        {at < captured ? (
          <Badge color="red" size="xs" data-expired="true">
            {t('inventory.captured.expired')}
          </Badge>
        ) : null}
      </Group>
    )
  }
  const versions: [string, string][] = []
  if (node.version !== undefined) {
    versions.push(['version', pveText(node.version.version)], ['release', pveText(node.version.release)])
    if (node.version.repoid !== undefined) versions.push(['repoid', pveText(node.version.repoid)])
  }
  if (node.nodeStatus?.pveversion !== undefined)
    versions.push(['pveversion', pveText(node.nodeStatus.pveversion)])
  if (node.nodeStatus?.kversion !== undefined) versions.push(['kversion', pveText(node.nodeStatus.kversion)])
  return (
    <Stack gap="md">
      <CapturedSection
        title={t('inventory.captured.versions')}
        value={node.version === undefined && node.nodeStatus === undefined ? undefined : versions}
      >
        <Figures rows={versions} />
      </CapturedSection>
      <CapturedSection title={t('inventory.captured.packages')} value={node.packages}>
        <ListTable
          rows={node.packages ?? []}
          columns={['Package', 'Version', 'OldVersion', 'CurrentState']}
          label={t('inventory.captured.packages')}
          maxHeight={260}
        />
      </CapturedSection>
      <CapturedSection title={t('inventory.captured.subscription')} value={node.subscription}>
        {node.subscription === undefined ? null : (
          <KeyValueTable object={node.subscription} label={t('inventory.captured.subscription')} />
        )}
      </CapturedSection>
      <CapturedSection title={t('inventory.captured.certificates')} value={node.certificates}>
        <ListTable
          rows={node.certificates ?? []}
          columns={['filename', 'subject', 'issuer', 'notafter', 'fingerprint']}
          cells={{ notafter: expiry }}
          label={t('inventory.captured.certificates')}
        />
      </CapturedSection>
      <CapturedSection title={t('inventory.captured.network')} value={node.network}>
        <ListTable
          rows={node.network ?? []}
          columns={NETWORK_COLUMNS}
          label={t('inventory.captured.network')}
        />
      </CapturedSection>
      <CapturedSection title={t('inventory.captured.dns')} value={node.dns}>
        {node.dns === undefined ? null : (
          <KeyValueTable object={node.dns} label={t('inventory.captured.dns')} />
        )}
      </CapturedSection>
      <CapturedSection title={t('inventory.captured.time')} value={node.time}>
        {node.time === undefined ? null : (
          <KeyValueTable object={node.time} label={t('inventory.captured.time')} />
        )}
      </CapturedSection>
    </Stack>
  )
}
