import { Loader, Tooltip } from '@mantine/core'
import {
  CircleCheck,
  CircleQuestionMark,
  CircleX,
  CornerDownRight,
  Sparkles,
  TriangleAlert,
} from 'lucide-react'
import type { ReactElement } from 'react'
import { memo } from 'react'
import { useTranslation } from 'react-i18next'

import type { PveTask } from '../../../../shared/model/task'
import { useNow } from '../../lib/use-now'
import { useTaskDock } from '../../stores/task-dock-store'
import { siteColour } from '../consoles/site-colour'
import type { TaskRow } from './task-rows'
import { formatDuration, formatTime, guestLabel, stateText, typeWords } from './task-words'

/** How long a running task has run, counted on screen every second. */
function Elapsed({ since }: { since: number }): ReactElement {
  const { t } = useTranslation()
  const now = useNow(1_000)
  return <>{t('tasks.runningFor', { duration: formatDuration(now / 1000 - since) })}</>
}

export function StateIcon({ task }: { task: PveTask }): ReactElement {
  if (task.state === 'running') return <Loader size={12} aria-hidden="true" />
  if (task.state === 'ok')
    return <CircleCheck size={14} color="var(--mantine-color-green-7)" aria-hidden="true" />
  if (task.state === 'warning')
    return <TriangleAlert size={14} color="var(--mantine-color-yellow-7)" aria-hidden="true" />
  if (task.state === 'error')
    return <CircleX size={14} color="var(--mantine-color-red-7)" aria-hidden="true" />
  return <CircleQuestionMark size={14} color="var(--mantine-color-gray-6)" aria-hidden="true" />
}

/** One task's line: every cell as text a screen reader reads in column order, the status with PVE's words. */
export const TaskRowView = memo(function TaskRowView({
  row,
  index,
  top,
  height,
  focusable,
  selected,
  onFocusRow,
}: {
  row: TaskRow
  index: number
  top: number
  height: number
  focusable: boolean
  selected: boolean
  onFocusRow: (key: string) => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const { facts, depth } = row
  const { task } = facts
  const show = (): void => useTaskDock.getState().show({ clusterId: task.clusterId, upid: task.upid })
  const status = stateText(task, t)
  const type = typeWords(task.type, t)
  const started = formatTime(task.starttime, i18n.language)
  const ended = task.endtime === undefined ? undefined : formatTime(task.endtime, i18n.language)
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className="task-grid task-row"
      data-task-key={task.key}
      data-state={task.state}
      data-mine={task.mine}
      data-depth={depth}
      tabIndex={focusable ? 0 : -1}
      style={{ position: 'absolute', top, height, left: 0, right: 0 }}
      onClick={show}
      onFocus={() => onFocusRow(task.key)}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return
        event.preventDefault()
        show()
      }}
    >
      <div role="cell" className="task-cell" title={started}>
        {started}
      </div>
      <div role="cell" className="task-cell task-type" title={type}>
        {depth === 1 ? (
          <Tooltip label={t('tasks.haAgent')} withinPortal>
            <CornerDownRight size={13} aria-label={t('tasks.haAgent')} />
          </Tooltip>
        ) : null}
        {task.mine ? (
          <Tooltip label={t('tasks.mine')} withinPortal>
            <Sparkles size={13} color="var(--mantine-color-blue-6)" aria-label={t('tasks.mine')} />
          </Tooltip>
        ) : null}
        <span>{type}</span>
      </div>
      {/* The vmid first: a narrow column cuts the end of a long name, never the vmid. */}
      <div role="cell" className="task-cell" title={guestLabel(facts)} data-testid="task-guest">
        {task.vmid === undefined ? null : <span className="task-vmid">{task.vmid}</span>}
        {facts.guestName === undefined ? null : ` ${facts.guestName}`}
      </div>
      <div role="cell" className="task-cell task-status" title={status} data-testid="task-status">
        <StateIcon task={task} />
        <span>{status}</span>
      </div>
      <div role="cell" className="task-cell" title={ended}>
        {task.endtime === undefined ? (
          task.state === 'running' ? (
            <Elapsed since={task.starttime} />
          ) : (
            '—'
          )
        ) : (
          formatDuration(task.endtime - task.starttime)
        )}
      </div>
      <div role="cell" className="task-cell" title={task.node}>
        {task.node}
      </div>
      <div role="cell" className="task-cell" style={{ color: siteColour(facts.site) }} title={facts.site}>
        <span className="task-site-dot" style={{ background: siteColour(facts.site) }} aria-hidden="true" />
        {facts.site}
      </div>
      <div role="cell" className="task-cell" title={facts.clusterName}>
        {facts.clusterName}
      </div>
      <div role="cell" className="task-cell" title={task.user}>
        {task.user}
      </div>
    </div>
  )
})
