import './tasks.css'

import { ActionIcon, Badge, Group, SegmentedControl, Text, Tooltip } from '@mantine/core'
import { ChevronDown, ChevronUp } from 'lucide-react'
import type { ReactElement } from 'react'
import { useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'

import { useTaskDock } from '../../stores/task-dock-store'
import type { TaskView } from '../../stores/task-dock-store'
import { runningCount, useTaskStore } from '../../stores/task-store'
import { DockResizer } from './DockResizer'
import { TaskFiltersBar } from './TaskFiltersBar'
import { TaskLogPanel } from './TaskLogPanel'
import { taskRows } from './task-rows'
import { TaskTable } from './TaskTable'
import { TaskToasts } from './TaskToasts'
import { useDockHeightVariable } from './toast-stack'
import { useTaskFacts } from './use-task-facts'

const VIEWS: readonly TaskView[] = ['running', 'recent', 'failed']

/**
 * The task timeline docked under the workspace, as Proxmox VE's own bottom task panel (and VS Code's panel): a
 * strip always there (title, running count), and when open, the filters, the tasks across clusters and the
 * log of the task chosen, at a height the user drags and PVE Desk remembers. The toasts of ended tasks live here.
 * A closed dock computes no rows: {@link OpenDock}, which does, is mounted only while the dock is open.
 */
export function TaskDock(): ReactElement {
  const { t } = useTranslation()
  const open = useTaskDock((s) => s.open)
  const section = useRef<HTMLElement>(null)
  useDockHeightVariable(section)
  return (
    <section
      ref={section}
      className="task-dock"
      aria-label={t('tasks.dock')}
      data-open={open}
      data-testid="task-dock"
    >
      {open ? <DockResizer /> : null}
      {open ? <OpenDock /> : <DockStrip open={false} />}
      <TaskToasts />
    </section>
  )
}

/** The open dock: the view, the filters, the rows of the tasks known now and the log of the one chosen. */
function OpenDock(): ReactElement {
  const height = useTaskDock((s) => s.height)
  const view = useTaskDock((s) => s.view)
  const filters = useTaskDock((s) => s.filters)
  const shown = useTaskDock((s) => s.shown)
  const facts = useTaskFacts()
  const rows = useMemo(() => taskRows(facts, view, filters), [facts, view, filters])
  return (
    <>
      <DockStrip open count={rows.length} />
      <div id="task-dock-body" className="task-dock-body" style={{ height }}>
        <TaskFiltersBar facts={facts} />
        <div className="task-dock-split">
          <TaskTable rows={rows} view={view} filtered={Object.keys(filters).length > 0} />
          {shown === undefined ? null : (
            <TaskLogPanel key={`${shown.clusterId}/${shown.upid}`} shown={shown} />
          )}
        </div>
      </div>
    </>
  )
}

/** The strip: title and running count, and when open the view and how many tasks it shows; the toggle. */
function DockStrip({ open, count = 0 }: { open: boolean; count?: number }): ReactElement {
  const { t } = useTranslation()
  const view = useTaskDock((s) => s.view)
  const running = useTaskStore((s) => runningCount(s.tasks))
  return (
    <Group className="task-dock-strip" gap="sm" wrap="nowrap" px="xs">
      <Text size="sm" fw={600} id="task-dock-title">
        {t('tasks.title')}
      </Text>
      {running > 0 ? (
        <Badge size="sm" variant="light" color="blue" data-testid="task-dock-running">
          {t('tasks.view.running')} · {running}
        </Badge>
      ) : null}
      {open ? (
        <>
          <SegmentedControl
            size="xs"
            aria-label={t('tasks.viewLabel')}
            value={view}
            onChange={(value) => useTaskDock.getState().setView(value as TaskView)}
            data={VIEWS.map((v) => ({ value: v, label: t(`tasks.view.${v}`) }))}
          />
          <Text size="xs" c="dimmed" aria-live="off">
            {t('tasks.shown', { count })}
          </Text>
        </>
      ) : null}
      <Tooltip label={open ? t('tasks.hide') : t('tasks.show')} withinPortal>
        <ActionIcon
          variant="subtle"
          ml="auto"
          aria-label={open ? t('tasks.hide') : t('tasks.show')}
          aria-expanded={open}
          aria-controls="task-dock-body"
          onClick={() => useTaskDock.getState().toggle()}
        >
          {open ? <ChevronDown size={16} /> : <ChevronUp size={16} />}
        </ActionIcon>
      </Tooltip>
    </Group>
  )
}
