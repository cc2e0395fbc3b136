import type { ReactElement } from 'react'

/** A guest's snapshots as a tree with NOW, in the details pane. PLACEHOLDER: its lane replaces it; the name and props stay. */
export function GuestSnapshots(_props: { clusterId: string; vmid: number }): ReactElement | null {
  return null
}
