import { Alert, Stack, Table, Text, Title } from '@mantine/core'
import { Info } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { AgentFacts as Facts } from '../../../../../shared/model/panels'
import { Figures } from '../../details/Figures'
import type { GuestType } from './config-groups'

const STATE_TEXT = {
  off: 'panels.guest.agent.off',
  not_running: 'panels.guest.agent.notRunning',
  no_answer: 'panels.guest.agent.noAnswer',
} as const

/** What the guest agent says of the guest (OS, hostname, IPs per interface), or why it says nothing. */
export function AgentFacts({ agent, type }: { agent: Facts; type: GuestType }): ReactElement {
  const { t } = useTranslation()
  const title = type === 'lxc' ? t('panels.guest.agent.containerTitle') : t('panels.guest.agent.title')
  if (agent.state !== 'ok')
    return (
      <Stack gap={4} data-testid="guest-agent" data-state={agent.state}>
        <Title order={5}>{title}</Title>
        <Alert variant="light" color="gray" icon={<Info size={16} />} p="xs">
          <Text size="sm">{t(STATE_TEXT[agent.state])}</Text>
        </Alert>
      </Stack>
    )
  const os = [agent.osName, agent.osVersion].filter((part) => part !== undefined).join(' ')
  return (
    <Stack gap={4} data-testid="guest-agent" data-state="ok">
      <Title order={5}>{title}</Title>
      {type === 'qemu' ? (
        <Figures
          rows={[
            [t('panels.guest.agent.os'), os === '' ? '—' : os],
            [t('panels.guest.agent.kernel'), agent.kernel ?? '—'],
            [t('panels.guest.agent.hostname'), agent.hostname ?? '—'],
          ]}
        />
      ) : null}
      <Table withTableBorder verticalSpacing={4} data-testid="guest-interfaces">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('panels.guest.agent.interface')}</Table.Th>
            <Table.Th>{t('panels.guest.agent.mac')}</Table.Th>
            <Table.Th>{t('panels.guest.agent.addresses')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {agent.interfaces.map((nic) => (
            <Table.Tr key={nic.name}>
              <Table.Td>{nic.name}</Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {nic.mac ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                {nic.addresses.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('panels.guest.agent.none')}
                  </Text>
                ) : (
                  nic.addresses.map((a) => (
                    <Text key={a.address} size="sm" ff="monospace">
                      {a.prefix === undefined ? a.address : `${a.address}/${a.prefix}`}
                    </Text>
                  ))
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}
