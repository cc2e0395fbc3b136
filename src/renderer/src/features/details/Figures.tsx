import { Table } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'

/** A two-column list of labelled figures: the details pane's building block. */
export function Figures({ rows }: { rows: [label: string, value: ReactNode][] }): ReactElement {
  return (
    <Table withRowBorders={false} verticalSpacing={4} horizontalSpacing="xs" fz="sm">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" c="dimmed" fw={500} w="40%">
              {label}
            </Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
