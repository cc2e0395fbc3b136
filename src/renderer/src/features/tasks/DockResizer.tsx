import type { KeyboardEvent, PointerEvent, ReactElement } from 'react'
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'

import { DOCK_MIN_HEIGHT, useTaskDock } from '../../stores/task-dock-store'

/** The dock never takes more than this share of the window: the workspace above stays usable. */
const MAX_SHARE = 0.75
const STEP = 24

const maxHeight = (): number => Math.round(window.innerHeight * MAX_SHARE)

/**
 * The dock's top edge: dragged with the pointer, or ArrowUp / ArrowDown (Home / End for the bounds) as a
 * window splitter (WAI-ARIA's separator pattern). The height is kept for the next start.
 */
export function DockResizer(): ReactElement {
  const { t } = useTranslation()
  const height = useTaskDock((s) => s.height)
  const drag = useRef<{ y: number; height: number } | undefined>(undefined)

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    event.currentTarget.setPointerCapture(event.pointerId)
    drag.current = { y: event.clientY, height: useTaskDock.getState().height }
  }
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const from = drag.current
    if (from === undefined) return
    useTaskDock.getState().setHeight(from.height + (from.y - event.clientY), maxHeight())
  }
  const onPointerUp = (event: PointerEvent<HTMLDivElement>): void => {
    drag.current = undefined
    if (event.currentTarget.hasPointerCapture(event.pointerId))
      event.currentTarget.releasePointerCapture(event.pointerId)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const store = useTaskDock.getState()
    const max = maxHeight()
    if (event.key === 'ArrowUp') store.setHeight(store.height + STEP, max)
    else if (event.key === 'ArrowDown') store.setHeight(store.height - STEP, max)
    else if (event.key === 'Home') store.setHeight(DOCK_MIN_HEIGHT, max)
    else if (event.key === 'End') store.setHeight(max, max)
    else return
    event.preventDefault()
  }
  return (
    <div
      className="task-dock-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label={t('tasks.resize')}
      aria-valuemin={DOCK_MIN_HEIGHT}
      aria-valuemax={maxHeight()}
      aria-valuenow={height}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  )
}
