import { AppError } from '../shared/ipc/errors'
import type { PveTask } from '../shared/model/task'
import { parseUpid } from '../shared/upid'
import { readTaskLog, readTaskStatus, stopTask } from '../main/tasks/task-api'
import { newestFirst, readTaskRows, stateOf } from '../main/tasks/task-rows'
import { delay } from '../main/pve/tasks'
import type { PveClient } from '../main/pve/pve-client'
import { usage } from './cli-options'
import type { CliContext } from './context'
import { clientFor, findCluster } from './context'
import { EXIT, exitCodeFor } from './exit-codes'
import { printable } from './printable'
import { DEFAULT_FOLLOW_INTERVAL_MS, endedWell } from './task-wait'
import { isoTime } from './time-text'
import { taskWords } from './task-words'
import { printTable } from './table'

/** A task's JSON for scripts: every field always there (null when PVE has none), names that stay. */
export function taskJson(task: PveTask): Record<string, unknown> {
  return {
    cluster: task.clusterId,
    node: task.node,
    upid: task.upid,
    type: task.type,
    description: taskWords(task.type, task.id),
    id: task.id,
    vmid: task.vmid ?? null,
    user: task.user,
    starttime: task.starttime,
    endtime: task.endtime ?? null,
    state: task.state,
    exitstatus: task.exitstatus ?? null,
  }
}

export interface TaskListOptions {
  clusterIds: string[]
  running: boolean
  errors: boolean
  json: boolean
}

/**
 * `pvedesk task list`: each cluster's `/cluster/tasks` (running tasks and each node's recent ones, as PVE keeps
 * them), newest first across clusters. `--running` keeps the running ones, `--errors` those that ended other than
 * `OK` (PVE's own `errors` filter counts warnings too); both together keep either. A cluster that does not answer
 * is reported on stderr, the others are still listed, and the exit status tells.
 */
export async function taskList(ctx: CliContext, o: TaskListOptions): Promise<number> {
  const clusters =
    o.clusterIds.length === 0 ? ctx.settings.clusters : o.clusterIds.map((id) => findCluster(ctx, id))
  const tasks: PveTask[] = []
  let status: number = EXIT.ok
  for (const cluster of clusters) {
    let client: PveClient | undefined
    try {
      client = await clientFor(ctx, cluster)
      tasks.push(
        ...readTaskRows(cluster.id, await client.call('GET', '/cluster/tasks', undefined, ctx.signal)),
      )
    } catch (error) {
      const e = AppError.from(error)
      ctx.err(`pvedesk: ${e.code}: ${cluster.id}: ${printable(e.message)}`)
      status = exitCodeFor(e.code)
    } finally {
      client?.dispose()
    }
  }
  const shown = tasks
    .filter((t) => {
      if (!o.running && !o.errors) return true
      return (o.running && t.state === 'running') || (o.errors && t.state !== 'running' && t.state !== 'ok')
    })
    .sort(newestFirst)
  if (o.json) {
    ctx.out(JSON.stringify(shown.map(taskJson), null, 2))
    return status
  }
  printTable(
    ctx,
    ['cluster', 'node', 'start', 'end', 'type', 'id', 'user', 'status'],
    // A UPID's fields exclude blanks and colons only: an ESC in a hostile type or user is escaped too.
    shown.map((t) => ({
      cluster: t.clusterId,
      node: t.node,
      start: isoTime(t.starttime),
      end: t.endtime === undefined ? '' : isoTime(t.endtime),
      type: printable(taskWords(t.type, t.id)),
      id: printable(t.id),
      user: printable(t.user),
      status: printable(t.state === 'running' ? 'running' : (t.exitstatus ?? t.state)),
    })),
  )
  return status
}

/** The UPID checked before a client is even made (exit status 2 for one that does not read). */
function checkUpid(upid: string): void {
  if (upid.length > 512 || parseUpid(upid) === undefined)
    throw usage(`not a task id (UPID): ${upid.slice(0, 100)}`)
}

const LOG_PAGE = 500

/**
 * `pvedesk task log CLUSTER UPID [--follow]`: the whole log, page by page (`start`/`limit`). `--follow` keeps
 * reading while the task runs, then says how it ended: exit status 8 when it failed.
 */
export async function taskLogCommand(
  ctx: CliContext,
  clusterId: string,
  upid: string,
  follow: boolean,
): Promise<number> {
  checkUpid(upid)
  const client = await clientFor(ctx, findCluster(ctx, clusterId))
  try {
    // Lines of the log read so far (PVE's `start`), malformed rows included.
    let offset = 0
    const drain = async (): Promise<void> => {
      for (;;) {
        const page = await readTaskLog(client, upid, offset, LOG_PAGE, ctx.signal)
        // PVE answers an empty log with one line `no content`; a log that grows later starts at line 1 again.
        if (offset === 0 && page.total === 1 && page.lines[0]?.t === 'no content') return
        for (const line of page.lines) ctx.out(printable(line.t))
        const next = Math.min(page.total, offset + LOG_PAGE)
        if (next <= offset) return
        offset = next
        if (page.total <= offset) return
      }
    }
    await drain()
    if (!follow) return EXIT.ok
    for (;;) {
      const status = await readTaskStatus(client, upid, ctx.signal)
      // Read once more after the end: the last lines (`TASK OK`) are written as the task stops.
      await drain()
      if (!status.running) {
        const exitstatus = status.exitstatus ?? 'unknown'
        if (endedWell({ state: stateOf(exitstatus, true) })) return EXIT.ok
        ctx.err(`pvedesk: pve_error: ${upid} failed: ${printable(exitstatus)}`)
        return EXIT.failed
      }
      await delay(ctx.followIntervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS, ctx.signal)
    }
  } finally {
    client.dispose()
  }
}

/** `pvedesk task stop CLUSTER UPID`: `DELETE …/tasks/{upid}` (PVE ends it with its type's exit text). */
export async function taskStop(ctx: CliContext, clusterId: string, upid: string): Promise<number> {
  checkUpid(upid)
  const cluster = findCluster(ctx, clusterId)
  if (cluster.readOnly)
    throw new AppError({
      code: 'read_only',
      clusterId,
      message: `${clusterId} is read-only in PVE Desk: task not stopped`,
    })
  const client = await clientFor(ctx, cluster)
  try {
    await stopTask(client, upid, ctx.signal)
    ctx.out(`stop requested: ${upid}`)
    return EXIT.ok
  } finally {
    client.dispose()
  }
}
