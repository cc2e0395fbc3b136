import type { ReactElement } from 'react'

/** The files panel's tools: Compare…, Schedule…, Signing key…. Filled by the tools lane. */
export function InventoryToolbar(): ReactElement | null {
  return null
}
