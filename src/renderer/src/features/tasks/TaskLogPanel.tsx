import { ActionIcon, Alert, Button, CopyButton, Group, Loader, Text, Tooltip } from '@mantine/core'
import { Check, Copy, X } from 'lucide-react'
import type { ReactElement } from 'react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'

import { parseUpid } from '../../../../shared/upid'
import { describeError } from '../../api/errors'
import { useFleetStore } from '../../stores/fleet-store'
import type { ShownTask } from '../../stores/task-dock-store'
import { useTaskDock } from '../../stores/task-dock-store'
import { taskKey, useTaskStore } from '../../stores/task-store'
import { StopTaskButton } from './StopTaskButton'
import { taskFacts } from './task-rows'
import { StateIcon } from './TaskRowView'
import { formatTime, guestLabel, stateText, typeWords } from './task-words'
import { useTaskLog } from './use-task-log'

/**
 * One task's log beside the table: the UPID in words (node, start, type, id, user), the lines (the last page
 * first, "load earlier" for the ones before), followed every second while the task runs; Stop, Copy, Close.
 */
export function TaskLogPanel({ shown }: { shown: ShownTask }): ReactElement {
  const { t, i18n } = useTranslation()
  const task = useTaskStore((s) => s.tasks.get(taskKey(shown.clusterId, shown.upid)))
  const clusters = useFleetStore((s) => s.clusters)
  const items = useFleetStore((s) => s.items)
  const { view, loadEarlier } = useTaskLog(shown.clusterId, shown.upid)
  const upid = parseUpid(shown.upid)
  const facts = task === undefined ? undefined : taskFacts(task, clusters, items)
  const linesRef = useRef<HTMLPreElement>(null)
  const atEnd = useRef(true)
  const text = view.lines.map((l) => l.t).join('\n')

  // Following: the view stays on the last line unless the user scrolled up to read.
  useEffect(() => {
    const el = linesRef.current
    if (el !== null && atEnd.current) el.scrollTop = el.scrollHeight
  }, [view.lines])

  const type = upid === undefined ? (task?.type ?? '') : upid.type
  const title = [typeWords(type, t), facts === undefined ? upid?.id : guestLabel(facts)]
    .filter(Boolean)
    .join(' · ')
  return (
    <section className="task-log" aria-label={t('tasks.log.title')} data-testid="task-log">
      <Group gap="xs" wrap="nowrap" className="task-log-head">
        {task === undefined ? null : <StateIcon task={task} />}
        {/* Two lines rather than cut: the title names the task beside a table that may hide its row. */}
        <Text size="sm" fw={600} lineClamp={2} title={title} style={{ flex: 1, minWidth: 0 }}>
          {title}
        </Text>
        {task === undefined ? null : (
          <Text
            size="xs"
            c={task.state === 'error' ? 'red' : 'dimmed'}
            truncate
            maw="35%"
            title={stateText(task, t)}
            data-testid="task-log-status"
          >
            {stateText(task, t)}
          </Text>
        )}
        {view.running && view.error === undefined && task === undefined ? (
          <Loader size={12} aria-hidden="true" />
        ) : null}
        {view.running && view.error === undefined ? (
          <span className="task-announcer" data-testid="task-log-following">
            {t('tasks.log.following')}
          </span>
        ) : null}
        <Group gap={4} ml="auto" wrap="nowrap">
          {task === undefined ? null : <StopTaskButton task={task} />}
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('tasks.log.copied') : t('tasks.log.copy')} withinPortal>
                <ActionIcon
                  variant="subtle"
                  aria-label={t('tasks.log.copy')}
                  onClick={copy}
                  color={copied ? 'teal' : 'gray'}
                >
                  {copied ? <Check size={15} /> : <Copy size={15} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
          <Tooltip label={t('tasks.log.close')} withinPortal>
            <ActionIcon
              variant="subtle"
              aria-label={t('tasks.log.close')}
              onClick={() => useTaskDock.getState().show(undefined)}
            >
              <X size={15} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {upid === undefined ? (
        <Text size="xs" c="red" px="xs">
          {t('tasks.upid.invalid')}
        </Text>
      ) : (
        <dl className="task-upid" data-testid="task-upid">
          <dt>{t('tasks.upid.node')}</dt>
          <dd>{upid.node}</dd>
          <dt>{t('tasks.upid.started')}</dt>
          <dd>{formatTime(upid.starttime, i18n.language)}</dd>
          <dt>{t('tasks.upid.type')}</dt>
          <dd>
            {typeWords(upid.type, t)} ({upid.type})
          </dd>
          {upid.id === '' ? null : (
            <>
              <dt>{t('tasks.upid.id')}</dt>
              <dd>{upid.id}</dd>
            </>
          )}
          <dt>{t('tasks.upid.user')}</dt>
          <dd>{upid.user}</dd>
          <dt className="task-upid-raw-label">{t('tasks.upid.upid')}</dt>
          {/* One line (its parts are above in words): the log's lines keep the height. */}
          <dd className="task-upid-raw" title={shown.upid}>
            {shown.upid}
          </dd>
        </dl>
      )}
      {view.error === undefined ? null : (
        <Alert color="red" p="xs" mx="xs" role="alert">
          {t('tasks.log.failed')} {describeError(view.error, t)}
        </Alert>
      )}
      {view.hasEarlier ? (
        <Button size="compact-xs" variant="subtle" onClick={loadEarlier} disabled={view.loading} mx="xs">
          {t('tasks.log.loadEarlier', { count: Math.min(500, (view.lines[0]?.n ?? 1) - 1) })}
        </Button>
      ) : null}
      <pre
        ref={linesRef}
        className="task-log-lines"
        aria-label={t('tasks.log.lineList')}
        tabIndex={0}
        data-testid="task-log-lines"
        onScroll={(event) => {
          const el = event.currentTarget
          atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8
        }}
      >
        {view.lines.length === 0 ? (view.loading ? t('tasks.log.loading') : t('tasks.log.empty')) : text}
      </pre>
      <Text size="xs" c="dimmed" px="xs" pb={4} hidden={view.lines.length === 0}>
        {t('tasks.log.lines', { count: view.lines.length, total: Math.max(view.total, view.lines.length) })}
      </Text>
    </section>
  )
}
