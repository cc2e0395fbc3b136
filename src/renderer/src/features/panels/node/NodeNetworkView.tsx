import { Table, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { NetworkInterface, NodeNetworkPanel } from '../../../../../shared/model/infra-panels'
import { networkRows } from './network-tree'

/** The node's Network tab: bridges with their bonds and ports, VLANs under what carries them, then the rest. */
export function NodeNetworkView({ value }: { value: NodeNetworkPanel }): ReactElement {
  const { t } = useTranslation()
  const rows = networkRows(value.interfaces)
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('panels.node.network.none')}
      </Text>
    )
  // Seven columns do not fit a details pane beside the tree at 1400 px: the comments scroll into view, not cut.
  return (
    <Table.ScrollContainer minWidth={960} type="native">
      <Table fz="sm" verticalSpacing={4} highlightOnHover data-testid="node-network">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('panels.node.network.name')}</Table.Th>
            <Table.Th>{t('panels.node.network.type')}</Table.Th>
            <Table.Th>{t('panels.node.network.state')}</Table.Th>
            <Table.Th>{t('panels.node.network.address')}</Table.Th>
            <Table.Th>{t('panels.node.network.gateway')}</Table.Th>
            <Table.Th>{t('panels.node.network.details')}</Table.Th>
            <Table.Th>{t('panels.node.network.comments')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ iface, depth, via }) => (
            <Table.Tr key={iface.iface} data-iface={iface.iface} data-depth={depth} data-parent-via={via}>
              <Table.Td>
                <Text size="sm" ff="monospace" pl={depth * 18} style={{ whiteSpace: 'nowrap' }}>
                  {depth > 0 ? <span aria-hidden>{'└ '}</span> : null}
                  {iface.iface}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" fw={500} c={typeColor(iface.type)} style={{ whiteSpace: 'nowrap' }}>
                  {t(`panels.node.network.types.${iface.type}`, { defaultValue: iface.type })}
                </Text>
              </Table.Td>
              <Table.Td>
                {/* Plain words, not badges: a narrow column must not cut "active" to "A…". */}
                <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                  <Text span size="xs" fw={500} c={iface.active ? 'green' : 'dimmed'}>
                    {iface.active ? t('panels.node.network.active') : t('panels.node.network.inactive')}
                  </Text>
                  {iface.autostart ? (
                    <Text span size="xs" c="dimmed">{` · ${t('panels.node.network.autostart')}`}</Text>
                  ) : null}
                </Text>
              </Table.Td>
              <Table.Td ff="monospace">{addresses(iface)}</Table.Td>
              <Table.Td ff="monospace">
                {[iface.gateway, iface.gateway6].filter(Boolean).join(' ') || '—'}
              </Table.Td>
              <Table.Td>{details(iface, t)}</Table.Td>
              <Table.Td>
                <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                  {iface.comments ?? ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

function typeColor(type: string): string {
  if (type === 'bridge' || type === 'OVSBridge') return 'blue'
  if (type === 'bond' || type === 'OVSBond') return 'violet'
  if (type === 'vlan' || type === 'OVSIntPort') return 'cyan'
  return 'dimmed'
}

/** CIDR as PVE gives it, else address/netmask; both families. */
function addresses(iface: NetworkInterface): string {
  const v4 =
    iface.cidr ??
    (iface.address === undefined ? undefined : [iface.address, iface.netmask].filter(Boolean).join('/'))
  return [v4, iface.cidr6].filter(Boolean).join(' ') || '—'
}

function details(
  iface: NetworkInterface,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  const parts: string[] = []
  if (iface.members.length > 0)
    parts.push(
      t(iface.type.includes('ond') ? 'panels.node.network.slaves' : 'panels.node.network.ports', {
        list: iface.members.join(', '),
      }),
    )
  if (iface.bondMode !== undefined) parts.push(t('panels.node.network.bondMode', { mode: iface.bondMode }))
  if (iface.vlanId !== undefined) parts.push(t('panels.node.network.vlanId', { id: iface.vlanId }))
  if (iface.vlanAware === true) parts.push(t('panels.node.network.vlanAware'))
  if (iface.mtu !== undefined) parts.push(`MTU ${iface.mtu}`)
  return parts.join(' · ') || '—'
}
