import { Menu, Text } from '@mantine/core'
import { FolderInput, Star, StarOff } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useOffline } from '../../stores/shown-fleet'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { useViewsStore } from './views-store'
import { toggleFavourites } from './workspace-edits'

/**
 * The guest's views entries in the tree's context menu: star or unstar it, put it in a folder — what the keys F and
 * M do (view-keys.ts), for the right-clicked guest. Live fleet only: an inventory snapshot's tree is read-only.
 */
export function GuestViewMenuItems({
  clusterId,
  vmid,
  onDone,
}: {
  clusterId: string
  vmid: number
  onDone: () => void
}): ReactElement | null {
  const { t } = useTranslation()
  const offline = useOffline()
  const starred = useWorkspaceStore((s) =>
    s.preferences.favourites.some((f) => f.clusterId === clusterId && f.vmid === vmid),
  )
  if (offline) return null
  const guest = { clusterId, vmid }
  const key = (letter: string): ReactElement => (
    <Text size="xs" c="dimmed">
      {letter}
    </Text>
  )
  return (
    <>
      <Menu.Divider />
      <Menu.Label>{t('views.title')}</Menu.Label>
      <Menu.Item
        data-view-action="favourite"
        leftSection={
          starred ? <StarOff size={15} aria-hidden="true" /> : <Star size={15} aria-hidden="true" />
        }
        rightSection={key('F')}
        onClick={() => {
          onDone()
          useWorkspaceStore.getState().update((p) => toggleFavourites(p, [guest]))
        }}
      >
        {starred ? t('views.favourite.remove') : t('views.favourite.add')}
      </Menu.Item>
      <Menu.Item
        data-view-action="folder"
        leftSection={<FolderInput size={15} aria-hidden="true" />}
        rightSection={key('M')}
        onClick={() => {
          onDone()
          useViewsStore.getState().openMove([guest])
        }}
      >
        {t('views.folders.putIn')}
      </Menu.Item>
    </>
  )
}
