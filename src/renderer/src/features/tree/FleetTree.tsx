import { Text } from '@mantine/core'
import { Check } from 'lucide-react'
import type { TFunction } from 'i18next'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { KeyboardEvent, MouseEvent, ReactElement } from 'react'
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { cachedT } from '../../lib/cached-t'
import { useNow } from '../../lib/use-now'
import type { Selection } from '../../stores/selection'
import { selectionKey } from '../../stores/selection'
import { useInventoryStore } from '../../stores/inventory-store'
import { DETAILS_TAB, useConsoleStore } from '../../stores/console-store'
import { shownFleet, useOffline, useShownFleet } from '../../stores/shown-fleet'
import { useUiStore } from '../../stores/ui-store'
import { openBulk, selectAllResults } from '../bulk/bulk-commands'
import { BulkMenu } from '../bulk/BulkMenu'
import type { PickMods } from '../bulk/multi-select'
import { pickOnClick, pickOnMove } from '../bulk/multi-select'
import { SelectResults } from '../bulk/SelectResults'
import type { MenuRequest } from '../consoles/ConsoleMenu'
import { ConsoleMenu } from '../consoles/ConsoleMenu'
import { localTime } from '../inventory/inventory-format'
import { treeConsoleKey } from '../consoles/tree-console-key'
import { choicesFor, launch } from '../consoles/use-console-choices'
import { guestVisualState } from './guest-state'
import { rowLabel } from './row-label'
import { treeKeyAction } from './tree-keys'
import { createTreeModel } from './tree-model'
import type { TreeRow, TreeRows } from './tree-row'
import { TreeRowView } from './TreeRowView'
import '../bulk/bulk.css'

const ROW_HEIGHT = 28
/** Rows rendered beyond each edge of the viewport: enough for smooth scrolling, few enough to stay ≤ 2× visible. */
const OVERSCAN = 6
const domId = (rowId: string): string => `tree-row-${rowId}`

/**
 * The live multi-cluster tree: a WAI-ARIA `tree` whose rows are virtualized, so 10,000 guests cost a screenful
 * of DOM nodes. Focus is managed with `aria-activedescendant`; selection follows focus, as in a file explorer.
 * The rows come from a {@link createTreeModel} kept for the component's life, so a delta rebuilds only the rows
 * of the nodes it touches and only those rows render again.
 */
