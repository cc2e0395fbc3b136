import type { ReactElement } from 'react'

/** The header's tasks button: running count, opens the dock. PLACEHOLDER: its lane replaces it; the name and props stay. */
export function TasksButton(): ReactElement | null {
  return null
}
