import type { ReactElement } from 'react'

/** Take an inventory snapshot (header button, progress, cancel). Filled by the tools lane. */
export function CaptureButton(): ReactElement | null {
  return null
}
