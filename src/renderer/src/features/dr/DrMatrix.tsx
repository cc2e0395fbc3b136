import './dr.css'

import { Chip, Group, Switch, Text, TextInput, Tooltip } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { ArrowDown, ArrowUp, Search } from 'lucide-react'
import type { KeyboardEvent, ReactElement } from 'react'
import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { DrReport } from '../../../../shared/model/dr'
import { useNow } from '../../lib/use-now'
import { DrMatrixRow } from './DrMatrixRow'
import type { MatrixRow, MatrixSort, RatedLevel, SortKey } from './dr-rows'
import { DEFAULT_SORT, RATED_LEVELS, matrixRows, shownRows } from './dr-rows'
import { selectRow } from './dr-select'

const ROW_HEIGHT = 68
const COLUMNS: readonly { key: string; sort?: SortKey }[] = [
  { key: 'level', sort: 'level' },
  { key: 'guest', sort: 'guest' },
  { key: 'reasons', sort: 'reasons' },
  { key: 'site', sort: 'site' },
  { key: 'replication', sort: 'replication' },
  { key: 'ha' },
  { key: 'backup', sort: 'backup' },
  { key: 'jobs' },
]

/**
 * The DR matrix: one row per guest of the report, rated guests only unless « Tous les invités », filtered by the
 * tree's search syntax and the level chips, sorted (red first by default), virtualized so that 10,000 guests
 * scroll as 20. `offline`: a snapshot's report, its ages measured at capture.
 */
export function DrMatrix({
  report,
  onChoose = selectRow,
}: {
  report: DrReport
  onChoose?: (row: MatrixRow) => void
}): ReactElement {
  const { t } = useTranslation()
  const [query, setQuery] = useState('')
  const [levels, setLevels] = useState<string[]>([...RATED_LEVELS])
  const [all, setAll] = useState(false)
  const [sort, setSort] = useState<MatrixSort>(DEFAULT_SORT)
  const [focusIndex, setFocusIndex] = useState(0)
  const scrollRef = useRef<HTMLDivElement>(null)
  const headRef = useRef<HTMLDivElement>(null)
  // Ages in the words (« il y a 12 min ») are the report's; a stale-since age moves with the clock.
  const nowSeconds = Math.floor(useNow(30_000) / 1000)
  // Typing stays quick at 10,000 rows: the filter runs on the deferred text.
  const deferredQuery = useDeferredValue(query)

  const rows = useMemo(() => matrixRows(report), [report])
  const shown = useMemo(
    () => shownRows(rows, { query: deferredQuery, levels: new Set(levels as RatedLevel[]), all }, sort),
    [rows, deferredQuery, levels, all, sort],
  )
  // The virtualizer is read fresh on every render by design; this component does not rely on memoization.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  })
  const focused = Math.min(focusIndex, Math.max(0, shown.length - 1))

  const onRowKey = useCallback(
    (event: KeyboardEvent<HTMLDivElement>, index: number): void => {
      const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1)
      let next: number | undefined
      if (event.key === 'Enter' || event.key === ' ') {
        const row = shown[index]
        if (row !== undefined) onChoose(row)
      } else if (event.key === 'ArrowDown') next = index + 1
      else if (event.key === 'ArrowUp') next = index - 1
      else if (event.key === 'PageDown') next = index + page
      else if (event.key === 'PageUp') next = index - page
      else if (event.key === 'Home') next = 0
      else if (event.key === 'End') next = shown.length - 1
      else return
      event.preventDefault()
      if (next === undefined) return
      const to = Math.min(Math.max(next, 0), shown.length - 1)
      setFocusIndex(to)
      virtualizer.scrollToIndex(to, { align: 'auto' })
      const key = shown[to]?.key
      if (key === undefined) return
      requestAnimationFrame(() => {
        scrollRef.current?.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(key)}"]`)?.focus()
      })
    },
    [shown, onChoose, virtualizer],
  )

  const sortBy = (key: SortKey): void => {
    setSort((s) =>
      s.key === key
        ? { key, descending: !s.descending }
        : { key, descending: key !== 'level' && key !== 'guest' && key !== 'site' },
    )
  }

  return (
    <div className="dr-matrix" data-testid="dr-matrix">
      <Group gap="sm" wrap="wrap" mb="xs">
        <TextInput
          size="xs"
          w={360}
          leftSection={<Search size={14} aria-hidden="true" />}
          placeholder={t('dr.matrix.search')}
          aria-label={t('dr.matrix.search')}
          value={query}
          onChange={(event) => setQuery(event.currentTarget.value)}
          data-testid="dr-search"
        />
        <Chip.Group multiple value={levels} onChange={setLevels}>
          <Group gap={6} role="group" aria-label={t('dr.matrix.levelFilter')}>
            {RATED_LEVELS.map((level) => (
              <Chip
                key={level}
                value={level}
                size="xs"
                color={level === 'amber' ? 'orange' : level}
                data-testid={`dr-level-${level}`}
              >
                {t(`dr.level.${level}`)} ({report.counts[level]})
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <Tooltip label={t('dr.matrix.allGuestsHint')} withinPortal>
          <Switch
            size="xs"
            label={`${t('dr.matrix.allGuests')} (${report.guests.length})`}
            checked={all}
            onChange={(event) => setAll(event.currentTarget.checked)}
            data-testid="dr-all"
          />
        </Tooltip>
        <Text size="xs" c="dimmed" aria-live="polite" data-testid="dr-shown">
          {t('dr.matrix.shown', { count: shown.length })}
        </Text>
      </Group>
      <div
        className="dr-table"
        role="table"
        aria-label={t('dr.matrix.label')}
        aria-rowcount={shown.length + 1}
      >
        <div role="rowgroup" className="dr-table-head" ref={headRef}>
          <div role="row" className="dr-grid" aria-rowindex={1}>
            {COLUMNS.map((c) => {
              const label = t(`dr.matrix.column.${c.key}`)
              const active = c.sort !== undefined && sort.key === c.sort
              return (
                <div
                  role="columnheader"
                  key={c.key}
                  className="dr-cell"
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
                >
                  {c.sort === undefined ? (
                    label
                  ) : (
                    <button
                      type="button"
                      className="dr-sort"
                      onClick={() => c.sort !== undefined && sortBy(c.sort)}
                      aria-label={t('dr.matrix.sortBy', { column: label })}
                      data-testid={`dr-sort-${c.key}`}
                    >
                      {label}
                      {active ? (
                        sort.descending ? (
                          <ArrowDown size={12} aria-hidden="true" />
                        ) : (
                          <ArrowUp size={12} aria-hidden="true" />
                        )
                      ) : null}
                    </button>
                  )}
                </div>
              )
            })}
          </div>
        </div>
        <div
          ref={scrollRef}
          className="dr-table-scroll"
          role="rowgroup"
          onScroll={(event) => {
            if (headRef.current !== null) headRef.current.scrollLeft = event.currentTarget.scrollLeft
          }}
        >
          {shown.length === 0 ? (
            <div className="dr-table-empty" role="row">
              <div role="cell">{t('dr.matrix.empty')}</div>
            </div>
          ) : (
            <div className="dr-table-rows" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = shown[item.index]
                if (row === undefined) return null
                return (
                  <DrMatrixRow
                    key={row.key}
                    matrixRow={row}
                    index={item.index}
                    top={item.start}
                    height={ROW_HEIGHT}
                    focusable={item.index === focused}
                    nowSeconds={nowSeconds}
                    onChoose={onChoose}
                    onKeyDown={onRowKey}
                  />
                )
              })}
            </div>
          )}
        </div>
      </div>
    </div>
  )
}
