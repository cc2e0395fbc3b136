import { Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

/** In the workspace's tab strip while a snapshot is shown: the live consoles are kept, out of sight. */
export function LiveConsolesWaiting({ count }: { count: number }): ReactElement {
  const { t } = useTranslation()
  return (
    <Text size="xs" c="dimmed" px="xs" style={{ alignSelf: 'center' }} data-testid="live-consoles-waiting">
      {t('inventory.offline.consolesWaiting', { count })}
    </Text>
  )
}
