import { ActionIcon, Menu, NativeSelect, Text, Tooltip } from '@mantine/core'
import { Bookmark, BookmarkPlus, FolderCog, Pencil, X } from 'lucide-react'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { SavedView, TreeGrouping } from '../../../../shared/model/workspace'
import { TreeGrouping as Groupings } from '../../../../shared/model/workspace'
import { useUiStore } from '../../stores/ui-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { FolderManager } from './FolderManager'
import { MoveToFolder } from './MoveToFolder'
import { SaveView } from './SaveView'
import { useViewsStore } from './views-store'
import { deleteView, setGrouping } from './workspace-edits'

/** Opens a saved view: its grouping and its search, at once. */
export function openSavedView(view: SavedView): void {
  useWorkspaceStore.getState().update((p) => setGrouping(p, view.grouping))
  useUiStore.getState().setFilter(view.query)
}

export const chooseGrouping = (grouping: TreeGrouping): void => {
  useWorkspaceStore.getState().update((p) => setGrouping(p, grouping))
}

/**
 * Above the tree: how it is grouped (by site, cluster, tag, pool, type, or the user's folders), the saved views
 * (open one, save the current search and grouping, rename, delete) and the folder manager; and the views'
 * dialogs, so that the tree's keys (M) and the palette find them mounted.
 */
export function ViewSwitcher(): ReactElement {
  const { t } = useTranslation()
  const grouping = useWorkspaceStore((s) => s.preferences.grouping)
  const views = useWorkspaceStore((s) => s.preferences.savedViews)
  const { openFolders, openSave } = useViewsStore.getState()
  return (
    <div className="view-switcher" data-testid="view-switcher">
      {/* A native select: one key per grouping from the keyboard, and no text field beside the search box. */}
      <NativeSelect
        size="xs"
        aria-label={t('views.grouping.label')}
        data-testid="grouping-select"
        value={grouping}
        data={Groupings.options.map((g) => ({ value: g, label: t(`views.grouping.${g}`) }))}
        onChange={(event) => {
          const parsed = Groupings.safeParse(event.currentTarget.value)
          if (parsed.success) chooseGrouping(parsed.data)
        }}
        style={{ flex: 1, minWidth: 0 }}
      />
      <Menu position="bottom-end" withinPortal width={280}>
        <Menu.Target>
          <Tooltip label={t('views.saved.menu')}>
            <ActionIcon variant="subtle" aria-label={t('views.saved.menu')} data-testid="saved-views">
              <Bookmark size={16} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('views.saved.menu')}</Menu.Label>
          {views.length === 0 ? (
            <Text size="xs" c="dimmed" px="sm" py={4}>
              {t('views.saved.none')}
            </Text>
          ) : null}
          {views.map((view) => (
            <Menu.Item
              key={view.id}
              onClick={() => {
                openSavedView(view)
              }}
              rightSection={
                <ActionIcon
                  component="span"
                  size="xs"
                  variant="subtle"
                  color="red"
                  aria-label={`${t('views.saved.delete')} ${view.name}`}
                  onClick={(event) => {
                    event.stopPropagation()
                    useWorkspaceStore.getState().update((p) => deleteView(p, view.id))
                  }}
                >
                  <X size={12} />
                </ActionIcon>
              }
            >
              <Text size="sm">{view.name}</Text>
              <Text size="xs" c="dimmed" truncate>
                {t('views.saved.summary', {
                  grouping: t(`views.grouping.${view.grouping}`),
                  query: view.query === '' ? t('views.saved.noQuery') : view.query,
                })}
              </Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item
            leftSection={<BookmarkPlus size={14} />}
            onClick={() => {
              openSave(true)
            }}
          >
            {t('views.saved.save')}
          </Menu.Item>
          {views.length > 0 ? (
            <Menu.Item
              leftSection={<Pencil size={14} />}
              onClick={() => {
                openSave(true)
              }}
            >
              {t('views.saved.rename')}
            </Menu.Item>
          ) : null}
        </Menu.Dropdown>
      </Menu>
      <Tooltip label={t('views.folders.title')}>
        <ActionIcon
          variant="subtle"
          aria-label={t('views.folders.manage')}
          data-testid="manage-folders"
          onClick={() => {
            openFolders(true)
          }}
        >
          <FolderCog size={16} />
        </ActionIcon>
      </Tooltip>
      <FolderManager />
      <MoveToFolder />
      <SaveView />
    </div>
  )
}
