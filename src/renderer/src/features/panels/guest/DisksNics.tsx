import { Badge, Table, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { GuestDisk, GuestNic } from '../../../../../shared/model/panels'
import { formatBytes } from '../../../lib/format'
import { PENDING_COLOUR } from './ConfigEntries'

function Pending({ pending }: { pending: boolean }): ReactElement | null {
  const { t } = useTranslation()
  return pending ? (
    <Badge size="xs" color={PENDING_COLOUR} variant="light" ml={6}>
      {t('panels.guest.config.pendingBadge')}
    </Badge>
  ) : null
}

/** The guest's disks as PVE's Hardware grid lists them: volume, its storage, size and the line's options. */
export function DisksTable({ disks }: { disks: readonly GuestDisk[] }): ReactElement {
  const { t, i18n } = useTranslation()
  if (disks.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="guest-disks">
        {t('panels.guest.config.empty')}
      </Text>
    )
  return (
    <Table withTableBorder striped verticalSpacing={4} data-testid="guest-disks">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('panels.guest.config.device')}</Table.Th>
          <Table.Th>{t('panels.guest.config.volume')}</Table.Th>
          <Table.Th>{t('panels.guest.config.storage')}</Table.Th>
          <Table.Th>{t('panels.guest.config.size')}</Table.Th>
          <Table.Th>{t('panels.guest.config.opts')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {disks.map((disk) => (
          <Table.Tr key={disk.key} data-key={disk.key} data-changed={disk.pending || undefined}>
            <Table.Td>
              <Text size="sm" ff="monospace" span>
                {disk.key}
              </Text>
              <Pending pending={disk.pending} />
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-all' }}>
              {disk.volume}
              {disk.mountpoint === undefined ? null : (
                <Text size="xs" c="dimmed">
                  {`${t('panels.guest.config.mountpoint')}: ${disk.mountpoint}`}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{disk.storage ?? '—'}</Table.Td>
            <Table.Td>
              {disk.sizeBytes === undefined ? (disk.size ?? '—') : formatBytes(disk.sizeBytes, i18n.language)}
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-all' }}>
              <Text size="xs">
                {[disk.media === undefined ? '' : `media=${disk.media}`, disk.options]
                  .filter((part) => part !== '')
                  .join(',')}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

/** The guest's network devices: model and MAC, bridge, VLAN tag, firewall, link state (and a container's IPs). */
export function NicsTable({ nics }: { nics: readonly GuestNic[] }): ReactElement {
  const { t } = useTranslation()
  if (nics.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="guest-nics">
        {t('panels.guest.config.empty')}
      </Text>
    )
  const yesNo = (value: boolean | undefined): string =>
    value === undefined ? '—' : t(value ? 'panels.guest.config.yes' : 'panels.guest.config.no')
  return (
    <Table withTableBorder striped verticalSpacing={4} data-testid="guest-nics">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('panels.guest.config.device')}</Table.Th>
          <Table.Th>{t('panels.guest.config.model')}</Table.Th>
          <Table.Th>{t('panels.guest.agent.mac')}</Table.Th>
          <Table.Th>{t('panels.guest.config.bridge')}</Table.Th>
          <Table.Th>{t('panels.guest.config.vlan')}</Table.Th>
          <Table.Th>{t('panels.guest.config.firewall')}</Table.Th>
          <Table.Th>{t('panels.guest.config.link')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {nics.map((nic) => (
          <Table.Tr key={nic.key} data-key={nic.key} data-changed={nic.pending || undefined}>
            <Table.Td>
              <Text size="sm" ff="monospace" span>
                {nic.name === undefined ? nic.key : `${nic.key} (${nic.name})`}
              </Text>
              <Pending pending={nic.pending} />
              {nic.ip === undefined && nic.ip6 === undefined ? null : (
                <Text size="xs" c="dimmed">
                  {[nic.ip, nic.ip6, nic.gw === undefined ? undefined : `gw ${nic.gw}`]
                    .filter((part) => part !== undefined)
                    .join(' · ')}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{nic.model ?? '—'}</Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {nic.mac ?? '—'}
              </Text>
            </Table.Td>
            <Table.Td>{nic.bridge ?? '—'}</Table.Td>
            <Table.Td>{nic.tag ?? '—'}</Table.Td>
            <Table.Td>{yesNo(nic.firewall)}</Table.Td>
            <Table.Td>
              {nic.linkDown === true ? (
                <Badge size="sm" color="red" variant="light">
                  {t('panels.guest.config.linkDown')}
                </Badge>
              ) : (
                t('panels.guest.config.linkUp')
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
