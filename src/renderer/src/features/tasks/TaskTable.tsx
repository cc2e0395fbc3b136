import { useVirtualizer } from '@tanstack/react-virtual'
import type { KeyboardEvent, ReactElement } from 'react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { TaskView } from '../../stores/task-dock-store'
import { useTaskDock } from '../../stores/task-dock-store'
import type { TaskRow } from './task-rows'
import { TaskRowView } from './TaskRowView'

const ROW_HEIGHT = 28
/** What tells tasks apart first, first: the log beside the table leaves room for the first columns only. */
const COLUMNS = ['start', 'type', 'guest', 'status', 'end', 'node', 'site', 'cluster', 'user'] as const

/**
 * The tasks across clusters as a table whose rows are made on demand (10^4 tasks scroll as 30 do). One row at a
 * time takes the focus (ArrowUp / ArrowDown, Home / End); Enter or a click shows its log.
 */
export function TaskTable({
  rows,
  view,
  filtered,
}: {
  rows: readonly TaskRow[]
  view: TaskView
  filtered: boolean
}): ReactElement {
  const { t } = useTranslation()
  const scrollRef = useRef<HTMLDivElement>(null)
  const headRef = useRef<HTMLDivElement>(null)
  const shown = useTaskDock((s) => s.shown)
  const shownKey = shown === undefined ? undefined : `${shown.clusterId}/${shown.upid}`
  const [focusKey, setFocusKey] = useState<string | undefined>(undefined)
  // The virtualizer is read fresh on every render by design; this component does not rely on memoization.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  })
  const keyAt = (index: number): string | undefined => rows[index]?.facts.task.key
  const focusIndex = Math.max(
    0,
    rows.findIndex((r) => r.facts.task.key === (focusKey ?? shownKey)),
  )

  // A task revealed from elsewhere (a toast, a bulk result) scrolls into sight.
  useEffect(() => {
    if (shownKey === undefined) return
    const index = rows.findIndex((r) => r.facts.task.key === shownKey)
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' })
  }, [shownKey, rows, virtualizer])

  const moveTo = (index: number): void => {
    const key = keyAt(Math.min(Math.max(index, 0), rows.length - 1))
    if (key === undefined) return
    setFocusKey(key)
    virtualizer.scrollToIndex(
      rows.findIndex((r) => r.facts.task.key === key),
      { align: 'auto' },
    )
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-task-key="${CSS.escape(key)}"]`)?.focus()
    })
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1)
    if (event.key === 'ArrowDown') moveTo(focusIndex + 1)
    else if (event.key === 'ArrowUp') moveTo(focusIndex - 1)
    else if (event.key === 'PageDown') moveTo(focusIndex + page)
    else if (event.key === 'PageUp') moveTo(focusIndex - page)
    else if (event.key === 'Home') moveTo(0)
    else if (event.key === 'End') moveTo(rows.length - 1)
    else return
    event.preventDefault()
  }

  return (
    <div className="task-table" role="table" aria-label={t('tasks.table')} aria-rowcount={rows.length + 1}>
      {/* The head scrolls sideways with the body (a narrow dock beside the log), not down. */}
      <div role="rowgroup" className="task-table-head" ref={headRef}>
        <div role="row" className="task-grid" aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <div role="columnheader" key={c} className="task-cell">
              {t(`tasks.column.${c}`)}
            </div>
          ))}
        </div>
      </div>
      <div
        ref={scrollRef}
        className="task-table-scroll"
        role="rowgroup"
        onKeyDown={onKeyDown}
        onScroll={(event) => {
          if (headRef.current !== null) headRef.current.scrollLeft = event.currentTarget.scrollLeft
        }}
      >
        {rows.length === 0 ? (
          <div className="task-table-empty" role="row">
            <div role="cell">{filtered ? t('tasks.empty.filtered') : t(`tasks.empty.${view}`)}</div>
          </div>
        ) : (
          <div className="task-table-rows" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]
              if (row === undefined) return null
              return (
                <TaskRowView
                  key={row.facts.task.key}
                  row={row}
                  index={item.index}
                  top={item.start}
                  height={ROW_HEIGHT}
                  focusable={item.index === focusIndex}
                  selected={row.facts.task.key === shownKey}
                  onFocusRow={setFocusKey}
                />
              )
            })}
          </div>
        )}
      </div>
    </div>
  )
}