export function FleetTree(): ReactElement {
  const { t: translate, i18n } = useTranslation()
  const language = i18n.language
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new cache per language, whatever `translate`'s identity does
  const t = useMemo(() => cachedT(translate), [language])
  const offline = useOffline()
  // Offline, the tree says whose fleet it is: an inventory snapshot's, of a date, read-only.
  const takenAt = useInventoryStore((s) => s.opened?.manifest.takenAt)
  const offlineLabel =
    takenAt === undefined
      ? undefined
      : translate('inventory.tree.label', { date: localTime(takenAt, language) })
  const clusters = useShownFleet((s) => s.clusters)
  const trees = useShownFleet((s) => s.trees)
  const collapsed = useUiStore((s) => s.collapsed)
  // The keystroke paints at once; the tree follows in a render React may interrupt for the next keystroke.
  const filter = useDeferredValue(useUiStore((s) => s.filter))
  const selected = useUiStore((s) => s.selected)
  // Guests picked for a bulk action: while there are some, they are the selected rows (the focus moves apart).
  const multi = useUiStore((s) => s.multi)
  const setExpanded = useUiStore((s) => s.setExpanded)
  // A model per fleet shown: the live tree's row caches are not churned by an inventory snapshot's rows, and
  // are still there when the live fleet is shown again (the tree stays mounted across the round trip).
  const snapshotId = useInventoryStore((s) => s.opened?.snapshotId)
  const liveModel = useMemo(() => createTreeModel(), [])
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new cache per opened snapshot
  const snapshotModel = useMemo(() => createTreeModel(), [snapshotId])
  const model = offline ? snapshotModel : liveModel
  const rows = useMemo(
    () => model({ clusters, trees, collapsed, filter }),
    [model, clusters, trees, collapsed, filter],
  )
  const selectedId = selected === undefined ? undefined : selectionKey(selected)
  const picking = multi.size > 0 && !offline
  // The rows as of the last render, for the rows' stable click handler.
  const rowsRef = useRef(rows)
  rowsRef.current = rows
  const now = useNow(5_000)
  const scrollRef = useRef<HTMLDivElement>(null)
  // The virtualizer is read fresh on every render by design; this component does not rely on memoization.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  })
  const activeIndex = useMemo(() => (selected === undefined ? -1 : rows.indexOf(selected)), [rows, selected])

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' })
  }, [activeIndex, virtualizer])

  const [menu, setMenu] = useState<MenuRequest | undefined>(undefined)
  const [bulkMenu, setBulkMenu] = useState<{ x: number; y: number } | undefined>(undefined)
  const onMenu = useCallback((selection: Selection, x: number, y: number) => {
    // On one of several picked guests, the menu is the bulk one; elsewhere that row alone is selected.
    const ui = useUiStore.getState()
    const picked = ui.multi.size >= 2 && selection.kind === 'guest' && isPicked(ui.multi, selection)
    if (picked && !useInventoryStore.getState().opened) {
      setBulkMenu({ x, y })
      return
    }
    ui.clearMulti()
    ui.select(selection)
    setMenu({ selection, x, y })
  }, [])
  // Shift and Ctrl/Cmd clicks pick guests (live fleet only: nothing acts on an inventory snapshot's).
  const onPick = useCallback((index: number, mods: PickMods): boolean => {
    if (useInventoryStore.getState().opened !== undefined) return false
    const ui = useUiStore.getState()
    const picked = pickOnClick(ui, rowsRef.current, index, mods)
    if (picked === undefined) return false
    ui.setMulti(picked.multi, picked.anchor)
    ui.select(rowsRef.current.at(index)?.target)
    return true
  }, [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (!offline && multiKey(event, rows, activeIndex, setBulkMenu)) {
      event.preventDefault()
      return
    }
    if (selected !== undefined && consoleKey(event, selected, setMenu)) {
      event.preventDefault()
      return
    }
    const row = rows.at(activeIndex)
    // Enter on a row with children opens or closes it, as a double click does.
    if (event.key === 'Enter' && !event.repeat && row?.hasChildren === true) {
      event.preventDefault()
      setExpanded(row.id, !row.expanded)
      return
    }
    const action = treeKeyAction(event.key, rows, activeIndex)
    if (action.type === 'none') return
    event.preventDefault()
    const { select, setMulti } = useUiStore.getState()
    if (action.type === 'focus') {
      const target = rows.at(action.index)?.target
      select(target)
      // A plain move leaves the picked guests, as in a file explorer; the new row anchors the next range.
      setMulti(new Set(), target)
      showDetails()
    } else setExpanded(action.id, action.expanded)
  }

  // A search that matches nothing hides the tree rather than unmounting it: its element (focus, scroll) stays,
  // through a search and through an inventory snapshot opened and closed.
  const empty = rows.length === 0 && filter.trim() !== ''
  return (
    <>
      {offline ? null : <SelectResults filter={filter} />}
      {empty ? (
        <Text p="md" c="dimmed" role="status">
          {t('tree.empty', { filter })}
        </Text>
      ) : null}
      <div
        hidden={empty}
        ref={scrollRef}
        role="tree"
        aria-label={offlineLabel ?? t('tree.label')}
        aria-multiselectable={offline ? undefined : true}
        aria-activedescendant={activeIndex >= 0 && selectedId !== undefined ? domId(selectedId) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="fleet-tree"
        data-rows={rows.length}
        data-filter={filter}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((virtual) => {
            const row = rows.at(virtual.index)
            if (row === undefined) return null
            return (
              <TreeItem
                // Keyed by position: a search that changes every row on screen updates the same elements instead
                // of unmounting and mounting a screenful of them.
                key={virtual.index}
                row={row}
                top={virtual.start}
                t={t}
                language={language}
                index={virtual.index}
                active={row.id === selectedId}
                selected={picking ? row.kind === 'guest' && multi.has(row.item.key) : row.id === selectedId}
                picking={picking}
                onMenu={onMenu}
                onPick={onPick}
                offline={offline}
                // Only a stale cluster row shows an age: the others need not render when the clock ticks.
                now={row.kind === 'cluster' && row.status.stale ? now : 0}
              />
            )
          })}
        </div>
      </div>
      {/* Outside the tree: keys pressed in the menu must not bubble (through the portal) to the tree's. */}
      {menu === undefined ? null : (
        <ConsoleMenu
          request={menu}
          onClose={() => {
            setMenu(undefined)
            // Back to the tree, on the row the menu was for (the menu's own target is no focusable element).
            scrollRef.current?.focus()
          }}
        />
      )}
      {bulkMenu === undefined ? null : (
        <BulkMenu
          x={bulkMenu.x}
          y={bulkMenu.y}
          count={multi.size}
          onChoose={openBulk}
          onClose={() => {
            setBulkMenu(undefined)
            scrollRef.current?.focus()
          }}
        />
      )}
    </>
  )
}

