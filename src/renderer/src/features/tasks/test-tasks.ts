// Test-only: tasks as main sends them, for the renderer's task tests. No product module imports this file.
import type { PveTask } from '../../../../shared/model/task'
import { formatUpid } from '../../../../shared/upid'

/** A task of `clusterId` (c1 by default): a running `qmstart` of 100 on n1 by root@pam at 1000; `patch` wins. */
export function taskFixture(patch: Partial<PveTask> & { pid?: number } = {}): PveTask {
  const { pid = 1, ...rest } = patch
  const clusterId = rest.clusterId ?? 'c1'
  const node = rest.node ?? 'n1'
  const type = rest.type ?? 'qmstart'
  const id = rest.id ?? String(rest.vmid ?? 100)
  const user = rest.user ?? 'root@pam'
  const starttime = rest.starttime ?? 1000
  const upid = rest.upid ?? formatUpid({ node, pid, pstart: 1, starttime, type, id, user })
  return {
    key: `${clusterId}/${upid}`,
    clusterId,
    upid,
    node,
    type,
    id,
    user,
    starttime,
    state: 'running',
    mine: false,
    vmid: 100,
    ...rest,
  }
}

/** The same task, ended with PVE's exit text (state from it: OK, WARNINGS: n, anything else an error). */
export function endedFixture(task: PveTask, exitstatus = 'OK', endtime = task.starttime + 5): PveTask {
  const state = exitstatus === 'OK' ? 'ok' : exitstatus.startsWith('WARNINGS') ? 'warning' : 'error'
  return { ...task, state, exitstatus, endtime }
}
