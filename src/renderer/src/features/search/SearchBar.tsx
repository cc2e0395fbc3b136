import { Group } from '@mantine/core'
import type { ReactElement } from 'react'

import { CommandPalette } from '../palette/CommandPalette'
import { ExportCsvButton } from './ExportCsvButton'
import { SearchBox } from './SearchBox'

/** The header's search: the box, the CSV export of the view beside it, and the command palette (Ctrl+K). */
export function SearchBar(): ReactElement {
  return (
    <Group gap={4} wrap="nowrap">
      <SearchBox />
      <ExportCsvButton />
      <CommandPalette />
    </Group>
  )
}
