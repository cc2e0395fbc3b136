import type { ReactElement } from 'react'

/** The dialogs of guest actions (confirmations, migrate, backup, snapshots) and the action keyboard shortcuts. PLACEHOLDER: its lane replaces it; the name and props stay. */
export function ActionsLayer(): ReactElement | null {
  return null
}
