import { Stack, Table, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { InventoryGuest, PveObject } from '../../../../shared/model/inventory-snapshot'
import { Figures } from '../details/Figures'
import { epochSeconds, localTime, pveText } from './inventory-format'
import { CapturedSection, KeyValueTable, ListTable, PveValue } from './PveTables'

const RULE_COLUMNS = [
  'pos',
  'type',
  'action',
  'macro',
  'iface',
  'source',
  'dest',
  'proto',
  'sport',
  'dport',
  'enable',
  'log',
  'comment',
]

/** What an inventory snapshot holds of a guest: its configuration, pending changes, guest snapshots, firewall, agent. */
export function CapturedGuest({ guest }: { guest: InventoryGuest }): ReactElement {
  const { t, i18n } = useTranslation()
  const time = (row: PveObject): string => {
    const at = epochSeconds(row.snaptime)
    return at === undefined ? '—' : localTime(at, i18n.language)
  }
  return (
    <Stack gap="md">
      <CapturedSection title={t('inventory.captured.config')} value={guest.config}>
        {guest.config === undefined ? null : (
          <KeyValueTable object={guest.config} label={t('inventory.captured.config')} />
        )}
      </CapturedSection>
      <CapturedSection title={t('inventory.captured.pending')} value={guest.pending}>
        <Table
          fz="sm"
          verticalSpacing={2}
          horizontalSpacing="xs"
          aria-label={t('inventory.captured.pending')}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('inventory.captured.key')}</Table.Th>
              <Table.Th>{t('inventory.captured.value')}</Table.Th>
              <Table.Th>{t('inventory.captured.pendingValue')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(guest.pending ?? []).map((change) => (
              <Table.Tr key={change.key} data-key={change.key}>
                <Table.Td ff="monospace">{change.key}</Table.Td>
                <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
                  <PveValue value={change.value} />
                </Table.Td>
                <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {change.delete === undefined ? (
                    <PveValue value={change.pending} />
                  ) : (
                    <Text span size="sm" c="red">
                      {t('inventory.captured.pendingDelete')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </CapturedSection>
      {/* Asked only when the config names a parent: no `parent`, no guest snapshot to list. */}
      {guest.guestSnapshots === undefined && guest.config?.parent === undefined ? null : (
        <CapturedSection title={t('inventory.captured.guestSnapshots')} value={guest.guestSnapshots}>
          <ListTable
            rows={guest.guestSnapshots ?? []}
            columns={['name', 'parent', 'snaptime', 'vmstate', 'description']}
            cells={{ snaptime: time }}
            label={t('inventory.captured.guestSnapshots')}
          />
        </CapturedSection>
      )}
      <CapturedSection title={t('inventory.captured.firewallRules')} value={guest.firewallRules}>
        <ListTable
          rows={guest.firewallRules ?? []}
          columns={RULE_COLUMNS}
          label={t('inventory.captured.firewallRules')}
        />
      </CapturedSection>
      {guest.agent === undefined ? null : <Agent agent={guest.agent} />}
    </Stack>
  )
}

function Agent({ agent }: { agent: NonNullable<InventoryGuest['agent']> }): ReactElement {
  const { t } = useTranslation()
  const os = agent.osinfo
  const interfaces = (agent.interfaces ?? []).map((i) => ({
    ...i,
    'ip-addresses': Array.isArray(i['ip-addresses'])
      ? i['ip-addresses']
          .map((a) =>
            typeof a === 'object' && a !== null && !Array.isArray(a)
              ? `${pveText(a['ip-address'])}/${pveText(a.prefix)}`
              : '',
          )
          .filter(Boolean)
          .join(', ')
      : (i['ip-addresses'] ?? null),
  }))
  return (
    <CapturedSection title={t('inventory.captured.agent')} value={agent}>
      <Stack gap={4}>
        <Figures
          rows={[
            [t('inventory.captured.hostname'), agent.hostname ?? '—'],
            [
              t('inventory.captured.os'),
              <>
                <PveValue value={os?.['pretty-name'] ?? os?.name} />
                {os?.['kernel-release'] === undefined ? null : ` (${pveText(os['kernel-release'])})`}
              </>,
            ],
          ]}
        />
        {interfaces.length === 0 ? null : (
          <ListTable
            rows={interfaces}
            columns={['name', 'hardware-address', 'ip-addresses']}
            label={t('inventory.captured.interfaces')}
          />
        )}
      </Stack>
    </CapturedSection>
  )
}
