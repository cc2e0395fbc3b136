import { AppError } from '../shared/ipc/errors'
import type { PveTask } from '../shared/model/task'
import { describeTaskType } from '../shared/task-types'
import type { TaskOutcome } from '../main/tasks/follow-through'
import { followThrough } from '../main/tasks/follow-through'
import type { PveClient } from '../main/pve/pve-client'
import type { CliContext } from './context'
import { EXIT } from './exit-codes'
import { printable } from './printable'
import { taskLogTail } from './task-log-tail'

export const DEFAULT_FOLLOW_INTERVAL_MS = 1_000

/** A task that ended well: `OK`, or `WARNINGS: n` (PVE counts those as done). */
export const endedWell = (task: Pick<PveTask, 'state'>): boolean =>
  task.state === 'ok' || task.state === 'warning'

/**
 * `--wait`: follows a task to its end as the app does (an HA request through the HA agent's real task, which is
 * printed on its own line once found), then prints `<label>: <exit status>`. A failure prints PVE's exit status
 * and the end of the failed task's log (its last 50 lines, where PVE says why) on stderr and gives exit status 8.
 */
export async function waitForTask(
  ctx: CliContext,
  client: PveClient,
  upid: string,
  label: string,
  /** Said after the label on success only (`start ace/204 (web01): OK`), as the CLI always printed it. */
  guestName = '',
): Promise<number> {
  const printed = new Set([upid])
  const announce = (task: PveTask): void => {
    // PVE only filed the request with the HA manager: say what the wait is for (the agent may take a while).
    if (task.upid === upid && task.state === 'ok' && describeTaskType(task.type).haRequest !== undefined)
      ctx.err(`pvedesk: ${printable(task.type)} OK: waiting for the HA agent's task`)
    if (printed.has(task.upid)) return
    printed.add(task.upid)
    ctx.out(task.upid)
  }
  let outcome: TaskOutcome
  try {
    outcome = await followThrough(client, upid, {
      intervalMs: ctx.followIntervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS,
      onUpdate: announce,
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
    })
  } catch (error) {
    if (!(ctx.signal?.aborted === true && AppError.from(error).code === 'cancelled')) throw error
    ctx.err(
      `pvedesk: interrupted: no longer following ${[...printed].at(-1) ?? upid}: the task goes on in PVE`,
    )
    return EXIT.interrupted
  }
  announce(outcome.task)
  const exitstatus = printable(outcome.task.exitstatus ?? outcome.task.state)
  // The request ended OK but the HA manager ran nothing in time: the guest may not be as asked, so not 0.
  if (outcome.agentMissing === true) {
    ctx.err(
      `pvedesk: pve_error: ${label}: HA request filed (${exitstatus}); no HA agent task in time: the HA manager has not acted (yet)`,
    )
    return EXIT.failed
  }
  if (endedWell(outcome.task)) {
    ctx.out(`${label}${guestName === '' ? '' : ` (${printable(guestName)})`}: ${exitstatus}`)
    return EXIT.ok
  }
  ctx.err(`pvedesk: pve_error: ${label} failed: ${exitstatus}`)
  const tail = await taskLogTail(client, outcome.task.upid)
  if (tail.earlier > 0)
    ctx.err(
      `pvedesk: the log's last ${tail.lines.length} lines (${tail.earlier} before them: pvedesk task log ${client.clusterId} ${printable(outcome.task.upid)})`,
    )
  for (const line of tail.lines) ctx.err(printable(line.t))
  return EXIT.failed
}
