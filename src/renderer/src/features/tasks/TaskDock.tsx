import type { ReactElement } from 'react'

/** The task timeline docked under the workspace: running, recent, failed; filters; log viewer. PLACEHOLDER: its lane replaces it; the name and props stay. */
export function TaskDock(): ReactElement | null {
  return null
}
