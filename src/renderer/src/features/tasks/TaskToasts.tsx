import { Button, Group, Notification, Portal, Stack, Text } from '@mantine/core'
import type { TFunction } from 'i18next'
import type { ReactElement } from 'react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { PveTask } from '../../../../shared/model/task'
import { useActionPreferences } from '../../stores/action-store'
import { useFleetStore } from '../../stores/fleet-store'
import { revealTask, useTaskStore } from '../../stores/task-store'
import { siteColour } from '../consoles/site-colour'
import type { TaskFacts } from './task-rows'
import { taskFacts } from './task-rows'
import { taskTitle } from './task-words'
import { toastStack } from './toast-stack'

/** A task that ended OK is told, then gone (it stays in the dock); one that did not stays until dismissed. */
export const OK_TOAST_MS = 10_000

const COLOUR = { ok: 'green', warning: 'yellow', error: 'red', unknown: 'gray', running: 'blue' } as const

/** The toast's title: how it ended, and what it was. */
export function noticeText(facts: TaskFacts, t: TFunction): string {
  const state = facts.task.state === 'running' ? 'unknown' : facts.task.state
  return t(`tasks.toast.${state}`, { what: taskTitle(facts, t) })
}

/**
 * Toasts for the tasks PVE Desk started that ended (as the `notify` preference says): success, warnings, or
 * failure with PVE's exit text, each with Show log. A polite live region (its own name: the tree's status line
 * is another) says the newest one to a screen reader.
 */
export function TaskToasts(): ReactElement {
  const { t } = useTranslation()
  // Loads the `notify` preference the task sync reads when a task ends.
  useActionPreferences()
  const notices = useTaskStore((s) => s.notices)
  const clusters = useFleetStore((s) => s.clusters)
  const items = useFleetStore((s) => s.items)
  const facts = notices.map((task) => taskFacts(task, clusters, items))
  const newest = facts.at(-1)
  return (
    <>
      <div
        role="status"
        aria-label={t('tasks.toast.announcer')}
        aria-live="polite"
        className="task-announcer"
      >
        {newest === undefined ? '' : `${noticeText(newest, t)}${exitText(newest.task)}`}
      </div>
      {facts.length === 0 ? null : (
        <Portal target={toastStack()}>
          <Stack gap="xs" data-testid="task-toasts">
            {facts.map((f) => (
              <TaskToast key={f.task.key} facts={f} />
            ))}
          </Stack>
        </Portal>
      )}
    </>
  )
}

const exitText = (task: PveTask): string =>
  task.state === 'ok' || task.exitstatus === undefined ? '' : ` — ${task.exitstatus}`

function TaskToast({ facts }: { facts: TaskFacts }): ReactElement {
  const { t } = useTranslation()
  const { task } = facts
  const dismiss = useTaskStore((s) => s.dismissNotice)
  const [pointed, setPointed] = useState(false)
  const fades = task.state === 'ok'
  useEffect(() => {
    if (!fades || pointed) return undefined
    const timer = setTimeout(() => dismiss(task.key), OK_TOAST_MS)
    return () => clearTimeout(timer)
  }, [fades, pointed, dismiss, task.key])
  return (
    <Notification
      role="group"
      aria-label={noticeText(facts, t)}
      title={noticeText(facts, t)}
      color={COLOUR[task.state]}
      withBorder
      closeButtonProps={{ 'aria-label': t('tasks.toast.dismiss') }}
      onClose={() => dismiss(task.key)}
      onMouseEnter={() => setPointed(true)}
      onMouseLeave={() => setPointed(false)}
      data-outcome={task.state}
      data-testid="task-toast"
    >
      <Stack gap={4}>
        {/* Where, as the dock's rows say it: the site in its colour, then the cluster. */}
        <div className="task-toast-where" data-testid="task-toast-where">
          <span className="task-site-dot" style={{ background: siteColour(facts.site) }} aria-hidden="true" />
          <span style={{ color: siteColour(facts.site), fontWeight: 600 }}>{facts.site}</span>
          <span>· {facts.clusterName}</span>
        </div>
        {task.state === 'ok' || task.exitstatus === undefined ? null : (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="task-toast-exit">
            {task.exitstatus}
          </Text>
        )}
        <Group justify="flex-end">
          <Button
            size="xs"
            variant="light"
            onClick={() => {
              dismiss(task.key)
              revealTask(task.clusterId, task.upid)
            }}
          >
            {t('tasks.toast.showLog')}
          </Button>
        </Group>
      </Stack>
    </Notification>
  )
}
