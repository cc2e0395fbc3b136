import { useEffect, useRef, useState } from 'react'

import { cancelWith, pveDesk, unwrap } from '../../api/client'
import type { FetchLogPage, LogView } from './log-follower'
import { LogFollower } from './log-follower'

export interface TaskLog {
  view: LogView
  loadEarlier: () => void
}

const INITIAL: LogView = { lines: [], total: 0, running: true, loading: true, hasEarlier: false }

/**
 * A task's log while the viewer shows it: read, then followed every second while the task runs. The follower
 * is disposed when the viewer closes or shows another task, so no read outlives the viewer.
 */
export function useTaskLog(clusterId: string, upid: string): TaskLog {
  const [view, setView] = useState<LogView>(INITIAL)
  const follower = useRef<LogFollower | undefined>(undefined)
  useEffect(() => {
    const fetchPage: FetchLogPage = (start, limit, signal) =>
      unwrap(pveDesk().taskLog({ clusterId, upid, start, limit }, cancelWith(signal)))
    const next = new LogFollower(fetchPage, setView)
    follower.current = next
    next.start()
    return () => {
      next.dispose()
      if (follower.current === next) follower.current = undefined
    }
  }, [clusterId, upid])
  return { view, loadEarlier: () => follower.current?.loadEarlier() }
}
