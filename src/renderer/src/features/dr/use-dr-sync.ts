import { useEffect } from 'react'

import { pveDesk } from '../../api/client'
import { subscribeDr } from '../../stores/dr-store'

/**
 * Follows main's DR report and alerts for the window's whole life, DR view open or not: the toasts must come
 * when a replica falls behind while the operator looks at something else.
 */
export function useDrSync(): void {
  useEffect(() => {
    let stop: (() => void) | undefined
    try {
      stop = subscribeDr(pveDesk())
    } catch {
      // No DR events (an older main, a bridge without them): the rest of the window works without them.
    }
    return () => stop?.()
  }, [])
}
