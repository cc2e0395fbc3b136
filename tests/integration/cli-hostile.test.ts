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

  /** `guest reboot evil/100 --wait` where the reboot fails; `log` answers the task log's pages. */
  function failingReboot(log: (start: number, limit: number) => unknown): { logReads: () => number } {
    let reads = 0
    answer((path, params) => {
      if (path === '/cluster/resources')
        return [{ id: 'qemu/100', type: 'qemu', vmid: 100, node: 'evil1', name: 'web', status: 'running' }]
      if (path === '/access/permissions') return { '/vms/100': { 'VM.PowerMgmt': 1 } }
      if (path.endsWith('/status/reboot')) return UPID
      if (path.endsWith('/log')) {
        reads++
        return log(Number(params?.start ?? 0), Number(params?.limit ?? 50))
      }
      if (path.endsWith('/status')) return { status: 'stopped', exitstatus: 'boom' }
      return []
    })
    return { logReads: () => reads }
  }

  it('--wait failure: a log of 1,234 lines shows its end (PVE error line included), not its first 500', async () => {
    const lines = Array.from({ length: 1_234 }, (_, i) => ({ n: i + 1, t: `line ${i + 1}` }))
    lines.push({ n: 1_235, t: 'TASK ERROR: boom at the very end' })
    failingReboot((start, limit) => lines.slice(start, limit === 0 ? undefined : start + limit))
    const run = await desk(cluster, ['guest', 'reboot', 'evil/100', '--wait'])
    expect(run.code).toBe(8)
    const err = run.err.split('\n')
    expect(err[0]).toBe('pvedesk: pve_error: reboot evil/100 failed: boom')
    expect(err[1]).toBe(`pvedesk: the log's last 50 lines (1185 before them: pvedesk task log evil ${UPID})`)
    expect(err.slice(2)).toEqual([...lines.slice(-50).map((l) => l.t)])
    expect(err.at(-1)).toBe('TASK ERROR: boom at the very end')
  })

  it('--wait failure: a short log is shown whole, in one read', async () => {
    const reads = failingReboot(() => [
      { n: 1, t: 'starting' },
      { n: 2, t: 'TASK ERROR: boom' },
    ])
    const run = await desk(cluster, ['guest', 'reboot', 'evil/100', '--wait'])
    expect(run.code).toBe(8)
    expect(run.err).toBe('pvedesk: pve_error: reboot evil/100 failed: boom\nstarting\nTASK ERROR: boom')
    expect(reads.logReads()).toBe(1)
  })

  it('--wait failure: a server with a line at every start cannot keep the CLI asking', async () => {
    const reads = failingReboot((start, limit) =>
      Array.from({ length: Math.min(limit || 500, 500) }, (_, i) => ({
        n: start + i + 1,
        t: `line ${start + i + 1}`,
      })),
    )
    const run = await desk(cluster, ['guest', 'reboot', 'evil/100', '--wait'])
    expect(run.code).toBe(8)
    expect(run.err.split('\n').at(-1)).toMatch(/^line \d+$/)
    expect(reads.logReads()).toBeLessThan(30)
  })
})
