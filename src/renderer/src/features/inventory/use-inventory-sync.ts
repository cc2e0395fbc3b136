import { useEffect } from 'react'

import { pveDesk } from '../../api/client'
import { useInventoryStore } from '../../stores/inventory-store'

/** Files named on the command line open once per window, at start, not again at every listing. */
let argumentsOpened = false

/**
 * Keeps the files list in step with main: listed at start (a file named on the command line then opens at once),
 * and again whenever a capture wrote a new file.
 */
export function useInventorySync(): void {
  useEffect(() => {
    const store = useInventoryStore.getState
    void store()
      .refreshFiles()
      .then(async () => {
        if (argumentsOpened) return
        argumentsOpened = true
        const first = store().files.find((f) => f.source === 'argument')
        if (first !== undefined && store().opened === undefined) await store().openFile(first.fileId)
      })
    let stop: (() => void) | undefined
    try {
      stop = pveDesk().onInventoryCaptured((finished) => {
        if (finished.ok) void store().refreshFiles()
      })
    } catch {
      // No bridge (a test's partial one): no captures to hear of either.
    }
    return () => stop?.()
  }, [])
}
