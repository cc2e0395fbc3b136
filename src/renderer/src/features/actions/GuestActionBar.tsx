import type { ReactElement } from 'react'

/** The action buttons of a guest in the details pane. PLACEHOLDER: its lane replaces it; the name and props stay. */
export function GuestActionBar(_props: { clusterId: string; vmid: number }): ReactElement | null {
  return null
}
