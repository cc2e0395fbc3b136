import { Text } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { KeyboardEvent, ReactElement } from 'react'
import { useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'

import { useNow } from '../../lib/use-now'
import { useFleetStore } from '../../stores/fleet-store'
import { useUiStore } from '../../stores/ui-store'
import { guestVisualState } from './guest-state'
import { rowLabel } from './row-label'
import { treeKeyAction } from './tree-keys'
import { buildTreeRows } from './tree-model'
import type { TreeRow } from './tree-model'
import { TreeRowView } from './TreeRowView'

const ROW_HEIGHT = 28
const domId = (rowId: string): string => `tree-row-${rowId}`

/**
 * The live multi-cluster tree: a WAI-ARIA `tree` whose rows are virtualized, so 10,000 guests cost a screenful
 * of DOM nodes. Focus is managed with `aria-activedescendant`; selection follows focus, as in a file explorer.
 */
export function FleetTree(): ReactElement {
  const { t } = useTranslation()
  const clusters = useFleetStore((s) => s.clusters)
  const items = useFleetStore((s) => s.items)
  const collapsed = useUiStore((s) => s.collapsed)
  const filter = useUiStore((s) => s.filter)
  const selectedId = useUiStore((s) => s.selectedId)
  const select = useUiStore((s) => s.select)
  const setExpanded = useUiStore((s) => s.setExpanded)
  const rows = useMemo(
    () => buildTreeRows({ clusters, items, collapsed, filter }),
    [clusters, items, collapsed, filter],
  )
  const now = useNow(5_000)
  const scrollRef = useRef<HTMLDivElement>(null)
  // The virtualizer is read fresh on every render by design; this component does not rely on memoization.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const activeIndex = rows.findIndex((r) => r.id === selectedId)

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' })
  }, [activeIndex, virtualizer])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const action = treeKeyAction(event.key, rows, activeIndex)
    if (action.type === 'none') return
    event.preventDefault()
    if (action.type === 'focus') select(rows[action.index]?.id)
    else setExpanded(action.id, action.expanded)
  }

  if (rows.length === 0 && filter.trim() !== '') {
    return (
      <Text p="md" c="dimmed" role="status">
        {t('tree.empty', { filter })}
      </Text>
    )
  }
  return (
    <div
      ref={scrollRef}
      role="tree"
      aria-label={t('tree.label')}
      aria-activedescendant={activeIndex >= 0 ? domId(selectedId ?? '') : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      className="fleet-tree"
      data-rows={rows.length}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const row = rows[virtual.index]
          if (row === undefined) return null
          return (
            <div
              key={row.id}
              id={domId(row.id)}
              role="treeitem"
              aria-level={row.level}
              aria-posinset={row.posinset}
              aria-setsize={row.setsize}
              aria-expanded={row.hasChildren ? row.expanded : undefined}
              aria-selected={row.id === selectedId}
              aria-label={rowLabel(row, t)}
              data-kind={row.kind}
              data-state={rowState(row)}
              className="fleet-tree-row"
              onClick={(event) => {
                select(row.id)
                if (row.hasChildren && (event.target as Element).closest('[data-chevron]') !== null) {
                  setExpanded(row.id, !row.expanded)
                }
              }}
              onDoubleClick={() => {
                if (row.hasChildren) setExpanded(row.id, !row.expanded)
              }}
              style={{ transform: `translateY(${virtual.start}px)`, height: ROW_HEIGHT }}
            >
              <TreeRowView row={row} now={now} />
            </div>
          )
        })}
      </div>
    </div>
  )
}

/** A machine-readable state on each row, for styling and for tests that wait for a change. */
function rowState(row: TreeRow): string {
  switch (row.kind) {
    case 'guest':
      return guestVisualState(row.item)
    case 'node':
      return row.item.status
    case 'cluster':
      return row.status.stale ? `${row.status.state} stale` : row.status.state
    default:
      return ''
  }
}
