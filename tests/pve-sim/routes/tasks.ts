// Task status, logs and lists (pve-manager API2/Tasks.pm, API2/Cluster.pm `tasks`). A task's owner may always
// read it; others need Sys.Audit on its node (Sys.Modify to stop it). A user also sees their tokens' tasks.

import { splitTokenId } from '../access/config'
import type { Identity } from '../access/identity'
import { ok } from '../http'
import { bool, int, str } from '../params'
import type { Route, RouteContext } from '../router'
import { ApiError, caller, demand } from '../router'
import type { Task } from '../tasks/engine'
import { abortTask, findTask, isUpid, upidNode, visibleLog } from '../tasks/engine'
import type { TaskFilter } from '../views/tasks'
import { archiveOrder, broadcastList, matchesFilter, taskEntry, taskStatus } from '../views/tasks'

const owns = (me: Identity, task: Task): boolean =>
  task.user === me.authid || (me.token === undefined && splitTokenId(task.user)?.[0] === me.userid)

/** The task of {upid} on {node}, which the caller owns or may audit (or modify). */
function taskOf(rc: RouteContext, priv: 'Sys.Audit' | 'Sys.Modify'): Task {
  const upid = str(rc.params, 'upid') ?? ''
  const node = str(rc.params, 'node') ?? ''
  if (!isUpid(upid))
    throw new ApiError(400, 'Parameter verification failed.\n', { upid: 'unable to parse worker upid' })
  const task = upidNode(upid) === node ? findTask(rc.cluster, upid) : undefined
  if (task === undefined)
    throw new ApiError(400, 'Parameter verification failed.\n', { upid: 'no such task' })
  if (!owns(caller(rc), task)) demand(rc, `/nodes/${node}`, [priv])
  return task
}

function filterOf(rc: RouteContext): TaskFilter {
  const source = str(rc.params, 'source')
  const filter: TaskFilter = { source: source === 'active' || source === 'all' ? source : 'archive' }
  const userfilter = str(rc.params, 'userfilter')
  const typefilter = str(rc.params, 'typefilter')
  const statusfilter = str(rc.params, 'statusfilter')
  if (userfilter !== undefined) filter.userfilter = userfilter
  if (typefilter !== undefined) filter.typefilter = typefilter
  // PVE::Tools::split_list
  if (statusfilter !== undefined)
    filter.statusfilter = statusfilter.split(/[\s,;\0]+/).filter((s) => s !== '')
  const vmid = int(rc.params, 'vmid')
  const since = int(rc.params, 'since')
  const until = int(rc.params, 'until')
  if (vmid !== undefined) filter.vmid = vmid
  if (since !== undefined) filter.since = since
  if (until !== undefined) filter.until = until
  if (bool(rc.params, 'errors') === true) filter.errors = true
  return filter
}

export const TASK_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/tasks',
    run: (rc) => {
      // Tasks.pm `node_tasks`: the unsaved tasks of the active file first (running ones, oldest first, `user` as
      // written: a token's full id), then the archive, last ended first (token tasks split into user + tokenid).
      // Every row that passes the filters counts towards `total`; `start` skips and `limit` caps only the rows.
      const me = caller(rc)
      const node = str(rc.params, 'node') ?? ''
      const auditor = rc.perms.has(me.authid, `/nodes/${node}`, 'Sys.Audit')
      const filter = filterOf(rc)
      const start = int(rc.params, 'start') ?? 0
      let limit = int(rc.params, 'limit') ?? 50
      const mine = rc.cluster.tasks.filter((t) => t.node === node)
      let count = 0
      const rows: ReturnType<typeof taskEntry>[] = []
      const consider = (
        task: Task,
        user: string,
        owned: boolean,
        row: () => ReturnType<typeof taskEntry>,
      ): void => {
        if (
          filter.userfilter !== undefined &&
          !matchesFilter(task, { source: 'all', userfilter: filter.userfilter }, user)
        )
          return
        if (!(auditor || owned)) return
        if (!matchesFilter(task, { ...filter, userfilter: undefined }, user)) return
        if (count++ < start) return
        if (limit <= 0) return
        rows.push(row())
        limit--
      }
      if (filter.source !== 'archive') {
        const active = mine.filter((t) => t.status === 'running').sort((a, b) => a.startMs - b.startMs)
        for (const task of active) {
          consider(task, task.user, task.user === me.authid, () => {
            const { tokenid: _tokenid, ...entry } = taskEntry(task)
            return { ...entry, user: task.user, saved: '0', status: 'RUNNING' }
          })
        }
      }
      if (filter.source !== 'active') {
        for (const task of archiveOrder(mine.filter((t) => t.status === 'stopped'))) {
          const entry = taskEntry(task)
          consider(task, String(entry.user), owns(me, task), () => entry)
        }
      }
      return ok(rows, { total: count })
    },
  },
  {
    method: 'GET',
    path: '/cluster/tasks',
    run: (rc) => {
      // Cluster.pm `tasks` over pmxcfs' per-node lists (Cluster.pm `get_tasklist`, node by node): all of them with
      // Sys.Audit on `/`, else the rows whose (split) `user` is the caller — a token never matches its own.
      const me = caller(rc)
      const auditor = rc.perms.has(me.authid, '/', 'Sys.Audit')
      const rows = rc.cluster.nodes.flatMap((node, index) =>
        broadcastList(
          rc.cluster.tasks.filter((t) => t.node === node.name),
          (index * 3371) % 10_000,
          rc.now,
        ),
      )
      return ok(rows.filter((row) => auditor || row.user === me.authid))
    },
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/status',
    run: (rc) => ok(taskStatus(taskOf(rc, 'Sys.Audit'))),
  },
  {
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/log',
    run: (rc) => {
      const task = taskOf(rc, 'Sys.Audit')
      let lines = visibleLog(task, rc.now)
      // An empty log reads as one line saying so.
      if (lines.length === 0) lines = [{ n: 1, t: 'no content' }]
      if (bool(rc.params, 'download') === true) return ok(lines.map((l) => l.t).join('\n'))
      const start = int(rc.params, 'start') ?? 0
      const limit = int(rc.params, 'limit') ?? 50
      return ok(lines.slice(start, limit === 0 ? undefined : start + limit), { total: lines.length })
    },
  },
  {
    method: 'DELETE',
    path: '/nodes/{node}/tasks/{upid}',
    run: (rc) => {
      abortTask(taskOf(rc, 'Sys.Modify'), rc.now)
      return ok(null)
    },
  },
]
