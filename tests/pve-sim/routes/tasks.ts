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
import { matchesFilter, newestFirst, taskEntry, taskStatus } from '../views/tasks'

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
  if (statusfilter !== undefined) filter.statusfilter = statusfilter.split(/[,;\s]+/).filter((s) => s !== '')
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
      const me = caller(rc)
      const node = str(rc.params, 'node') ?? ''
      const auditor = rc.perms.has(me.authid, `/nodes/${node}`, 'Sys.Audit')
      const filter = filterOf(rc)
      const matching = newestFirst(rc.cluster.tasks).filter(
        (t) => t.node === node && (auditor || owns(me, t)) && matchesFilter(t, filter),
      )
      const start = int(rc.params, 'start') ?? 0
      const limit = int(rc.params, 'limit') ?? 50
      const page = matching.slice(start, limit === 0 ? undefined : start + limit)
      // Running tasks are listed with status RUNNING here.
      const entries = page.map((t) =>
        t.status === 'running' ? { ...taskEntry(t), status: 'RUNNING' } : taskEntry(t),
      )
      return ok(entries, { total: matching.length })
    },
  },
  {
    method: 'GET',
    path: '/cluster/tasks',
    run: (rc) => {
      const me = caller(rc)
      const auditor = rc.perms.has(me.authid, '/', 'Sys.Audit')
      return ok(
        newestFirst(rc.cluster.tasks)
          .filter((t) => auditor || owns(me, t))
          .map(taskEntry),
      )
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
