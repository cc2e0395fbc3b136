import type { FleetGuest, FleetItem } from '../../../../shared/model/fleet'
import type { PveTask } from '../../../../shared/model/task'
import type { ClusterEntry } from '../../stores/fleet-store'
import type { TaskFilters, TaskView } from '../../stores/task-dock-store'

/** A task with what the dock shows beside it, from the live fleet: cluster name, site, guest name. */
export interface TaskFacts {
  task: PveTask
  clusterName: string
  site: string
  /** The guest's name when the fleet has this vmid on this cluster now. */
  guestName?: string
}

/** One line of the dock: a task, under its HA request when it is the agent's task for one. */
export interface TaskRow {
  facts: TaskFacts
  depth: 0 | 1
}

type Clusters = Readonly<Record<string, Pick<ClusterEntry, 'summary'>>>
type Items = Readonly<Record<string, ReadonlyMap<string, FleetItem>>>

/** The fleet's guest with this vmid on this cluster: its key says qemu or lxc, so both are tried. */
export function guestOf(items: Items, clusterId: string, vmid: number): FleetGuest | undefined {
  const ofCluster = items[clusterId]
  if (ofCluster === undefined) return undefined
  for (const type of ['qemu', 'lxc']) {
    const item = ofCluster.get(`${clusterId}/${type}/${vmid}`)
    if (item?.kind === 'guest') return item
  }
  return undefined
}

/** A node's site as the user labelled it in the cluster's settings (a node not listed: the default site). */
export function siteOf(clusters: Clusters, clusterId: string, node: string): string {
  const summary = clusters[clusterId]?.summary
  if (summary === undefined) return ''
  return Object.hasOwn(summary.sites, node) ? (summary.sites[node] ?? '') : summary.defaultSite
}

export function taskFacts(task: PveTask, clusters: Clusters, items: Items): TaskFacts {
  const guest = task.vmid === undefined ? undefined : guestOf(items, task.clusterId, task.vmid)
  return {
    task,
    clusterName: clusters[task.clusterId]?.summary.name ?? task.clusterId,
    site: siteOf(clusters, task.clusterId, task.node),
    ...(guest === undefined ? {} : { guestName: guest.name }),
  }
}

const sameFacts = (a: TaskFacts, b: TaskFacts): boolean =>
  a.task === b.task && a.clusterName === b.clusterName && a.site === b.site && a.guestName === b.guestName

/**
 * The facts of every task of a known cluster, reusing the object of the last computation for each task whose
 * task, cluster name, site and guest name did not change: a poll that touches one guest rebuilds the facts of
 * its tasks only, so the rows of the others stay the same objects and their memoised views do not render.
 * Returns `previous` itself when nothing changed at all (the filters' options and the rows are kept then).
 */
export function reuseFacts(
  previous: readonly TaskFacts[],
  tasks: ReadonlyMap<string, PveTask>,
  clusters: Clusters,
  items: Items,
): readonly TaskFacts[] {
  const known = new Map(previous.map((f) => [f.task.key, f]))
  const next: TaskFacts[] = []
  let changed = false
  for (const task of tasks.values()) {
    if (!Object.hasOwn(clusters, task.clusterId)) continue
    const fresh = taskFacts(task, clusters, items)
    const old = known.get(task.key)
    const facts = old !== undefined && sameFacts(old, fresh) ? old : fresh
    if (facts !== previous[next.length]) changed = true
    next.push(facts)
  }
  return changed || next.length !== previous.length ? next : previous
}

/** {@link reuseFacts} with its last answer kept: one per open dock. */
export function factsCache(): (
  tasks: ReadonlyMap<string, PveTask>,
  clusters: Clusters,
  items: Items,
) => readonly TaskFacts[] {
  let last: readonly TaskFacts[] = []
  return (tasks, clusters, items) => (last = reuseFacts(last, tasks, clusters, items))
}

