import type { BackupFailure, PveObject } from '../../../shared/model/inventory-snapshot'
import type { Params } from '../../pve/http-client'
import { JOB_LOG_LINES, failedJobTasks, failuresInLog } from '../../../shared/dr/vzdump-job-log'

/** A GET of a list on a node, as the DR read and the inventory capture make them (undefined: failed, reported). */
export type ListOnNode = (path: string, params: Params, node: string) => Promise<PveObject[] | undefined>

/**
 * Reads the logs of the recent backup jobs that failed (the newest few, see failedJobTasks) and says which guests
 * failed in them and why. A log that cannot be read costs only its own guests' detail.
 */
export async function readBackupFailures(
  tasks: readonly unknown[] | undefined,
  list: ListOnNode,
): Promise<BackupFailure[]> {
  const logs = await Promise.all(
    failedJobTasks(tasks).map(async (task) => {
      // failedJobTasks keeps only rows whose node and UPID are strings.
      const node = typeof task.node === 'string' ? task.node : ''
      const upid = typeof task.upid === 'string' ? task.upid : ''
      const path = `/nodes/${encodeURIComponent(node)}/tasks/${encodeURIComponent(upid)}/log`
      const lines = await list(path, { start: 0, limit: JOB_LOG_LINES }, node)
      return lines === undefined ? [] : failuresInLog(task, lines)
    }),
  )
  return logs.flat()
}