const isPicked = (multi: ReadonlySet<string>, guest: Selection & { kind: 'guest' }): boolean => {
  const key = shownFleet().trees[guest.clusterId]?.guests.get(guest.vmid)?.key
  return key !== undefined && multi.has(key)
}

/**
 * The keys that pick guests: Shift+Up/Down extend the range from the anchor, Ctrl/Cmd+A picks every guest the
 * search matches, Escape drops the picked guests, and the context-menu key (Shift+F10) opens the bulk menu while
 * several are picked. True when the key was taken.
 */
function multiKey(
  event: KeyboardEvent<HTMLDivElement>,
  rows: TreeRows,
  activeIndex: number,
  setBulkMenu: (at: { x: number; y: number }) => void,
): boolean {
  const ui = useUiStore.getState()
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
    selectAllResults()
    return true
  }
  if (event.key === 'Escape' && ui.multi.size > 0) {
    ui.clearMulti()
    return true
  }
  const menuKey = event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey && !event.ctrlKey)
  if (menuKey && ui.multi.size >= 2) {
    const box = event.currentTarget.getBoundingClientRect()
    const row =
      ui.selected === undefined
        ? undefined
        : document.getElementById(domId(selectionKey(ui.selected)))?.getBoundingClientRect()
    setBulkMenu({ x: (row ?? box).left + 24, y: row === undefined ? box.top : row.top + row.height })
    return true
  }
  if (!event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return false
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return false
  const to = Math.max(0, Math.min(rows.length - 1, activeIndex + (event.key === 'ArrowDown' ? 1 : -1)))
  const picked = pickOnMove(ui, rows, activeIndex < 0 ? to : activeIndex, to)
  if (picked === undefined) return false
  ui.setMulti(picked.multi, picked.anchor)
  ui.select(rows.at(to)?.target)
  return true
}

/** Choosing a row in the tree asks for its details: the workspace shows its Details tab. */
const showDetails = (): void => {
  useConsoleStore.getState().activate(DETAILS_TAB)
}

/**
 * The console keys on the selected row (see {@link treeConsoleKey}); the context-menu key opens the menu under
 * the row. True when the key was taken.
 */
