import { Menu, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

import type { Selection } from '../../stores/selection'
import { GuestActionMenuItems } from '../actions/GuestActionMenuItems'
import { GuestViewMenuItems } from '../views/GuestViewMenuItems'
import { CHOICE_ICONS } from './choice-icons'
import type { ConsoleShortcut } from './console-choices'
import { launch, useConsoleChoices } from './use-console-choices'

const SHORTCUT_KEYS: Record<ConsoleShortcut, string> = {
  Enter: 'enter',
  'Shift+Enter': 'shiftEnter',
  'Ctrl+Enter': 'ctrlEnter',
  'Ctrl+Shift+Enter': 'ctrlShiftEnter',
}

export interface MenuRequest {
  selection: Selection
  /** Where the menu opens, in viewport pixels (the pointer, or the selected row for the keyboard). */
  x: number
  y: number
}

/**
 * The tree's context menu for a node or guest: its consoles, each disabled with its reason. Opened by a right
 * click, the context-menu key or Shift+F10; Escape closes it and gives the focus back to the tree.
 */
export function ConsoleMenu({
  request,
  onClose,
}: {
  request: MenuRequest
  onClose: () => void
}): ReactElement | null {
  const { t } = useTranslation()
  const choices = useConsoleChoices(request.selection)
  const { selection } = request
  if (selection.kind !== 'node' && selection.kind !== 'guest') return null
  return (
    <Menu
      opened
      onChange={(opened) => {
        if (!opened) onClose()
      }}
      position="bottom-start"
      withinPortal
      // Not "keydown" (Mantine's default for menus): the very key that opened it (Shift+F10, the menu key) is
      // still on its way to the document when the menu mounts, and would close it at once.
      clickOutsideEvents={['mousedown', 'touchstart']}
      trapFocus
      returnFocus
      width={300}
    >
      <Menu.Target>
        <div
          aria-hidden="true"
          style={{ position: 'fixed', left: request.x, top: request.y, width: 1, height: 1 }}
        />
      </Menu.Target>
      {/* A guest's menu is taller than a short window: it scrolls instead of running off the screen. */}
      <Menu.Dropdown
        aria-label={t('consoles.menu')}
        style={{ maxHeight: Math.max(240, window.innerHeight - request.y - 16), overflowY: 'auto' }}
      >
        <Menu.Label>{t('consoles.menu')}</Menu.Label>
        {choices.length === 0 ? <Menu.Item disabled>{t('consoles.none')}</Menu.Item> : null}
        {choices.map((choice) => {
          const Icon = CHOICE_ICONS[choice.id]
          const reason = choice.capability.reason
          return (
            <Menu.Item
              key={choice.id}
              data-choice={choice.id}
              disabled={!choice.capability.allowed}
              leftSection={<Icon size={15} aria-hidden="true" />}
              rightSection={
                choice.shortcut ? (
                  <Text size="xs" c="dimmed">
                    {t(`consoles.keys.${SHORTCUT_KEYS[choice.shortcut]}`)}
                  </Text>
                ) : undefined
              }
              onClick={() => {
                launch(selection.clusterId, choice)
                onClose()
              }}
            >
              <div>{t(`consoles.choice.${choice.id}`)}</div>
              {reason === undefined ? null : (
                <Text size="xs" c="dimmed">
                  {t(reason.key, reason.values)}
                </Text>
              )}
              {choice.id === 'serial' && reason === undefined ? (
                <Text size="xs" c="dimmed">
                  {t('consoles.serialHint')}
                </Text>
              ) : null}
            </Menu.Item>
          )
        })}
        {/* Its favourite and folder entries, short, before the long list of actions (live guests only). */}
        {selection.kind === 'guest' ? (
          <GuestViewMenuItems clusterId={selection.clusterId} vmid={selection.vmid} onDone={onClose} />
        ) : null}
        {/* A live guest's actions after its consoles; an inventory snapshot's guest has none. */}
        {selection.kind === 'guest' ? (
          <GuestActionMenuItems clusterId={selection.clusterId} vmid={selection.vmid} onDone={onClose} />
        ) : null}
      </Menu.Dropdown>
    </Menu>
  )
}
