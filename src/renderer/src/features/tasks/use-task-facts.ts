import { useMemo } from 'react'

import { useFleetStore } from '../../stores/fleet-store'
import { useTaskStore } from '../../stores/task-store'
import type { TaskFacts } from './task-rows'
import { taskFacts } from './task-rows'

/**
 * Every task known now with its cluster's name, its node's site and its guest's name from the live fleet.
 * Recomputed when the tasks or the fleet change (a poll), not on a filter typed.
 */
export function useTaskFacts(): TaskFacts[] {
  const tasks = useTaskStore((s) => s.tasks)
  const clusters = useFleetStore((s) => s.clusters)
  const items = useFleetStore((s) => s.items)
  return useMemo(
    () =>
      [...tasks.values()]
        .filter((t) => Object.hasOwn(clusters, t.clusterId))
        .map((t) => taskFacts(t, clusters, items)),
    [tasks, clusters, items],
  )
}