/** One row object per facts and depth, so that a row whose facts were reused is the same object too. */
const rowCache = new WeakMap<TaskFacts, { 0?: TaskRow; 1?: TaskRow }>()
function rowOf(facts: TaskFacts, depth: 0 | 1): TaskRow {
  const cached = rowCache.get(facts) ?? {}
  const row = cached[depth] ?? { facts, depth }
  cached[depth] = row
  rowCache.set(facts, cached)
  return row
}

/** Running: still runs. Failed: ended in error, or lost. Recent: everything. */
export function inView(view: TaskView, task: PveTask): boolean {
  if (view === 'running') return task.state === 'running'
  if (view === 'failed') return task.state === 'error' || task.state === 'unknown'
  return true
}

const contains = (text: string, part: string): boolean => text.toLowerCase().includes(part.toLowerCase())

export function matchesFilters(facts: TaskFacts, filters: TaskFilters): boolean {
  const { task } = facts
  if (filters.clusterId !== undefined && task.clusterId !== filters.clusterId) return false
  if (filters.site !== undefined && facts.site !== filters.site) return false
  if (filters.node !== undefined && task.node !== filters.node) return false
  if (filters.user !== undefined && task.user !== filters.user) return false
  if (filters.type !== undefined && task.type !== filters.type) return false
  if (filters.state !== undefined && task.state !== filters.state) return false
  const guest = filters.guest?.trim() ?? ''
  if (guest !== '') {
    if (task.vmid === undefined) return false
    const byVmid = String(task.vmid).includes(guest)
    if (!byVmid && !contains(facts.guestName ?? '', guest)) return false
  }
  return true
}

/** Newest first; a tie (same second) by UPID, so the order never flickers between two renders. */
const newestFirst = (a: TaskFacts, b: TaskFacts): number =>
  b.task.starttime - a.task.starttime || (a.task.key < b.task.key ? -1 : a.task.key > b.task.key ? 1 : 0)

/**
 * The dock's lines: the tasks of the view that pass the filters, newest first, each HA agent task right under
 * the request PVE Desk filed (when that request is listed too; otherwise on its own line).
 */
export function taskRows(all: readonly TaskFacts[], view: TaskView, filters: TaskFilters): TaskRow[] {
  const shown = all.filter((f) => inView(view, f.task) && matchesFilters(f, filters)).sort(newestFirst)
  const byKey = new Set(shown.map((f) => f.task.key))
  const children = new Map<string, TaskFacts[]>()
  const top: TaskFacts[] = []
  for (const facts of shown) {
    const { requestUpid, clusterId } = facts.task
    const parent = requestUpid === undefined ? undefined : `${clusterId}/${requestUpid}`
    if (parent !== undefined && parent !== facts.task.key && byKey.has(parent)) {
      const list = children.get(parent) ?? []
      list.push(facts)
      children.set(parent, list)
    } else top.push(facts)
  }
  const rows: TaskRow[] = []
  for (const facts of top) {
    rows.push(rowOf(facts, 0))
    for (const child of children.get(facts.task.key) ?? []) rows.push(rowOf(child, 1))
  }
  return rows
}

export interface FilterOption {
  value: string
  label: string
}

export interface FilterOptions {
  clusters: FilterOption[]
  sites: string[]
  nodes: string[]
  users: string[]
  types: string[]
}

const sorted = (values: Iterable<string>): string[] =>
  [...new Set(values)].filter((v) => v !== '').sort((a, b) => a.localeCompare(b))

/** What each filter offers: the values of the tasks known now (a filter never offers something that lists none). */
export function filterOptions(all: readonly TaskFacts[]): FilterOptions {
  const clusters = new Map<string, string>()
  for (const f of all) clusters.set(f.task.clusterId, f.clusterName)
  return {
    clusters: [...clusters]
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    sites: sorted(all.map((f) => f.site)),
    nodes: sorted(all.map((f) => f.task.node)),
    users: sorted(all.map((f) => f.task.user)),
    types: sorted(all.map((f) => f.task.type)),
  }
}
