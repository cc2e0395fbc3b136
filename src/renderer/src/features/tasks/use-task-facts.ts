import { useMemo, useState } from 'react'

import { useFleetStore } from '../../stores/fleet-store'
import { useTaskStore } from '../../stores/task-store'
import type { TaskFacts } from './task-rows'
import { factsCache } from './task-rows'

/**
 * Every task known now with its cluster's name, its node's site and its guest's name from the live fleet.
 * Looked at when the tasks or the fleet change (a poll), not on a filter typed; each task's facts are rebuilt
 * only when they changed (see `reuseFacts`), and the list itself is kept when none did. Only the open
 * dock calls this: a closed one computes nothing per poll.
 */
export function useTaskFacts(): readonly TaskFacts[] {
  const tasks = useTaskStore((s) => s.tasks)
  const clusters = useFleetStore((s) => s.clusters)
  const items = useFleetStore((s) => s.items)
  const [cached] = useState(factsCache)
  return useMemo(() => cached(tasks, clusters, items), [cached, tasks, clusters, items])
}
