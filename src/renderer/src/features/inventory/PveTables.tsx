import { Badge, Button, ScrollArea, Table, Text, Title } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { JsonValue, PveObject } from '../../../../shared/model/inventory-snapshot'
import { isRedacted, pveText } from './inventory-format'

/** One part of the captured configuration, under its title; `undefined` content was not captured. */
export function CapturedSection({
  title,
  value,
  children,
}: {
  title: string
  /** The captured part: undefined = not captured (its call is in the issues), an empty list = captured, empty. */
  value: unknown
  children: ReactNode
}): ReactElement {
  const { t } = useTranslation()
  const empty = Array.isArray(value) ? value.length === 0 : value !== undefined && isEmptyObject(value)
  return (
    <section aria-label={title} data-section={title}>
      <Title order={5} mb={4}>
        {title}
      </Title>
      {value === undefined ? (
        <Text size="sm" c="orange" data-captured="absent">
          {t('inventory.captured.notCaptured')}
        </Text>
      ) : empty ? (
        <Text size="sm" c="dimmed" data-captured="empty">
          {t('inventory.captured.empty')}
        </Text>
      ) : (
        children
      )}
    </section>
  )
}

const isEmptyObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0

/** A value as PVE gave it; a redacted one is shown as such, never as if it were the value. */
export function PveValue({ value }: { value: JsonValue | undefined }): ReactElement {
  const { t } = useTranslation()
  if (isRedacted(value))
    return (
      <Badge size="sm" variant="outline" color="gray" tt="none" data-redacted="true">
        {t('inventory.captured.redacted')}
      </Badge>
    )
  return <>{pveText(value)}</>
}

const collator = new Intl.Collator(undefined, { numeric: true })

/** An object of a PVE answer (a guest's config, a node's DNS) as key/value rows, keys sorted. */
export function KeyValueTable({ object, label }: { object: PveObject; label: string }): ReactElement {
  const { t } = useTranslation()
  const keys = Object.keys(object).sort(collator.compare)
  return (
    <Table fz="sm" verticalSpacing={2} horizontalSpacing="xs" withRowBorders aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="30%">{t('inventory.captured.key')}</Table.Th>
          <Table.Th>{t('inventory.captured.value')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {keys.map((key) => (
          <Table.Tr key={key} data-key={key}>
            <Table.Td ff="monospace">{key}</Table.Td>
            <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
              <PveValue value={object[key]} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

/**
 * A list of a PVE answer (firewall rules, certificates, network interfaces) as a table of the columns named,
 * PVE's own field names as headers; `cells` renders a column its own way (a date, an expiry).
 */
export function ListTable({
  rows,
  columns,
  label,
  cells = {},
  maxHeight = 360,
}: {
  rows: readonly PveObject[]
  columns: readonly string[]
  label: string
  cells?: Record<string, (row: PveObject) => ReactNode>
  maxHeight?: number
}): ReactElement {
  const { t } = useTranslation()
  // A few hundred rows at first: a file with a hundred thousand firewall rules must not freeze the window.
  const [all, setAll] = useState(rows.length <= FIRST_ROWS)
  const shown = columns.filter((c) => rows.some((r) => r[c] !== undefined) || cells[c] !== undefined)
  return (
    <>
      <ScrollArea.Autosize mah={maxHeight} type="auto">
        <Table fz="sm" verticalSpacing={2} horizontalSpacing="xs" striped aria-label={label} stickyHeader>
          <Table.Thead>
            <Table.Tr>
              {shown.map((c) => (
                <Table.Th key={c} ff="monospace" fw={600}>
                  {c}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(all ? rows : rows.slice(0, FIRST_ROWS)).map((row, i) => (
              <Table.Tr key={i}>
                {shown.map((c) => (
                  <Table.Td key={c} ff="monospace" style={{ wordBreak: 'break-word' }}>
                    {cells[c]?.(row) ?? <PveValue value={row[c]} />}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {all ? null : (
        <Button size="compact-xs" variant="subtle" mt={4} onClick={() => setAll(true)}>
          {t('inventory.captured.show', { count: rows.length })}
        </Button>
      )}
    </>
  )
}

/** Rows a list shows before "Show all". */
export const FIRST_ROWS = 200
