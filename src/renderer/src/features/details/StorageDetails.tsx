import { Stack, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useOffline, useShownFleet } from '../../stores/shown-fleet'
import { StoragePanel } from '../panels/storage/StoragePanel'
import { useClusterView } from './cluster-view'
import { usage } from './details-format'
import { Figures } from './Figures'
import { NoDetails } from './NoDetails'
import { StaleWarning } from './StaleWarning'

interface StorageDetailsProps {
  clusterId: string
  node: string
  storage: string
}

/** A storage's figures on one node, then its panel read live (not from an opened inventory snapshot). */
export function StorageDetails({ clusterId, node, storage: name }: StorageDetailsProps): ReactElement {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const storage = useShownFleet((s) =>
    s.trees[clusterId]?.groups.get(node)?.storage.find((item) => item.storage === name),
  )
  const cluster = useClusterView(clusterId)
  const offline = useOffline()
  if (storage === undefined || cluster === undefined) return <NoDetails />
  return (
    <Stack gap="sm" aria-live="polite">
      <StaleWarning clusterId={clusterId} />
      <Title order={3}>{storage.storage}</Title>
      <Figures
        rows={[
          [t('details.status'), t(`status.${storage.status}`, { defaultValue: storage.status })],
          [t('details.cluster'), cluster.summary.name],
          [t('details.node'), storage.node],
          [t('details.plugintype'), storage.plugintype ?? '—'],
          [t('details.content'), storage.content.join(', ')],
          [t('details.shared'), storage.shared ? t('details.yes') : t('details.no')],
          [t('details.disk'), usage(storage.disk, storage.maxdisk, locale)],
        ]}
      />
      {offline || cluster.capture !== undefined ? null : (
        <StoragePanel clusterId={clusterId} storage={name} />
      )}
    </Stack>
  )
}
