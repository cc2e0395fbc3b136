import { create } from 'zustand'

import type { PveTask, TaskDelta } from '../../../shared/model/task'
import { useTaskDock } from './task-dock-store'

/**
 * The task timeline as the renderer knows it: every task main reports, keyed `<clusterId>/<upid>`, from
 * `task:list` and `task:delta`. Deltas carry whole tasks and no sequence number, so the start-up's
 * subscribe-then-list can bring one task twice or in the wrong order (a delta of "running" read before a list
 * that already says "OK"): {@link mergeTask} keeps what cannot go back (an end, `mine`, the HA request), so
 * applying either again changes nothing.
 */

/** At most this many tasks per cluster (main keeps 1,000): the oldest ended ones go first. */
export const MAX_TASKS_PER_CLUSTER = 1_000
/** Ended tasks told at once (toasts); older ones are still in the dock. Failures may exceed it, see below. */
export const MAX_NOTICES = 4
/** Failures stay until dismissed, but not without end (a 10^6-guest bulk that fails, a hostile main). */
export const MAX_FAILURE_NOTICES = 50

/** A failure (or a lost task) is what an operator must not miss: it stays while later successes come. */
const isFailure = (task: PveTask): boolean => task.state === 'error' || task.state === 'unknown'

/**
 * The notices kept when one more is told: over {@link MAX_NOTICES}, the oldest success goes first, then the
 * oldest warning; failures only ever go beyond {@link MAX_FAILURE_NOTICES} (oldest first) or when dismissed.
 */
export function keepNotices(notices: readonly PveTask[]): PveTask[] {
  const kept = [...notices]
  const dropOldest = (which: (task: PveTask) => boolean): boolean => {
    const index = kept.findIndex(which)
    if (index < 0) return false
    kept.splice(index, 1)
    return true
  }
  while (kept.length > MAX_NOTICES) {
    if (dropOldest((n) => n.state === 'ok')) continue
    if (dropOldest((n) => !isFailure(n))) continue
    break
  }
  return kept.slice(-MAX_FAILURE_NOTICES)
}

export interface TaskStore {
  loaded: boolean
  /** Replaced, never mutated, on each change (selectors compare by reference). */
  tasks: ReadonlyMap<string, PveTask>
  /** The tasks PVE Desk started that ended and are not dismissed yet, oldest first. */
  notices: readonly PveTask[]
  load: (tasks: readonly PveTask[]) => void
  applyDelta: (delta: TaskDelta) => void
  /** A task PVE Desk started ended: the store takes its final state and, when `notify`, a toast for it. */
  ended: (task: PveTask, notify: boolean) => void
  dismissNotice: (key: string) => void
  /** A cluster removed from PVE Desk: its tasks go (main stops reporting them). */
  dropCluster: (clusterId: string) => void
}

const ended = (task: PveTask): boolean => task.state !== 'running'

/**
 * One task from two reports of it: an ended state wins over `running` whatever the order (a task never runs
 * again), `mine` and `requestUpid` once known stay (the tracker may learn them after the list was read).
 */
export function mergeTask(known: PveTask | undefined, incoming: PveTask): PveTask {
  if (known === undefined) return incoming
  const base = ended(known) && !ended(incoming) ? known : incoming
  const mine = known.mine || incoming.mine
  const requestUpid = incoming.requestUpid ?? known.requestUpid
  if (base.mine === mine && base.requestUpid === requestUpid) return base
  return { ...base, mine, ...(requestUpid === undefined ? {} : { requestUpid }) }
}

/** Same task, same report: nothing to render again. */
const sameTask = (a: PveTask, b: PveTask): boolean =>
  a.state === b.state &&
  a.endtime === b.endtime &&
  a.exitstatus === b.exitstatus &&
  a.mine === b.mine &&
  a.requestUpid === b.requestUpid &&
  a.vmid === b.vmid

/**
 * Keeps each cluster within {@link MAX_TASKS_PER_CLUSTER}: a hostile or buggy main (or a cluster with 10^6
 * tasks) cannot grow the renderer without end. Running tasks are kept over ended ones; among those, newer first.
 */
export function boundTasks(tasks: Map<string, PveTask>, clusterIds: Iterable<string>): void {
  for (const clusterId of new Set(clusterIds)) {
    const ofCluster = [...tasks.values()].filter((t) => t.clusterId === clusterId)
    if (ofCluster.length <= MAX_TASKS_PER_CLUSTER) continue
    ofCluster.sort(
      (a, b) => Number(ended(a)) - Number(ended(b)) || b.starttime - a.starttime || (a.key < b.key ? -1 : 1),
    )
    for (const task of ofCluster.slice(MAX_TASKS_PER_CLUSTER)) tasks.delete(task.key)
  }
}

export const useTaskStore = create<TaskStore>()((set) => ({
  loaded: false,
  tasks: new Map(),
  notices: [],
  load: (list) => {
    set((current) => {
      // Deltas applied before the list answered are merged, not lost: the list may be older than they are.
      const tasks = new Map<string, PveTask>()
      for (const task of list) tasks.set(task.key, mergeTask(current.tasks.get(task.key), task))
      for (const [key, task] of current.tasks) if (!tasks.has(key)) tasks.set(key, task)
      boundTasks(
        tasks,
        [...tasks.values()].map((t) => t.clusterId),
      )
      return { loaded: true, tasks }
    })
  },
  applyDelta: (delta) => {
    set((current) => {
      let tasks: Map<string, PveTask> | undefined
      const edit = (): Map<string, PveTask> => (tasks ??= new Map(current.tasks))
      for (const incoming of delta.upserts) {
        // Only this cluster's tasks: a delta cannot write over another cluster's keys.
        if (incoming.clusterId !== delta.clusterId) continue
        const known = (tasks ?? current.tasks).get(incoming.key)
        const next = mergeTask(known, incoming)
        if (known !== undefined && sameTask(known, next)) continue
        edit().set(incoming.key, next)
      }
      for (const key of delta.removed) {
        if ((tasks ?? current.tasks).get(key)?.clusterId === delta.clusterId) edit().delete(key)
      }
      if (tasks === undefined) return current
      boundTasks(tasks, [delta.clusterId])
      return { tasks }
    })
  },
  ended: (task, notify) => {
    set((current) => {
      const tasks = new Map(current.tasks)
      tasks.set(task.key, mergeTask(current.tasks.get(task.key), task))
      boundTasks(tasks, [task.clusterId])
      if (!notify) return { tasks }
      const notices = keepNotices([...current.notices.filter((n) => n.key !== task.key), task])
      return { tasks, notices }
    })
  },
  dismissNotice: (key) => {
    set((current) => ({ notices: current.notices.filter((n) => n.key !== key) }))
  },
  dropCluster: (clusterId) => {
    set((current) => {
      const tasks = new Map([...current.tasks].filter(([, t]) => t.clusterId !== clusterId))
      const notices = current.notices.filter((n) => n.clusterId !== clusterId)
      return tasks.size === current.tasks.size ? { notices } : { tasks, notices }
    })
  },
}))

/** Tasks running now, across clusters (the header's badge). */
export const runningCount = (tasks: ReadonlyMap<string, PveTask>): number => {
  let count = 0
  for (const task of tasks.values()) if (task.state === 'running') count++
  return count
}

export const taskKey = (clusterId: string, upid: string): string => `${clusterId}/${upid}`

/** Opens the task dock on this task (its log), e.g. from a bulk result or an action's toast. */
export function revealTask(clusterId: string, upid: string): void {
  useTaskDock.getState().reveal({ clusterId, upid })
}
