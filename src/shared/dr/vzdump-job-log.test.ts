import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { PveObject } from '../model/inventory-snapshot'
import { JOB_LOG_MAX_AGE_S, MAX_JOB_LOGS, failedJobTasks, failuresInLog } from './vzdump-job-log'

const T = 1_800_000_000

const job = (starttime: number, status: string, extra: PveObject = {}): PveObject => ({
  type: 'vzdump',
  id: '',
  node: 'km4-pve1',
  upid: `UPID:km4-pve1:0000A1B2:00C0FFEE:${starttime.toString(16).toUpperCase()}:vzdump::root@pam:`,
  starttime,
  endtime: starttime + 900,
  status,
  ...extra,
})

describe('the failed runs of backup jobs', () => {
  it('reads the newest failed job runs only: not a single guest’s task, not OK nor warnings, not too old', () => {
    const tasks = [
      job(T, 'job errors'),
      job(T - 100, 'OK'),
      job(T - 200, 'WARNINGS: 2'),
      job(T - 300, 'job errors', { id: '105' }),
      job(T - 400, 'unexpected status', { type: 'qmstart' }),
      job(T - JOB_LOG_MAX_AGE_S - 2_000, 'job errors'),
      { ...job(T - 500, 'job errors'), endtime: 'not a time' },
      job(T - 86_400, 'interrupted by signal'),
    ]
    expect(failedJobTasks(tasks).map((t) => t.starttime)).toEqual([T, T - 86_400])
  })

  it('reads at most a few logs, newest first, whatever the list holds', () => {
    const tasks = Array.from({ length: 50 }, (_, i) => job(T - i * 3_600, 'job errors'))
    const read = failedJobTasks(tasks.reverse())
    expect(read).toHaveLength(MAX_JOB_LOGS)
    expect(read[0]?.starttime).toBe(T)
  })

  it('says which guests failed and why, each once, as PVE logs it', () => {
    const lines = [
      'INFO: starting new backup job: vzdump --pool naorlo-prod --storage pbs-yakro --mode snapshot',
      'INFO: Starting Backup of VM 104 (qemu)',
      'INFO: Finished Backup of VM 104 (00:00:40)',
      'INFO: Starting Backup of VM 105 (qemu)',
      'ERROR: Backup of VM 105 failed - VM is locked (backup)',
      'ERROR: Backup of VM 105 failed - a second line for the same guest',
      'ERROR: Backup of VM 113 failed - unable to create temporary directory',
      'ERROR: Backup of VM abc failed - not a vmid',
      'INFO: Backup job finished with errors',
    ].map((t, i) => ({ n: i + 1, t }))
    const task = job(T, 'job errors')
    expect(failuresInLog(task, lines)).toEqual([
      {
        vmid: 105,
        upid: task.upid,
        node: 'km4-pve1',
        starttime: T,
        endtime: T + 900,
        error: 'VM is locked (backup)',
      },
      {
        vmid: 113,
        upid: task.upid,
        node: 'km4-pve1',
        starttime: T,
        endtime: T + 900,
        error: 'unable to create temporary directory',
      },
    ])
  })

  it('never throws on what a hostile node sends as a task list or a log, and keeps errors short', () => {
    fc.assert(
      fc.property(fc.array(fc.anything()), fc.array(fc.anything()), (tasks, lines) => {
        for (const t of failedJobTasks(tasks)) failuresInLog(t, lines)
        return true
      }),
    )
    const long = [{ n: 1, t: `ERROR: Backup of VM 101 failed - ${'x'.repeat(10_000)}` }]
    expect(failuresInLog(job(T, 'job errors'), long)[0]?.error.length).toBeLessThanOrEqual(500)
  })
})