function consoleKey(
  event: KeyboardEvent<HTMLDivElement>,
  selected: Selection,
  setMenu: (request: MenuRequest) => void,
): boolean {
  if (selected.kind !== 'node' && selected.kind !== 'guest') return false
  const action = treeConsoleKey(event, choicesFor(shownFleet(), selected))
  if (action.type === 'menu') {
    const row = document.getElementById(domId(selectionKey(selected)))?.getBoundingClientRect()
    const box = row ?? event.currentTarget.getBoundingClientRect()
    setMenu({ selection: selected, x: box.left + 24, y: box.top + (row ? box.height : 0) })
  } else if (action.type === 'launch') launch(selected.clusterId, action.choice)
  return action.type !== 'none'
}

interface TreeItemProps {
  row: TreeRow
  /** The row's position in the list (its element's key: constant for the element). */
  index: number
  top: number
  /** Shown selected: one of the picked guests while some are, else the focused row. */
  selected: boolean
  /** The focused row (outlined while guests are picked). */
  active: boolean
  /** Guests are picked: selected rows get a tick. */
  picking: boolean
  now: number
  t: TFunction
  /** Renders the row again when the language changes, whatever `t`'s identity does. */
  language: string
  /** Opens the console menu of a row (stable: the tree's one callback). */
  onMenu: (selection: Selection, x: number, y: number) => void
  /** Shift/Ctrl click (stable): true when it picked guests rather than selecting the row alone. */
  onPick: (index: number, mods: PickMods) => boolean
  /** The row is an opened inventory snapshot's. */
  offline: boolean
}

/**
 * One row; rendered again only when its row object, position, selection, the language or (stale clusters) the
 * clock change. `t` is the tree's: one `useTranslation` per row costs more than the row itself.
 */
const TreeItem = memo(
  function TreeItem({
    row,
    index,
    top,
    selected,
    active,
    picking,
    now,
    t,
    onMenu,
    onPick,
    offline,
  }: TreeItemProps): ReactElement {
    const onClick = useCallback(
      (event: MouseEvent<HTMLDivElement>) => {
        const mods = { range: event.shiftKey, toggle: event.ctrlKey || event.metaKey }
        if ((mods.range || mods.toggle) && onPick(index, mods)) return
        const ui = useUiStore.getState()
        ui.select(row.target)
        ui.setMulti(new Set(), row.target)
        showDetails()
        if (row.hasChildren && (event.target as Element).closest('[data-chevron]') !== null) {
          ui.setExpanded(row.id, !row.expanded)
        }
      },
      [row, index, onPick],
    )
    const onDoubleClick = useCallback(() => {
      if (row.hasChildren) useUiStore.getState().setExpanded(row.id, !row.expanded)
    }, [row])
    const onContextMenu = useCallback(
      (event: MouseEvent<HTMLDivElement>) => {
        if (row.kind !== 'node' && row.kind !== 'guest') return
        event.preventDefault()
        onMenu(row.target, event.clientX, event.clientY)
      },
      [row, onMenu],
    )
    return (
      <div
        id={domId(row.id)}
        role="treeitem"
        aria-level={row.level}
        aria-posinset={row.posinset}
        aria-setsize={row.setsize}
        aria-expanded={row.hasChildren ? row.expanded : undefined}
        aria-selected={selected}
        aria-label={rowLabel(row, t, offline)}
        data-kind={row.kind}
        data-state={rowState(row)}
        data-active={picking && active ? true : undefined}
        className="fleet-tree-row"
        onClick={onClick}
        onDoubleClick={onDoubleClick}
        onContextMenu={onContextMenu}
        style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      >
        {picking && selected ? <Check className="tree-pick" size={12} aria-hidden="true" /> : null}
        <TreeRowView row={row} now={now} t={t} offline={offline} />
      </div>
    )
  },
  (a, b) =>
    a.row === b.row &&
    a.top === b.top &&
    a.selected === b.selected &&
    a.active === b.active &&
    a.picking === b.picking &&
    a.index === b.index &&
    a.now === b.now &&
    a.language === b.language &&
    a.offline === b.offline,
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
