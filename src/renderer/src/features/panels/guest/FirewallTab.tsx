import { Badge, Stack, Table, Text, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { GuestFirewallPanel } from '../../../../../shared/model/panels'
import { pveDesk } from '../../../api/client'
import { Figures } from '../../details/Figures'
import { PanelFrame } from '../PanelFrame'
import { usePanelQuery } from '../use-panel-query'
import type { GuestPanelProps } from './guest-panel-props'
import { LIST_REFRESH_MS } from './guest-panel-props'

const ACTION_COLOUR: Record<string, string> = { ACCEPT: 'green', DROP: 'red', REJECT: 'orange' }

/** Pare-feu: the guest's firewall options and rules in PVE's order, read only. */
export function FirewallTab({ clusterId, vmid }: GuestPanelProps): ReactElement {
  const query = usePanelQuery(
    `${clusterId}/${vmid}/firewall`,
    (options) => pveDesk().panelGuestFirewall({ clusterId, vmid }, options),
    { refreshMs: LIST_REFRESH_MS },
  )
  return (
    <PanelFrame query={query} testId="guest-firewall">
      {(firewall) => <FirewallBody firewall={firewall} />}
    </PanelFrame>
  )
}

function FirewallBody({ firewall }: { firewall: GuestFirewallPanel }): ReactElement {
  const { t } = useTranslation()
  const options = Object.entries(firewall.options).sort(([a], [b]) => a.localeCompare(b))
  const cell = (value: string | undefined): string => value ?? ''
  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        {t('panels.guest.firewall.readOnly')}
      </Text>
      <Title order={5}>{t('panels.guest.firewall.options')}</Title>
      <Figures rows={options.map(([key, value]) => [key, value])} />
      <Title order={5}>{t('panels.guest.firewall.rules')}</Title>
      {firewall.rules.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('panels.guest.firewall.noRules')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped withTableBorder verticalSpacing={4} fz="xs" data-testid="guest-firewall-rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('panels.guest.firewall.pos')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.enabled')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.direction')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.action')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.macro')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.iface')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.source')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.dest')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.proto')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.sport')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.dport')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.log')}</Table.Th>
                <Table.Th>{t('panels.guest.firewall.comment')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {firewall.rules.map((rule) => (
                <Table.Tr key={rule.pos} opacity={rule.enabled ? 1 : 0.55} data-pos={rule.pos}>
                  <Table.Td>{rule.pos}</Table.Td>
                  <Table.Td>
                    {t(rule.enabled ? 'panels.guest.config.yes' : 'panels.guest.config.no')}
                  </Table.Td>
                  <Table.Td>{rule.type}</Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="light" color={ACTION_COLOUR[rule.action] ?? 'gray'}>
                      {rule.action}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{cell(rule.macro)}</Table.Td>
                  <Table.Td>{cell(rule.iface)}</Table.Td>
                  <Table.Td>{cell(rule.source)}</Table.Td>
                  <Table.Td>{cell(rule.dest)}</Table.Td>
                  <Table.Td>{cell(rule.proto)}</Table.Td>
                  <Table.Td>{cell(rule.sport)}</Table.Td>
                  <Table.Td>{cell(rule.dport)}</Table.Td>
                  <Table.Td>{cell(rule.log)}</Table.Td>
                  <Table.Td>{cell(rule.comment)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}
