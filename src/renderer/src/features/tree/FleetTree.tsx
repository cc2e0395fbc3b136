import { Text } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { KeyboardEvent, ReactElement } from 'react'
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { parseQuery } from '../../../../shared/search/query'
import { cachedT } from '../../lib/cached-t'
import { useNow } from '../../lib/use-now'
import { useAddressStore } from '../../stores/address-store'
import type { Selection } from '../../stores/selection'
import { selectionKey } from '../../stores/selection'
import { useInventoryStore } from '../../stores/inventory-store'
import { useOffline, useShownFleet } from '../../stores/shown-fleet'
import { useTaskStore } from '../../stores/task-store'
import { useUiStore } from '../../stores/ui-store'
import { useWorkspaceStore } from '../../stores/workspace-store'
import { openBulk } from '../bulk/bulk-commands'
import { BulkMenu } from '../bulk/BulkMenu'
import type { PickMods } from '../bulk/multi-select'
import { pickOnClick } from '../bulk/multi-select'
import { SelectResults } from '../bulk/SelectResults'
import type { MenuRequest } from '../consoles/ConsoleMenu'
import { ConsoleMenu } from '../consoles/ConsoleMenu'
import { localTime } from '../inventory/inventory-format'
import { useRowHeight } from '../look/density'
import { refKey } from '../views/grouping'
import { viewKey } from '../views/view-keys'
import { guestActivities } from './guest-state'
import { asksIps } from './leaf-block'
import { consoleKey, domId, isPicked, multiKey, setRowExpanded, showDetails } from './tree-key-handlers'
import { treeKeyAction } from './tree-keys'
import { createTreeModel } from './tree-model'
import { TreeItem } from './TreeItem'
import '../bulk/bulk.css'
import '../views/views.css'

/** Rows rendered beyond each edge of the viewport: enough for smooth scrolling, few enough to stay ≤ 2× visible. */
const OVERSCAN = 6
const NO_IPS: ReadonlyMap<string, readonly string[]> | undefined = undefined

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
  const selectedIn = useUiStore((s) => s.selectedIn)
  // Guests picked for a bulk action: while there are some, they are the selected rows (the focus moves apart).
  const multi = useUiStore((s) => s.multi)
  const grouping = useWorkspaceStore((s) => s.preferences.grouping)
  const folders = useWorkspaceStore((s) => s.preferences.folders)
  const favourites = useWorkspaceStore((s) => s.preferences.favourites)
  // The density's row height (features/look/density.ts): what the virtualizer measures is what CSS draws.
  const rowHeight = useRowHeight()
  const starred = useMemo(() => new Set(favourites.map(refKey)), [favourites])
  // Learned addresses matter only to an `ip:` search: without one, a newly learned address rebuilds nothing.
  const wantsIps = useMemo(() => asksIps(parseQuery(filter.toLowerCase())), [filter])
  const allIps = useAddressStore((s) => s.byGuest)
  const ips = wantsIps ? allIps : NO_IPS
  const tasks = useTaskStore((s) => s.tasks)
  const activities = useMemo(() => guestActivities(tasks.values()), [tasks])
  // A model per fleet shown: the live tree's row caches are not churned by an inventory snapshot's rows, and
  // are still there when the live fleet is shown again (the tree stays mounted across the round trip).
  const snapshotId = useInventoryStore((s) => s.opened?.snapshotId)
  const liveModel = useMemo(() => createTreeModel(), [])
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new cache per opened snapshot
  const snapshotModel = useMemo(() => createTreeModel(), [snapshotId])
  const model = offline ? snapshotModel : liveModel
  const rows = useMemo(
    () => model({ clusters, trees, collapsed, filter, grouping, folders, favourites, ips }),
    [model, clusters, trees, collapsed, filter, grouping, folders, favourites, ips],
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
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
  })
  useEffect(() => {
    // Another density: every row's place changes.
    virtualizer.measure()
  }, [rowHeight, virtualizer])
  const activeIndex = useMemo(
    () => (selected === undefined ? -1 : rows.indexOf(selected, selectedIn)),
    [rows, selected, selectedIn],
  )
  const activeRowId = rows.at(activeIndex)?.id

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
    const row = rowsRef.current.at(index)
    ui.select(row?.target, row?.parentId)
    return true
  }, [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (!offline && multiKey(event, rows, activeIndex, activeRowId, setBulkMenu)) {
      event.preventDefault()
      return
    }
    if (selected !== undefined && consoleKey(event, selected, activeRowId, setMenu)) {
      event.preventDefault()
      return
    }
    if (!offline && viewKey(event)) {
      event.preventDefault()
      return
    }
    const row = rows.at(activeIndex)
    // Enter on a row with children opens or closes it, as a double click does.
    if (event.key === 'Enter' && !event.repeat && row?.hasChildren === true) {
      event.preventDefault()
      setRowExpanded(row.id, !row.expanded)
      return
    }
    const action = treeKeyAction(event.key, rows, activeIndex)
    if (action.type === 'none') return
    event.preventDefault()
    const { select, setMulti } = useUiStore.getState()
    if (action.type === 'focus') {
      const to = rows.at(action.index)
      const target = to?.target
      select(target, to?.parentId)
      // A plain move leaves the picked guests, as in a file explorer; the new row anchors the next range.
      setMulti(new Set(), target)
      showDetails()
    } else setRowExpanded(action.id, action.expanded)
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
        aria-activedescendant={activeRowId === undefined ? undefined : domId(activeRowId)}
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="fleet-tree"
        data-rows={rows.length}
        data-filter={filter}
        data-grouping={grouping}
        data-row-height={rowHeight}
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
                height={rowHeight}
                t={t}
                language={language}
                index={virtual.index}
                active={row.id === activeRowId}
                // Every row of the selected guest shows selected (it may be under two tags): one selection.
                selected={
                  picking
                    ? row.kind === 'guest' && multi.has(row.item.key)
                    : row.id === activeRowId ||
                      (row.kind === 'guest' && selectionKey(row.target) === selectedId)
                }
                favourite={row.kind === 'guest' && starred.has(refKey(row.item))}
                activity={row.kind === 'guest' ? activities.get(refKey(row.item)) : undefined}
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
