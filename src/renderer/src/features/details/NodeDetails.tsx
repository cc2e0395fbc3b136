import { Stack, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { formatPercent } from '../../lib/format'
import { useOffline, useShownFleet } from '../../stores/shown-fleet'
import { ConsoleButtons } from '../consoles/ConsoleButtons'
import { NodePanel } from '../panels/node/NodePanel'
import { useClusterView } from './cluster-view'
import { uptime, usage } from './details-format'
import { Figures } from './Figures'
import { NoDetails } from './NoDetails'
import { StaleWarning } from './StaleWarning'

/**
 * A node's figures, then its panels read live from PVE (summary, network, storage, disks, certificates, syslog,
 * tasks). An opened inventory snapshot asks nothing: what it captured shows under the figures instead.
 */
export function NodeDetails({ clusterId, node: name }: { clusterId: string; node: string }): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const node = useShownFleet((s) => s.trees[clusterId]?.groups.get(name)?.node)
  const cluster = useClusterView(clusterId)
  const offline = useOffline()
  if (node === undefined || cluster === undefined) return <NoDetails />
  return (
    <Stack gap="sm" aria-live="polite">
      <StaleWarning clusterId={clusterId} />
      <Title order={3}>{node.node}</Title>
      <ConsoleButtons selection={{ kind: 'node', clusterId, node: name }} />
      <Figures
        rows={[
          [t('details.status'), t(`status.${node.status}`)],
          [t('details.cluster'), cluster.summary.name],
          [t('details.site'), node.site],
          [
            t('details.cpu'),
            t('details.cpuValue', { percent: formatPercent(node.cpu, locale), count: node.maxcpu ?? 0 }),
          ],
          [t('details.memory'), usage(node.mem, node.maxmem, locale)],
          [t('details.disk'), usage(node.disk, node.maxdisk, locale)],
          [t('details.uptime'), uptime(t, node.uptime)],
        ]}
      />
      {offline || cluster.capture !== undefined ? null : <NodePanel clusterId={clusterId} node={name} />}
    </Stack>
  )
}
