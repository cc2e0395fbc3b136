import { describe, expect, it } from 'vitest'

import { useSimulatorFleet } from '../support/simulator-fleet'
import { desk, deskClusters } from './cli-desk'

// `pvedesk task list|log|stop` against the simulator: `/cluster/tasks` of each cluster in one timeline, logs read
// page by page and followed, a running task stopped; read-only and malformed UPIDs refused.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })

const pvedesk = (args: string[], pushClock?: number): ReturnType<typeof desk> =>
  desk(deskClusters(fleet, { readOnly: ['yakro-pve1'] }), args, {
    sim: fleet.sim,
    ...(pushClock === undefined ? {} : { pushClock }),
  })

/** Starts a task with the CLI (no --wait) and gives its UPID. */
async function started(args: string[]): Promise<string> {
  const run = await pvedesk(args)
  expect(run.code, run.err).toBe(0)
  return run.out
}

describe('pvedesk task list', () => {
  it('lists every cluster newest first, the type in words, with stable JSON fields', async () => {
    const upid = await started(['guest', 'start', 'ace-prod/210'])
    const running = await pvedesk(['task', 'list', '--running'])
    expect(running.code).toBe(0)
    const [header, row, ...rest] = running.out.split('\n')
    expect(header).toMatch(/^CLUSTER +NODE +START +END +TYPE +ID +USER +STATUS$/)
    expect(row).toMatch(
      /^ace-prod +km4-pve2 +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +VM 210 - Start +210 +root@pam +running$/,
    )
    expect(rest).toEqual([])
    const json = await pvedesk(['task', 'list', '--json'])
    const tasks = JSON.parse(json.out) as Record<string, unknown>[]
    expect(tasks[0]).toEqual({
      cluster: 'ace-prod',
      node: 'km4-pve2',
      upid,
      type: 'qmstart',
      description: 'VM 210 - Start',
      id: '210',
      vmid: 210,
      user: 'root@pam',
      starttime: expect.any(Number) as number,
      endtime: null,
      state: 'running',
      exitstatus: null,
    })
    // Both clusters' own history is there too (yakro's nightly jobs), read-only or not.
    expect(new Set(tasks.map((t) => t.cluster))).toEqual(new Set(['ace-prod', 'yakro-pve1']))
  })

  it('--errors keeps what ended other than OK, --cluster one cluster', async () => {
    const failed = await pvedesk(['guest', 'snapshot', 'delete', 'ace-prod/210', 'nosuch', '--wait'], 3)
    expect(failed.code).toBe(8)
    const errors = await pvedesk(['task', 'list', '--errors', '--cluster', 'ace-prod', '--json'])
    const tasks = JSON.parse(errors.out) as {
      cluster: string
      state: string
      type: string
      exitstatus: string
    }[]
    expect(tasks.length).toBeGreaterThan(0)
    expect(tasks.every((t) => t.cluster === 'ace-prod' && t.state !== 'ok' && t.state !== 'running')).toBe(
      true,
    )
    expect(tasks[0]).toMatchObject({ type: 'qmdelsnapshot', state: 'error' })
  })
})

describe('pvedesk task log', () => {
  it('prints a finished task log; --follow follows a running one to its end', async () => {
    const upid = await started(['guest', 'start', 'ace-prod/210'])
    const follow = await pvedesk(['task', 'log', 'ace-prod', upid, '--follow'], 1)
    expect(follow.err).toBe('')
    expect(follow.code).toBe(0)
    expect(follow.out.split('\n').at(-1)).toBe('TASK OK')
    const again = await pvedesk(['task', 'log', 'ace-prod', upid])
    expect(again.out).toBe(follow.out)
  })

  it('--follow of a task that fails: exit 8 with PVE exit status', async () => {
    const upid = await started(['guest', 'snapshot', 'rollback', 'ace-prod/210', 'nosuch'])
    const follow = await pvedesk(['task', 'log', 'ace-prod', upid, '--follow'], 1)
    expect(follow.code).toBe(8)
    expect(follow.out).toMatch(/TASK ERROR: snapshot 'nosuch' does not exist$/)
    expect(follow.err).toBe(`pvedesk: pve_error: ${upid} failed: snapshot 'nosuch' does not exist`)
  })

  it('refuses what is not a UPID (exit 2) before asking anything', async () => {
    const before = fleet.sim.requests.length
    for (const bad of ['UPID:../../x:1:2:3:qmstart:1:root@pam:', 'qmstart', `UPID:${'a'.repeat(600)}`]) {
      const run = await pvedesk(['task', 'log', 'ace-prod', bad])
      expect(run.code, bad).toBe(2)
      expect(run.err).toMatch(/^pvedesk: invalid_request: not a task id \(UPID\)/)
    }
    expect(fleet.sim.requests.length).toBe(before)
  })
})

describe('pvedesk task stop', () => {
  it('stops a running task: PVE ends it as interrupted', async () => {
    const upid = await started(['guest', 'backup', 'ace-prod/201', '--storage', 'local'])
    const stop = await pvedesk(['task', 'stop', 'ace-prod', upid])
    expect(stop).toMatchObject({ code: 0, out: `stop requested: ${upid}`, err: '' })
    const follow = await pvedesk(['task', 'log', 'ace-prod', upid, '--follow'], 1)
    expect(follow.code).toBe(8)
    expect(follow.err).toMatch(/failed: .*interrupted by signal/)
  })

  it('refuses on a read-only cluster (exit 5) and sends nothing', async () => {
    const tasks = JSON.parse((await pvedesk(['task', 'list', '--cluster', 'yakro-pve1', '--json'])).out) as {
      upid: string
    }[]
    const upid = tasks[0]?.upid ?? ''
    const stop = await pvedesk(['task', 'stop', 'yakro-pve1', upid])
    expect(stop).toMatchObject({
      code: 5,
      out: '',
      err: 'pvedesk: read_only: yakro-pve1 is read-only in PVE Desk: task not stopped',
    })
  })
})
