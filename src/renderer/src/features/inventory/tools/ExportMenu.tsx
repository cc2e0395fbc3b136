import type { ReactElement } from 'react'

/** Export the opened inventory snapshot (XLSX, CSV, JSON, HTML, PDF). Filled by the tools lane. */
export function ExportMenu(_props: { snapshotId: string }): ReactElement | null {
  return null
}
