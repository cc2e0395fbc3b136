import type { BackupFailure, PveObject } from '../model/inventory-snapshot'
import { cut, num, objects, str, vmidOf } from './pve-fields'

/**
 * A backup job's failures, guest by guest. PVE files one vzdump task per job and node, with an empty id when it
 * backs up more than one guest (pve-manager PVE/API2/VZDump.pm `vzdump`: `$taskid` only for a single guest), and
 * ends it `job errors` when one guest failed; which guest, and why, is only in its log, as
 * `ERROR: Backup of VM 105 failed - VM is locked (backup)` (PVE/VZDump.pm `exec_backup_task`, `debugmsg('err',
 * "Backup of VM $vmid failed - $err")`; containers are "VM" there too).
 */

/** Job task logs read per cluster and read, at most: the newest failed ones. */
export const MAX_JOB_LOGS = 8
/** How far back a failed job is still worth reading: a weekly job's last run, and a day more. */
export const JOB_LOG_MAX_AGE_S = 8 * 86_400
/** Lines read of one job's log (a job of hundreds of guests writes ~10 lines each). */
export const JOB_LOG_LINES = 20_000
/** A failure's error text kept, at most. */
const ERROR_CHARS = 500

const FAILED_LINE = /^ERROR: Backup of VM (\d{3,9}) failed - (.*)$/

/** A finished task's status other than OK or `WARNINGS: n` (pve-common RESTEnvironment's exit texts). */
const failedStatus = (status: string | undefined): boolean =>
  status !== undefined && status !== 'OK' && !status.startsWith('WARNINGS')

/**
 * The finished vzdump tasks of whole jobs (no single vmid) that did not end OK, newest first, ended within
 * {@link JOB_LOG_MAX_AGE_S} of the list's newest task (the cluster's own clock, not ours), {@link MAX_JOB_LOGS}
 * at most.
 */
export function failedJobTasks(tasks: readonly unknown[] | undefined): PveObject[] {
  const all = objects(tasks)
  let now = 0
  for (const t of all) now = Math.max(now, num(t.endtime) ?? 0, num(t.starttime) ?? 0)
  return all
    .filter((t) => {
      const end = num(t.endtime)
      return (
        t.type === 'vzdump' &&
        vmidOf(t.id) === undefined &&
        typeof t.upid === 'string' &&
        typeof t.node === 'string' &&
        failedStatus(str(t.status)) &&
        end !== undefined &&
        now - end <= JOB_LOG_MAX_AGE_S
      )
    })
    .sort((a, b) => (num(b.starttime) ?? 0) - (num(a.starttime) ?? 0))
    .slice(0, MAX_JOB_LOGS)
}

/** The guests a job's log (`GET …/tasks/{upid}/log`: `{n, t}` lines) says failed, each once, with PVE's error. */
export function failuresInLog(task: PveObject, lines: readonly unknown[]): BackupFailure[] {
  const upid = str(task.upid) ?? ''
  const node = str(task.node) ?? ''
  const starttime = num(task.starttime) ?? 0
  const endtime = num(task.endtime) ?? starttime
  const seen = new Map<number, BackupFailure>()
  for (const line of objects(lines)) {
    const text = str(line.t)
    const match = text === undefined ? null : FAILED_LINE.exec(text)
    if (match === null) continue
    const vmid = Number(match[1])
    if (!seen.has(vmid))
      seen.set(vmid, { vmid, upid, node, starttime, endtime, error: cut(match[2] ?? '', ERROR_CHARS) })
  }
  return [...seen.values()]
}
