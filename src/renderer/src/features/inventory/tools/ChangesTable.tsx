import { Badge, Text, UnstyledButton } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { CSSProperties, ReactElement } from 'react'
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'

import type { InventoryChange } from '../../../../../shared/model/inventory-snapshot'
import { compactValue } from './diff-filter'

const ROW_HEIGHT = 34
/** Up to this many rows are all in the page; beyond, only those in view (a 10,000-guest diff is long). */
export const VIRTUALIZE_AFTER = 150
const COLUMNS = 'minmax(0, 2.4fr) minmax(0, 0.9fr) minmax(0, 1.2fr) minmax(0, 3.6fr) minmax(0, 0.9fr)'

const KIND_COLOR: Record<InventoryChange['kind'], string> = {
  added: 'green',
  removed: 'red',
  changed: 'blue',
  moved: 'violet',
  renamed: 'cyan',
}

const cell: CSSProperties = {
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  minWidth: 0,
}
const rowStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: COLUMNS,
  gap: 12,
  alignItems: 'center',
  height: ROW_HEIGHT,
  padding: '0 8px',
  borderBottom: '1px solid var(--mantine-color-default-border)',
}

/**
 * The changes as rows (subject, kind, field, before → after, site), long lists virtualized. A change that names
 * an item is a link: it opens the inventory snapshot that holds it (the newer; the older for a removed item)
 * with that item selected.
 */
export function ChangesTable({
  changes,
  onOpen,
}: {
  changes: readonly InventoryChange[]
  onOpen: (change: InventoryChange) => void
}): ReactElement {
  const { t } = useTranslation()
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtual = changes.length > VIRTUALIZE_AFTER
  // The virtualizer is read fresh on every render by design; this component does not rely on memoization.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtual ? changes.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  })
  const row = (change: InventoryChange, index: number, style?: CSSProperties): ReactElement => (
    <ChangeRow key={index} change={change} index={index} style={style} onOpen={onOpen} />
  )
  return (
    <div role="table" aria-label={t('audit.diff.title')} aria-rowcount={changes.length + 1}>
      <div role="row" style={{ ...rowStyle, fontWeight: 600 }} aria-rowindex={1}>
        <Text size="sm" fw={600} role="columnheader" style={cell}>
          {t('audit.diff.subject')}
        </Text>
        <Text size="sm" fw={600} role="columnheader" style={cell}>
          {t('audit.diff.kind')}
        </Text>
        <Text size="sm" fw={600} role="columnheader" style={cell}>
          {t('audit.diff.field')}
        </Text>
        <Text size="sm" fw={600} role="columnheader" style={cell}>
          {t('audit.diff.change')}
        </Text>
        <Text size="sm" fw={600} role="columnheader" style={cell}>
          {t('audit.diff.site')}
        </Text>
      </div>
      <div
        ref={scrollRef}
        role="rowgroup"
        style={{ maxHeight: '55vh', overflowY: 'auto' }}
        data-testid="diff-rows"
        data-virtual={virtual ? 'true' : 'false'}
      >
        {virtual ? (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const change = changes[item.index]
              if (change === undefined) return null
              return row(change, item.index, {
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${item.start}px)`,
              })
            })}
          </div>
        ) : (
          changes.map((change, index) => row(change, index))
        )}
      </div>
    </div>
  )
}

function ChangeRow({
  change,
  index,
  style,
  onOpen,
}: {
  change: InventoryChange
  index: number
  style: CSSProperties | undefined
  onOpen: (change: InventoryChange) => void
}): ReactElement {
  const { t } = useTranslation()
  const before = compactValue(change.before)
  const after = compactValue(change.after)
  const absent = t('audit.diff.absent')
  const values =
    change.before === undefined && change.after === undefined
      ? ''
      : `${change.before === undefined ? absent : before} → ${change.after === undefined ? absent : after}`
  const key = change.key
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      style={{ ...rowStyle, ...style }}
      data-category={change.category}
      data-kind={change.kind}
      data-key={key}
    >
      <div role="cell" style={cell}>
        {key === undefined ? (
          <Text size="sm" style={cell} title={change.subject}>
            {change.subject}
          </Text>
        ) : (
          <UnstyledButton
            onClick={() => onOpen(change)}
            title={t(change.kind === 'removed' ? 'audit.diff.openOlderHint' : 'audit.diff.openHint')}
            style={{ ...cell, display: 'block', maxWidth: '100%' }}
          >
            <Text size="sm" c="blue.7" td="underline" style={cell} component="span">
              {change.subject}
            </Text>
          </UnstyledButton>
        )}
      </div>
      <div role="cell" style={cell}>
        <Badge size="sm" variant="light" color={KIND_COLOR[change.kind]} tt="none">
          {t(`audit.diff.kinds.${change.kind}`)}
        </Badge>
      </div>
      <Text role="cell" size="sm" ff="monospace" style={cell} title={change.field}>
        {change.field ?? ''}
      </Text>
      <Text
        role="cell"
        size="sm"
        ff="monospace"
        style={cell}
        title={
          values === ''
            ? undefined
            : `${compactValue(change.before, 4000)} → ${compactValue(change.after, 4000)}`
        }
      >
        {values}
      </Text>
      <Text role="cell" size="sm" style={cell}>
        {change.site ?? ''}
      </Text>
    </div>
  )
}
