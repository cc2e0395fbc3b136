import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { sharedDir } from '../../../tests/support/shared-dir'
import { formatUpid } from '../../shared/upid'
import {
  exitText,
  MAX_EXIT_STATUS,
  MAX_TASKS_PER_CLUSTER,
  readTaskRows,
  stateOf,
  taskFromRow,
} from './task-rows'

const fixtureRows = (name: string): unknown[] => {
  const file = join(sharedDir(), 'pve-api', 'fixtures', name)
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as { response: { body: { data: unknown[] } } }
  return fixture.response.body.data
}

const upidAt = (starttime: number, type = 'qmstart', id = '101', node = 'km4-pve1'): string =>
  formatUpid({ node, pid: 0x1234, pstart: 0xabcd, starttime, type, id, user: 'root@pam' })

describe('stateOf', () => {
  it('reads PVE exit statuses', () => {
    expect(stateOf('OK', true)).toBe('ok')
    expect(stateOf('WARNINGS: 2', true)).toBe('warning')
    expect(stateOf('VM is locked (migrate)', true)).toBe('error')
    expect(stateOf('interrupted by signal', true)).toBe('error')
    expect(stateOf('unknown', true)).toBe('unknown')
    expect(stateOf(undefined, false)).toBe('running')
    expect(stateOf('RUNNING', false)).toBe('running')
    // An end without a status is not a success.
    expect(stateOf(undefined, true)).toBe('unknown')
  })
})

describe('taskFromRow', () => {
  it('reads real rows of a node task list (PVE 8 and 6), errors and all', () => {
    const tasks = [
      ...fixtureRows('nodes-node-tasks.datadog.pve8.json'),
      ...fixtureRows('nodes-node-tasks.fog-proxmox.pve6.json'),
    ].map((row) => taskFromRow('c1', row))
    expect(tasks.every((t) => t !== undefined)).toBe(true)
    expect(tasks[0]).toMatchObject({
      key: 'c1/UPID:ip-122-82-3-112:002CE248:15D28C02:687868CB:aptupdate::root@pam:',
      node: 'ip-122-82-3-112',
      type: 'aptupdate',
      id: '',
      user: 'root@pam',
      starttime: 1752721611,
      endtime: 1752721614,
      state: 'ok',
      exitstatus: 'OK',
      mine: false,
    })
    expect(tasks[0]?.vmid).toBeUndefined()
    expect(tasks.find((t) => t?.type === 'vzshutdown')).toMatchObject({ vmid: 111, state: 'ok' })
    expect(
      tasks.find((t) => t?.upid === 'UPID:pve:0000091B:00009FE0:5FBE5DF0:vncproxy:100:root@pam:'),
    ).toMatchObject({
      state: 'error',
      exitstatus: expect.stringContaining('failed: exit code 4') as unknown,
    })
  })

  it('reads a running row of /cluster/tasks (no status, no end time) as running', () => {
    expect(taskFromRow('c1', { upid: upidAt(1_700_000_000), status: undefined })).toMatchObject({
      state: 'running',
      vmid: 101,
    })
    expect(taskFromRow('c1', { upid: upidAt(1_700_000_000), status: 'RUNNING' })?.exitstatus).toBeUndefined()
  })

  it('takes node, type, id, user and start from the UPID, not from what the row says', () => {
    const task = taskFromRow('c1', {
      upid: upidAt(1_700_000_000),
      node: 'elsewhere',
      type: 'vzdump',
      user: 'admin@pam',
      starttime: 5,
      id: '999',
    })
    expect(task).toMatchObject({
      node: 'km4-pve1',
      type: 'qmstart',
      user: 'root@pam',
      id: '101',
      starttime: 1_700_000_000,
    })
  })

  it.each([
    null,
    42,
    'UPID:…',
    [],
    {},
    { upid: 42 },
    { upid: 'UPID:pve1:1:2:3:qmstart:100:root@pam:' },
    { upid: `${upidAt(1)}${'x'.repeat(600)}` },
    { upid: { toString: () => upidAt(1) } },
  ])('leaves out the row %j', (row) => {
    expect(taskFromRow('c1', row)).toBeUndefined()
  })

  it('ignores fields of the wrong type rather than trusting them', () => {
    const task = taskFromRow('c1', { upid: upidAt(10), status: { evil: 1 }, endtime: '1700000000' })
    expect(task).toMatchObject({ state: 'running' })
    expect(task?.endtime).toBeUndefined()
    expect(taskFromRow('c1', { upid: upidAt(10), status: 'OK', endtime: -5 })).toMatchObject({
      state: 'ok',
    })
    expect(
      taskFromRow('c1', { upid: upidAt(10), status: 'OK', endtime: Number.NaN })?.endtime,
    ).toBeUndefined()
  })
})

describe('exitText', () => {
  it('keeps one bounded line of PVE’s text', () => {
    expect(exitText('VM 101 not running')).toBe('VM 101 not running')
    expect(exitText('line one\nline two\u001b[31m')).toBe('line one line two [31m')
    const long = exitText('e'.repeat(1_000_000)) ?? ''
    expect(long.length).toBe(MAX_EXIT_STATUS)
    expect(long.endsWith('…')).toBe(true)
    expect(exitText(7)).toBeUndefined()
  })
})

describe('readTaskRows', () => {
  it('keeps the newest 1,000 of a huge answer, one per UPID, and skips junk rows', () => {
    const rows: unknown[] = []
    for (let i = 0; i < 5_000; i++)
      rows.push({ upid: upidAt(1_700_000_000 + i), status: 'OK', endtime: 1_700_000_000 + i })
    rows.push(null, 'junk', { upid: 'UPID:x' }, rows[4_999])
    // Oldest first on purpose: a hostile server need not sort.
    const tasks = readTaskRows('c1', rows)
    expect(tasks).toHaveLength(MAX_TASKS_PER_CLUSTER)
    expect(tasks[0]?.starttime).toBe(1_700_004_999)
    expect(tasks.at(-1)?.starttime).toBe(1_700_004_000)
    expect(new Set(tasks.map((t) => t.upid)).size).toBe(tasks.length)
  })

  it('does not walk a million rows', () => {
    const row = { upid: upidAt(1_700_000_000) }
    const rows = new Array<unknown>(1_000_000).fill(row)
    rows[999_999] = { upid: upidAt(1_800_000_000) }
    const tasks = readTaskRows('c1', rows)
    expect(tasks.map((t) => t.starttime)).toEqual([1_700_000_000])
  })

  it('reads an answer that is not a list as no task', () => {
    expect(readTaskRows('c1', { data: [] })).toEqual([])
    expect(readTaskRows('c1', null)).toEqual([])
    expect(readTaskRows('c1', 'tasks')).toEqual([])
  })
})
