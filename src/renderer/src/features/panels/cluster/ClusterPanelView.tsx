import { Alert, Badge, Group, Stack, Table, Text, Title } from '@mantine/core'
import { TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { ClusterPanel } from '../../../../../shared/model/infra-panels'
import { formatPercent } from '../../../lib/format'
import { usage } from '../../details/details-format'
import { Figures } from '../../details/Figures'
import { versionGroups } from './mixed-versions'

/** The cluster's quorum, nodes with their versions, HA manager and totals. */
export function ClusterPanelView({ value }: { value: ClusterPanel }): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const { totals, ha } = value
  const groups = versionGroups(value.nodes)
  const mixed = value.mixedVersions || groups.length > 1
  return (
    <Stack gap="md" data-testid="cluster-panel-view">
      <Group gap="xs">
        {value.clusterName === undefined ? (
          <Badge variant="outline" color="gray">
            {t('panels.cluster.standalone')}
          </Badge>
        ) : (
          <Text size="sm">{t('panels.cluster.name', { name: value.clusterName })}</Text>
        )}
        {value.quorate === undefined ? null : (
          <Badge color={value.quorate ? 'green' : 'red'} variant="filled" data-testid="cluster-quorum">
            {value.quorate ? t('panels.cluster.quorate') : t('panels.cluster.notQuorate')}
          </Badge>
        )}
        {value.configVersion === undefined ? null : (
          <Text size="xs" c="dimmed">
            {t('panels.cluster.configVersion', { version: value.configVersion })}
          </Text>
        )}
      </Group>
      {mixed ? (
        <Alert color="orange" icon={<TriangleAlert size={16} />} p="xs" data-testid="cluster-mixed-versions">
          {t('panels.cluster.mixedVersions', {
            list: groups
              .map((g) => t('panels.cluster.versionOn', { version: g.version, nodes: g.nodes.join(', ') }))
              .join(' ; '),
          })}
        </Alert>
      ) : null}
      <Figures
        rows={[
          [
            t('panels.cluster.nodes'),
            t('panels.cluster.nodesOnline', { online: totals.nodesOnline, count: totals.nodes }),
          ],
          [
            t('panels.cluster.guests'),
            t('panels.cluster.guestsRunning', { running: totals.running, count: totals.guests }),
          ],
          [
            t('panels.cluster.cpu'),
            totals.maxcpu === undefined
              ? '—'
              : t('panels.cluster.cpuValue', {
                  percent: formatPercent(totals.cpu, locale),
                  count: totals.maxcpu,
                }),
          ],
          [t('panels.cluster.memory'), usage(totals.mem, totals.maxmem, locale)],
          [t('panels.cluster.disk'), usage(totals.disk, totals.maxdisk, locale)],
        ]}
      />
      <Table fz="sm" verticalSpacing={4} data-testid="cluster-nodes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('panels.cluster.node')}</Table.Th>
            <Table.Th>{t('panels.cluster.state')}</Table.Th>
            <Table.Th>{t('panels.cluster.site')}</Table.Th>
            <Table.Th>{t('panels.cluster.ip')}</Table.Th>
            <Table.Th>{t('panels.cluster.version')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {value.nodes.map((node) => (
            <Table.Tr key={node.name} data-node={node.name}>
              <Table.Td>
                {node.name}
                {node.local === true ? (
                  <Badge ml={6} size="xs" variant="outline">
                    {t('panels.cluster.local')}
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="dot" color={node.online ? 'green' : 'red'}>
                  {node.online ? t('panels.cluster.online') : t('panels.cluster.offline')}
                </Badge>
              </Table.Td>
              <Table.Td>{node.site}</Table.Td>
              <Table.Td ff="monospace">{node.ip ?? '—'}</Table.Td>
              <Table.Td
                ff="monospace"
                c={
                  mixed && node.version !== undefined && node.version !== groups[0]?.version
                    ? 'orange'
                    : undefined
                }
              >
                {node.version ?? '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Stack gap={4}>
        <Title order={5}>{t('panels.cluster.ha')}</Title>
        <Figures
          rows={[
            [t('panels.cluster.haQuorum'), ha.quorum ?? '—'],
            [
              t('panels.cluster.haMaster'),
              ha.master === undefined ? '—' : [ha.master.node, ha.master.state].filter(Boolean).join(' — '),
            ],
            [t('panels.cluster.haResources'), String(ha.resources)],
          ]}
        />
        {ha.lrm.length === 0 ? null : (
          <Table fz="sm" verticalSpacing={2} data-testid="cluster-lrm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('panels.cluster.lrm')}</Table.Th>
                <Table.Th>{t('panels.cluster.state')}</Table.Th>
                <Table.Th>{t('panels.cluster.lrmMode')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ha.lrm.map((lrm) => (
                <Table.Tr key={lrm.node}>
                  <Table.Td>{lrm.node}</Table.Td>
                  <Table.Td>{lrm.state ?? '—'}</Table.Td>
                  <Table.Td>{lrm.mode ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  )
}
