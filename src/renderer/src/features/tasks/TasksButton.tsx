import { Badge, Button, Tooltip } from '@mantine/core'
import { ListChecks } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'

import { useTaskDock } from '../../stores/task-dock-store'
import { runningCount, useTaskStore } from '../../stores/task-store'

/**
 * Ctrl+Shift+Y shows or hides the task dock: a Ctrl+Shift combination no shell or guest needs (as the
 * workspace's keys and Ctrl+Shift+O), VS Code's own key for its bottom panel's console, and not Ctrl+Shift+T,
 * which a browser takes to reopen a tab.
 */
export const isDockKey = (
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>,
): boolean =>
  event.ctrlKey && event.shiftKey && !event.altKey && !event.metaKey && event.key.toLowerCase() === 'y'

/** The header's Tasks button: how many run now, and it opens or closes the dock. */
export function TasksButton(): ReactElement {
  const { t } = useTranslation()
  const open = useTaskDock((s) => s.open)
  const running = useTaskStore((s) => runningCount(s.tasks))

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!isDockKey(event) || event.repeat) return
      // Taken before a terminal or a screen sees it.
      event.preventDefault()
      event.stopPropagation()
      useTaskDock.getState().toggle()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  const label = running > 0 ? t('tasks.buttonRunning', { count: running }) : t('tasks.button')
  return (
    <Tooltip label={t('tasks.buttonHint')} withinPortal>
      <Button
        size="xs"
        variant={open ? 'light' : 'default'}
        leftSection={<ListChecks size={14} aria-hidden="true" />}
        rightSection={
          running > 0 ? (
            <Badge size="xs" circle variant="filled" aria-hidden="true" data-testid="tasks-running-count">
              {running}
            </Badge>
          ) : undefined
        }
        onClick={() => useTaskDock.getState().toggle()}
        aria-label={label}
        aria-pressed={open}
        aria-keyshortcuts="Control+Shift+Y"
        data-testid="tasks-button"
        // Its word and count stay whole when many cluster chips share the header.
        style={{ flexShrink: 0 }}
      >
        {t('tasks.button')}
      </Button>
    </Tooltip>
  )
}
