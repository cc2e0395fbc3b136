import { Alert, Stack } from '@mantine/core'
import { TriangleAlert } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useAppStore } from '../../stores/app-store'

/** Problems of the app itself that the operator must know at once: no keychain, a settings file moved aside. */
export function HealthBanner(): ReactElement | null {
  const { t } = useTranslation()
  const health = useAppStore((s) => s.health)
  if (health === undefined) return null
  const { keychain, settingsCorrupt, settingsReadOnly, settingsUnreadable, droppedClusters = [] } = health
  if (
    keychain.available &&
    settingsCorrupt === undefined &&
    settingsReadOnly === undefined &&
    settingsUnreadable === undefined &&
    droppedClusters.length === 0
  )
    return null
  return (
    <Stack gap={4} p="xs">
      {keychain.available ? null : (
        <Alert color="red" icon={<TriangleAlert size={16} />} p="xs" role="alert">
          {t('problems.keychainMissing', { reason: keychain.reason ?? '' })}
        </Alert>
      )}
      {settingsCorrupt === undefined ? null : (
        <Alert color="orange" icon={<TriangleAlert size={16} />} p="xs" role="alert">
          {t('problems.settingsCorrupt', settingsCorrupt)}
        </Alert>
      )}
      {settingsReadOnly === undefined ? null : (
        <Alert color="orange" icon={<TriangleAlert size={16} />} p="xs" role="alert">
          {t('problems.settingsReadOnly', settingsReadOnly)}
        </Alert>
      )}
      {settingsUnreadable === undefined ? null : (
        <Alert color="red" icon={<TriangleAlert size={16} />} p="xs" role="alert">
          {t('problems.settingsUnreadable', settingsUnreadable)}
        </Alert>
      )}
      {droppedClusters.map((dropped) => (
        <Alert key={dropped.index} color="orange" icon={<TriangleAlert size={16} />} p="xs" role="alert">
          {t('problems.droppedCluster', { ...dropped, id: dropped.id ?? '?' })}
        </Alert>
      ))}
    </Stack>
  )
}
