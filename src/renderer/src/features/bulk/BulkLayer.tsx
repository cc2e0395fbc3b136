import type { ReactElement } from 'react'

/** The bulk-action dialog: preview, run, per-guest results. PLACEHOLDER: its lane replaces it; the name and props stay. */
export function BulkLayer(): ReactElement | null {
  return null
}
