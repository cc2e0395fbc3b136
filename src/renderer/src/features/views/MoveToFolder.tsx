import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import { FolderInput, FolderMinus } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useWorkspaceStore } from '../../stores/workspace-store'
import { refKey } from './grouping'
import { NameField } from './NameField'
import { useViewsStore } from './views-store'
import { addToFolder, createFolder, newId, removeFromFolder } from './workspace-edits'

/**
 * "Put in a folder" for the keyboard (M on a guest or the picked guests): each folder to put them in, those
 * holding some of them to take them out of, and a new folder made with them in it.
 */
export function MoveToFolder(): ReactElement {
  const { t } = useTranslation()
  const guests = useViewsStore((s) => s.move)
  const folders = useWorkspaceStore((s) => s.preferences.folders)
  const update = useWorkspaceStore((s) => s.update)
  const close = (): void => {
    useViewsStore.getState().openMove(undefined)
  }
  const refs = guests ?? []
  const keys = new Set(refs.map(refKey))
  return (
    <Modal
      opened={guests !== undefined}
      onClose={close}
      title={t('views.folders.moveTitle', { count: refs.length })}
      size="md"
    >
      <Stack gap="xs">
        {folders.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('views.folders.none')}
          </Text>
        ) : null}
        {folders.map((folder) => {
          const holds = folder.guests.some((g) => keys.has(refKey(g)))
          return (
            <Group key={folder.id} gap="xs" justify="space-between" wrap="nowrap">
              <Button
                variant="light"
                size="xs"
                leftSection={<FolderInput size={14} />}
                onClick={() => {
                  update((p) => addToFolder(p, folder.id, refs))
                  close()
                }}
              >
                {`${t('views.folders.move')} « ${folder.name} »`}
              </Button>
              {holds ? (
                <Button
                  variant="subtle"
                  size="xs"
                  color="gray"
                  leftSection={<FolderMinus size={14} />}
                  onClick={() => {
                    update((p) => removeFromFolder(p, folder.id, refs))
                    close()
                  }}
                >
                  {t('views.folders.removeFrom', { name: folder.name })}
                </Button>
              ) : null}
            </Group>
          )
        })}
        <NameField
          label={t('views.folders.create')}
          applyLabel={t('views.actions.create')}
          testId="move-new-folder"
          autoFocus={folders.length === 0}
          onApply={(name) => {
            update((p) => {
              const id = newId('folder', p.folders)
              return addToFolder(createFolder(p, name, id), id, refs)
            })
            close()
          }}
        />
      </Stack>
    </Modal>
  )
}
