import { Badge, Stack, Table, Text, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { GuestHaPanel } from '../../../../../shared/model/panels'
import { pveDesk } from '../../../api/client'
import { Figures } from '../../details/Figures'
import { PanelFrame } from '../PanelFrame'
import { usePanelQuery } from '../use-panel-query'
import type { GuestPanelProps } from './guest-panel-props'
import { LIST_REFRESH_MS } from './guest-panel-props'

/** HA: the guest's HA resource, what the manager says of it now, the rules or groups naming it, the quorum. */
export function HaTab({ clusterId, vmid }: GuestPanelProps): ReactElement {
  const query = usePanelQuery(
    `${clusterId}/${vmid}/ha`,
    (options) => pveDesk().panelGuestHa({ clusterId, vmid }, options),
    { refreshMs: LIST_REFRESH_MS },
  )
  return (
    <PanelFrame query={query} testId="guest-ha">
      {(ha) => <HaBody ha={ha} />}
    </PanelFrame>
  )
}

function HaBody({ ha }: { ha: GuestHaPanel }): ReactElement {
  const { t } = useTranslation()
  const { resource, status, rules, manager } = ha
  const yesNo = (value: boolean | undefined): string =>
    value === undefined ? '—' : t(value ? 'panels.guest.config.yes' : 'panels.guest.config.no')
  return (
    <Stack gap="sm">
      {manager === undefined ? null : (
        <Text size="sm">
          {`${t('panels.guest.ha.manager')}: `}
          <Badge size="sm" variant="light" color={manager.quorate === false ? 'red' : 'green'}>
            {manager.quorate === false ? t('panels.guest.ha.notQuorate') : t('panels.guest.ha.quorate')}
          </Badge>
          {manager.master === undefined ? null : ` ${t('panels.guest.ha.master', { node: manager.master })}`}
        </Text>
      )}
      {resource === undefined ? (
        <Text size="sm" c="dimmed">
          {t('panels.guest.ha.notManaged')}
        </Text>
      ) : (
        <Figures
          rows={[
            [t('panels.guest.ha.resource'), resource.sid],
            [t('panels.guest.ha.requested'), resource.state],
            [t('panels.guest.ha.current'), status?.state ?? '—'],
            [t('panels.guest.ha.node'), status?.node ?? '—'],
            [t('panels.guest.ha.crm'), status?.crmState ?? '—'],
            [t('panels.guest.ha.group'), resource.group ?? '—'],
            [t('panels.guest.ha.maxRestart'), resource.maxRestart ?? '—'],
            [t('panels.guest.ha.maxRelocate'), resource.maxRelocate ?? '—'],
            [t('panels.guest.ha.failback'), yesNo(resource.failback)],
            [t('panels.guest.ha.comment'), resource.comment ?? '—'],
          ]}
        />
      )}
      {rules.length === 0 ? null : (
        <>
          <Title order={5}>{t('panels.guest.ha.rules')}</Title>
          <Table withTableBorder verticalSpacing={4}>
            <Table.Tbody>
              {rules.map((rule) => (
                <Table.Tr key={`${rule.kind}/${rule.id}`}>
                  <Table.Td>{rule.id}</Table.Td>
                  <Table.Td>{rule.kind}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{rule.text}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  )
}
