import { Check } from 'lucide-react'
import type { TFunction } from 'i18next'
import type { DragEvent, MouseEvent, ReactElement } from 'react'
import { memo, useCallback, useState } from 'react'

import type { Selection } from '../../stores/selection'
import { useUiStore } from '../../stores/ui-store'
import type { PickMods } from '../bulk/multi-select'
import { acceptsDrop, dropOnRow, endGuestDrag, startGuestDrag } from '../views/tree-drag'
import type { GuestActivity } from './guest-state'
import { guestVisualState } from './guest-state'
import type { GuestRowExtras } from './row-label'
import { rowLabel } from './row-label'
import { domId, setRowExpanded, showDetails } from './tree-key-handlers'
import type { TreeRow } from './tree-row'
import { TreeRowView } from './TreeRowView'

export interface TreeItemProps {
  row: TreeRow
  /** The row's position in the list (its element's key: constant for the element). */
  index: number
  top: number
  height: number
  /** Shown selected: one of the picked guests while some are, else the selected item (every row of it). */
  selected: boolean
  /** The focused row (outlined while guests are picked). */
  active: boolean
  /** Guests are picked: selected rows get a tick. */
  picking: boolean
  now: number
  t: TFunction
  /** Renders the row again when the language changes, whatever `t`'s identity does. */
  language: string
  favourite: boolean
  activity: GuestActivity | undefined
  /** Opens the console menu of a row (stable: the tree's one callback). */
  onMenu: (selection: Selection, x: number, y: number) => void
  /** Shift/Ctrl click (stable): true when it picked guests rather than selecting the row alone. */
  onPick: (index: number, mods: PickMods) => boolean
  /** The row is an opened inventory snapshot's. */
  offline: boolean
}

/**
 * One row; rendered again only when its row object, position, selection, the language, its star or activity or
 * (stale clusters) the clock change. `t` is the tree's: one `useTranslation` per row costs more than the row.
 * A live guest row can be dragged onto a folder row (see features/views/tree-drag.ts).
 */
export const TreeItem = memo(
  function TreeItem({
    row,
    index,
    top,
    height,
    selected,
    active,
    picking,
    now,
    t,
    favourite,
    activity,
    onMenu,
    onPick,
    offline,
  }: TreeItemProps): ReactElement {
    const [dropping, setDropping] = useState(false)
    const onClick = useCallback(
      (event: MouseEvent<HTMLDivElement>) => {
        const mods = { range: event.shiftKey, toggle: event.ctrlKey || event.metaKey }
        if ((mods.range || mods.toggle) && onPick(index, mods)) return
        const ui = useUiStore.getState()
        ui.select(row.target, row.parentId)
        ui.setMulti(new Set(), row.target)
        showDetails()
        if (row.hasChildren && (event.target as Element).closest('[data-chevron]') !== null) {
          setRowExpanded(row.id, !row.expanded)
        }
      },
      [row, index, onPick],
    )
    const onDoubleClick = useCallback(() => {
      if (row.hasChildren) setRowExpanded(row.id, !row.expanded)
    }, [row])
    const onContextMenu = useCallback(
      (event: MouseEvent<HTMLDivElement>) => {
        if (row.kind !== 'node' && row.kind !== 'guest') return
        event.preventDefault()
        onMenu(row.target, event.clientX, event.clientY)
      },
      [row, onMenu],
    )
    const draggable = !offline && row.kind === 'guest'
    const folderRow = !offline && row.kind === 'group' && row.group.kind === 'folder'
    const onDragOver = (event: DragEvent<HTMLDivElement>): void => {
      if (!acceptsDrop(row, event)) return
      event.preventDefault()
      event.dataTransfer.dropEffect = 'copy'
      setDropping(true)
    }
    const onDrop = (event: DragEvent<HTMLDivElement>): void => {
      setDropping(false)
      if (dropOnRow(row, event)) event.preventDefault()
    }
    const extras: GuestRowExtras = { favourite, activity }
    return (
      <div
        id={domId(row.id)}
        role="treeitem"
        aria-level={row.level}
        aria-posinset={row.posinset}
        aria-setsize={row.setsize}
        aria-expanded={row.hasChildren ? row.expanded : undefined}
        aria-selected={selected}
        aria-label={rowLabel(row, t, offline, extras)}
        data-kind={row.kind}
        data-state={rowState(row)}
        data-active={picking && active ? true : undefined}
        data-drop={dropping ? true : undefined}
        className="fleet-tree-row"
        onClick={onClick}
        onDoubleClick={onDoubleClick}
        onContextMenu={onContextMenu}
        draggable={draggable || undefined}
        onDragStart={draggable ? (event) => startGuestDrag(row, event) : undefined}
        onDragEnd={draggable ? endGuestDrag : undefined}
        onDragOver={folderRow ? onDragOver : undefined}
        onDragLeave={folderRow ? () => setDropping(false) : undefined}
        onDrop={folderRow ? onDrop : undefined}
        style={{ transform: `translateY(${top}px)`, height }}
      >
        {picking && selected ? <Check className="tree-pick" size={12} aria-hidden="true" /> : null}
        <TreeRowView row={row} now={now} t={t} offline={offline} extras={extras} />
      </div>
    )
  },
  (a, b) =>
    a.row === b.row &&
    a.top === b.top &&
    a.height === b.height &&
    a.selected === b.selected &&
    a.active === b.active &&
    a.picking === b.picking &&
    a.index === b.index &&
    a.now === b.now &&
    a.language === b.language &&
    a.offline === b.offline &&
    a.favourite === b.favourite &&
    a.activity === b.activity,
)

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
