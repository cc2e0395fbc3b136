import { ActionIcon, Group, Modal, Stack, Text } from '@mantine/core'
import { Trash } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useWorkspaceStore } from '../../stores/workspace-store'
import { NameField } from './NameField'
import { useViewsStore } from './views-store'
import { createFolder, deleteFolder, renameFolder } from './workspace-edits'

/** The user's folders: make one, rename, delete (its guests stay in the fleet). Guests go in by drag or M. */
export function FolderManager(): ReactElement {
  const { t } = useTranslation()
  const opened = useViewsStore((s) => s.folders)
  const folders = useWorkspaceStore((s) => s.preferences.folders)
  const update = useWorkspaceStore((s) => s.update)
  const close = (): void => {
    useViewsStore.getState().openFolders(false)
  }
  return (
    <Modal opened={opened} onClose={close} title={t('views.folders.title')} size="md">
      <Stack gap="sm">
        <NameField
          label={t('views.folders.create')}
          applyLabel={t('views.actions.create')}
          testId="new-folder-name"
          autoFocus
          clearOnApply
          onApply={(name) => {
            update((p) => createFolder(p, name))
          }}
        />
        {folders.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('views.folders.none')}
          </Text>
        ) : null}
        {folders.map((folder) => (
          <Group key={folder.id} gap={4} wrap="nowrap" align="flex-end" data-testid="folder-entry">
            <div style={{ flex: 1 }}>
              <NameField
                label={t('views.folders.count', { count: folder.guests.length })}
                initial={folder.name}
                applyLabel={`${t('views.folders.rename')} ${folder.name}`}
                onApply={(name) => {
                  update((p) => renameFolder(p, folder.id, name))
                }}
              />
            </div>
            <ActionIcon
              variant="subtle"
              color="red"
              size="md"
              aria-label={`${t('views.folders.delete')} ${folder.name}`}
              title={t('views.folders.deleteConfirm', { name: folder.name })}
              onClick={() => {
                update((p) => deleteFolder(p, folder.id))
              }}
            >
              <Trash size={14} />
            </ActionIcon>
          </Group>
        ))}
      </Stack>
    </Modal>
  )
}
