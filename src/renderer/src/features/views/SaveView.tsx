import { ActionIcon, Group, Modal, Stack, Text } from '@mantine/core'
import { Trash } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import { useUiStore } from '../../stores/ui-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { NameField } from './NameField'
import { useViewsStore } from './views-store'
import { deleteView, renameView, saveView } from './workspace-edits'

/** Saves the current search and grouping under a name; renames and deletes the saved views. */
export function SaveView(): ReactElement {
  const { t } = useTranslation()
  const opened = useViewsStore((s) => s.save)
  const views = useWorkspaceStore((s) => s.preferences.savedViews)
  const grouping = useWorkspaceStore((s) => s.preferences.grouping)
  const update = useWorkspaceStore((s) => s.update)
  const filter = useUiStore((s) => s.filter)
  const close = (): void => {
    useViewsStore.getState().openSave(false)
  }
  return (
    <Modal opened={opened} onClose={close} title={t('views.saved.saveTitle')} size="md">
      <Stack gap="sm">
        <Text size="xs" c="dimmed">
          {t('views.saved.summary', {
            grouping: t(`views.grouping.${grouping}`),
            query: filter === '' ? t('views.saved.noQuery') : filter,
          })}
        </Text>
        <NameField
          label={t('views.saved.name')}
          applyLabel={t('views.actions.save')}
          testId="save-view-name"
          autoFocus
          onApply={(name) => {
            update((p) => saveView(p, name, filter, grouping))
            close()
          }}
        />
        {views.map((view) => (
          <Group key={view.id} gap={4} wrap="nowrap" align="flex-end">
            <div style={{ flex: 1 }}>
              <NameField
                label={t('views.saved.summary', {
                  grouping: t(`views.grouping.${view.grouping}`),
                  query: view.query === '' ? t('views.saved.noQuery') : view.query,
                })}
                initial={view.name}
                applyLabel={`${t('views.saved.rename')} ${view.name}`}
                onApply={(name) => {
                  update((p) => renameView(p, view.id, name))
                }}
              />
            </div>
            <ActionIcon
              variant="subtle"
              color="red"
              size="md"
              aria-label={`${t('views.saved.delete')} ${view.name}`}
              onClick={() => {
                update((p) => deleteView(p, view.id))
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
