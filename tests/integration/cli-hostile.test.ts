import { afterEach, describe, expect, it, vi } from 'vitest'

import type { ClusterConfig } from '../../src/main/clusters/cluster-config'
import { PveClient } from '../../src/main/pve/pve-client'
import { desk } from './cli-desk'

// A hostile server's answers, replayed at the client's boundary (PveClient.call): terminal sequences in task logs,
// task types and guest names are shown, never sent to the operator's terminal; a 10^6-row task list is bounded.
const hostile: ClusterConfig = {
  id: 'evil',
  name: 'evil',
  // Never contacted: every call is answered below.
  endpoints: [{ url: 'https://127.0.0.1:9' }],
  auth: { kind: 'password', username: 'root@pam' },
  sites: {},
  readOnly: false,
}
const cluster = [{ config: hostile, password: 'x' }]
const ESC = '\u001b'
const UPID = 'UPID:evil1:00000001:00000002:6B0EEE6A:qmstart:100:root@pam:'

function answer(route: (path: string, params: Record<string, unknown> | undefined) => unknown): void {
  vi.spyOn(PveClient.prototype, 'call').mockImplementation((_method, path, params) =>
    Promise.resolve(route(path, params as Record<string, unknown> | undefined)),
  )
}
afterEach(() => {
  vi.restoreAllMocks()
})

describe('pvedesk against a hostile server', () => {
  it('task log: escape sequences in log lines are shown as text', async () => {
    answer(() => [
      { n: 1, t: `${ESC}]0;owned\u0007${ESC}[2J starting` },
      { n: 2, t: 'TASK OK\r' },
    ])
    const run = await desk(cluster, ['task', 'log', 'evil', UPID])
    expect(run.code).toBe(0)
    expect(run.out).toBe('^[]0;owned^G^[[2J starting\nTASK OK^M')
    expect(run.out).not.toContain(ESC)
  })

  it('task list: a type or user with ESC inside a UPID is escaped; 10^6 rows are cut to 1,000', async () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => ({
      upid: `UPID:evil1:00000001:00000002:${(0x6b0eee6a - i).toString(16).toUpperCase()}:qm${ESC}[31mstart:100:root${ESC}@pam:`,
      status: `OK${ESC}[0m`,
      endtime: 1_800_000_000,
    }))
    answer(() => rows)
    const run = await desk(cluster, ['task', 'list'])
    expect(run.code).toBe(0)
    const lines = run.out.split('\n')
    expect(lines).toHaveLength(1 + 1_000)
    expect(run.out).not.toContain(ESC)
    expect(lines[1]).toContain('qm^[[31mstart 100')
    expect(lines[1]).toContain('root^[@pam')
  })

  it('guest commands: a guest name with terminal sequences is escaped in the end line', async () => {
    answer((path) => {
      if (path === '/cluster/resources')
        return [
          { id: 'qemu/100', type: 'qemu', vmid: 100, node: 'evil1', name: `web${ESC}[8m`, status: 'running' },
        ]
      if (path === '/access/permissions') return { '/vms/100': { 'VM.PowerMgmt': 1 } }
      if (path.endsWith('/status/reboot')) return UPID
      if (path.endsWith('/status')) return { status: 'stopped', exitstatus: 'OK' }
      return []
    })
    const run = await desk(cluster, ['guest', 'reboot', 'evil/100', '--wait'])
    expect(run.err).toBe('')
    expect(run.out).toBe(`${UPID}\nreboot evil/100 (web^[[8m): OK`)
  })

  it('a refusal in the server own words is shown, its sequences escaped', async () => {
    vi.spyOn(PveClient.prototype, 'call').mockRejectedValue(
      Object.assign(new Error(`Permission check failed ${ESC}[2J(/, Sys.Audit)`), { code: 'forbidden' }),
    )
    const run = await desk(cluster, ['task', 'stop', 'evil', UPID])
    expect(run.err).not.toContain(ESC)
    expect(run.err).toContain('^[[2J')
  })
})
