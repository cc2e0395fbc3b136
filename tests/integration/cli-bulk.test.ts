import { describe, expect, it } from 'vitest'

import type { Entry } from '../pve-sim/test-support'
import { getList, login } from '../pve-sim/test-support'
import { useSimulatorFleet } from '../support/simulator-fleet'
import type { DeskOptions } from './cli-desk'
import { asUser, desk, deskClusters } from './cli-desk'

// `pvedesk bulk …` against the simulator: the plan over two clusters (one read-only in PVE Desk, one guest the
// user may not power), --dry-run changing nothing, the question on a terminal and --yes without one, the run with
// a line per guest and its UPID, a failure → 8, a query problem → 2, Ctrl-C starting nothing new.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })

const clusters = (): ReturnType<typeof deskClusters> =>
  deskClusters(fleet, { readOnly: ['yakro-pve1'], extra: [asUser(fleet, 'ace-prod', 'ace-noc', 'noc@pve')] })
const pvedesk = (args: string[], options: DeskOptions = {}): ReturnType<typeof desk> =>
  desk(clusters(), args, { sim: fleet.sim, pushClock: 3, ...options })

/** What the simulator's clusters ran since `since` (an index into `requests`): method and path of each write. */
function writesSince(since: number): string[] {
  return fleet.sim.requests
    .slice(since)
    .filter((r) => r.method !== 'GET' && !r.path.endsWith('/access/ticket'))
    .map((r) => `${r.method} ${r.path}`)
}

async function aceTasks(): Promise<string[]> {
  const info = fleet.sim.info.clusters.find((c) => c.id === 'ace-prod')
  const endpoint = info?.endpoints[0]
  if (info === undefined || endpoint === undefined) throw new Error('no ace-prod')
  const root = await login(endpoint, 'root@pam', info.login.password)
  const tasks: Entry[] = await getList(endpoint, root, '/cluster/tasks')
  return tasks.map((t) => `${String(t.type)}:${String(t.id)}:${String(t.user)}`)
}

const SHUTDOWN_INFRA = [
  'bulk',
  'shutdown',
  '--filter',
  'tag:infra',
  '--cluster',
  'ace-noc',
  '--cluster',
  'yakro-pve1',
]

describe('pvedesk bulk', () => {
  it('--dry-run prints the plan per cluster and site, with who is skipped and why, and sends nothing', async () => {
    const before = fleet.sim.requests.length
    const run = await pvedesk([...SHUTDOWN_INFRA, '--dry-run'])
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    const lines = run.out.split('\n')
    expect(lines).toContain('ace-noc / Km4')
    expect(lines).toContain('ace-noc / VITIB')
    expect(lines).toContain('yakro-pve1 / Yamoussoukro')
    expect(lines.find((l) => l.includes('ace-noc/120 '))).toMatch(
      /^ {2}skip {2}ace-noc\/120 win-ad01 +on km4-pve1: no permission \(VM\.PowerMgmt\)$/,
    )
    expect(lines.find((l) => l.includes('ace-noc/110 '))).toMatch(
      /^ {2}run {3}ace-noc\/110 dns01 +on km4-pve1$/,
    )
    expect(lines.find((l) => l.includes('yakro-pve1/101 '))).toMatch(
      /skip .*: cluster read-only in PVE Desk$/,
    )
    expect(lines.at(-1)).toMatch(/^shutdown: 8 to run, \d+ skipped, at most 4 at a time per cluster$/)
    expect(writesSince(before)).toEqual([])
  })

  it('without --yes and without a terminal refuses (exit 2) and runs nothing', async () => {
    const before = fleet.sim.requests.length
    const run = await pvedesk(SHUTDOWN_INFRA)
    expect(run.code).toBe(2)
    expect(run.err).toBe(
      'pvedesk: invalid_request: no terminal to ask on: repeat with --yes to run the plan (or --dry-run to see it)',
    )
    expect(writesSince(before)).toEqual([])
  })

  it('asks on the terminal; no is nothing run', async () => {
    const questions: string[] = []
    const before = fleet.sim.requests.length
    const run = await pvedesk(SHUTDOWN_INFRA, {
      confirm: (q) => {
        questions.push(q)
        return Promise.resolve(false)
      },
    })
    expect(questions).toEqual(['Run 8 actions? [y/N] '])
    expect(run.code).toBe(0)
    expect(run.err).toBe('pvedesk: nothing was run')
    expect(writesSince(before)).toEqual([])
  })

  it('runs with --yes: one line per guest with its UPID, read-only and forbidden ones skipped', async () => {
    const run = await pvedesk([...SHUTDOWN_INFRA, '--yes', '--concurrency', '2'])
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    const results = run.out.split('\n').filter((l) => /^(ok|failed|warning|cancelled) /.test(l))
    expect(results).toHaveLength(8)
    for (const line of results)
      expect(line).toMatch(/^ok {9}ace-noc\/\d+ \S+ {2}UPID:[^:]+:[0-9A-F:]+:vzshutdown:\d+:noc@pve: {2}OK$/)
    expect(run.out.split('\n').at(-1)).toBe('8 ok')
    const tasks = await aceTasks()
    expect(tasks.filter((t) => t.startsWith('vzshutdown:') && t.endsWith(':noc@pve'))).toHaveLength(8)
    expect(tasks.filter((t) => /^(qm|vz)shutdown:120:/.test(t))).toEqual([])
  })

  it('--json prints the plan and each result with stable fields', async () => {
    const run = await pvedesk([
      'bulk',
      'stop',
      '--filter',
      'name:dns01',
      '--cluster',
      'ace-prod',
      '--yes',
      '--json',
    ])
    expect(run.code).toBe(0)
    const json = JSON.parse(run.out) as {
      plan: { action: unknown; concurrency: number; entries: Record<string, unknown>[] }
      results: Record<string, unknown>[]
      cancelled: boolean
    }
    expect(json.plan.action).toEqual({ kind: 'stop' })
    expect(json.plan.entries).toEqual([
      expect.objectContaining({
        clusterId: 'ace-prod',
        vmid: 110,
        name: 'dns01',
        node: 'km4-pve1',
        site: 'Km4',
        run: true,
      }),
    ])
    expect(json.results).toEqual([
      expect.objectContaining({
        clusterId: 'ace-prod',
        vmid: 110,
        state: 'ok',
        exitstatus: 'OK',
        upid: expect.stringMatching(/:vzstop:110:root@pam:$/) as string,
      }),
    ])
    expect(json.cancelled).toBe(false)
  })

  it('a failed action gives exit status 8 with PVE exit status on its line', async () => {
    // 103 already has a guest snapshot named pre_release: PVE's worker fails (name errors are inside the task).
    const run = await pvedesk([
      'bulk',
      'snapshot',
      '--name',
      'pre_release',
      '--filter',
      'vmid:103',
      '--cluster',
      'ace-prod',
      '--yes',
    ])
    expect(run.code).toBe(8)
    expect(run.out).toMatch(
      /\nfailed {5}ace-prod\/103 naorlo-app01 {2}UPID:\S+:qmsnapshot:103:root@pam: {2}\S.*pre_release/,
    )
    expect(run.out.split('\n').at(-1)).toBe('1 failed')
  })

  it('Ctrl-C before the first action starts nothing: every entry cancelled, exit 130', async () => {
    const interrupt = new AbortController()
    const before = fleet.sim.requests.length
    const run = await pvedesk(
      ['bulk', 'start', '--filter', 'status:stopped -template:yes', '--cluster', 'ace-prod', '--yes'],
      {
        signal: interrupt.signal,
        // Ctrl-C once the plan is printed, before the runner started anything.
        onOut: (line) => {
          if (/^start: \d+ to run/.test(line)) interrupt.abort()
        },
      },
    )
    expect(run.code).toBe(130)
    expect(run.out).toMatch(/^cancelled {2}ace-prod\/210 sandbox-debian {2}-/m)
    expect(writesSince(before)).toEqual([])
  })

  it('Ctrl-C at the question (readline rejects it with AbortError) is exit 130: nothing was run', async () => {
    const before = fleet.sim.requests.length
    const run = await pvedesk(SHUTDOWN_INFRA, {
      confirm: () =>
        Promise.reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })),
    })
    expect(run.code).toBe(130)
    expect(run.err).toBe('pvedesk: nothing was run')
    expect(writesSince(before)).toEqual([])
    // The executable's question answers no once it aborted the interrupt: the same, not a plain no (exit 0).
    const interrupt = new AbortController()
    const answered = await pvedesk(SHUTDOWN_INFRA, {
      signal: interrupt.signal,
      confirm: () => {
        interrupt.abort()
        return Promise.resolve(false)
      },
    })
    expect(answered.code).toBe(130)
    expect(answered.err).toBe('pvedesk: nothing was run')
    expect(writesSince(before)).toEqual([])
  })

  it('refuses a query it cannot read, or none, with exit status 2', async () => {
    const unknown = await pvedesk(['bulk', 'stop', '--filter', 'colour:red', '--dry-run'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/^pvedesk: invalid_request: --filter: .*colour.* at 1-7 \(colour:\)/)
    const none = await pvedesk(['bulk', 'stop', '--dry-run'])
    expect(none.code).toBe(2)
    expect(none.err).toMatch(/missing --filter QUERY/)
    const options = await pvedesk([
      'bulk',
      'migrate',
      '--filter',
      'vmid:210',
      '--target',
      'nowhere=km4-pve1',
      '--dry-run',
    ])
    expect(options.code).toBe(2)
    expect(options.err).toMatch(/--target nowhere=km4-pve1: no cluster nowhere/)
  })

  it('migrates within each cluster to the node given for it; a cluster without one is skipped', async () => {
    const run = await pvedesk([
      'bulk',
      'migrate',
      '--filter',
      'name:sandbox-debian,naorlo-db01-dr',
      '--target',
      'ace-prod=km4-pve1',
      '--cluster',
      'ace-prod',
      '--cluster',
      'yakro-pve1',
      '--dry-run',
    ])
    expect(run.code).toBe(0)
    expect(run.out).toMatch(/run {3}ace-prod\/210 sandbox-debian +on km4-pve2 → km4-pve1/)
    expect(run.out).toMatch(/skip {2}yakro-pve1\/110 naorlo-db01-dr +on yakro-pve1: /)
  })
})

describe('pvedesk bulk over many guests', () => {
  const large = useSimulatorFleet({ scenario: 'large', guests: 150, tickMs: null })

  it('reads each cluster once for the plan, not once per guest: 40+ guest snapshots, ≤ 3 resource reads', async () => {
    const before = large.sim.requests.length
    const run = await desk(
      deskClusters(large),
      ['bulk', 'snapshot', '--name', 'cli_bulk_reads', '--filter=-template:yes', '--cluster', 'abj-prod'],
      { sim: large.sim, pushClock: 30, confirm: () => Promise.resolve(true) },
    )
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    const ok = run.out.split('\n').filter((l) => l.startsWith('ok '))
    expect(ok.length).toBeGreaterThanOrEqual(40)
    const reads = (path: string): number =>
      large.sim.requests
        .slice(before)
        .filter((r) => r.method === 'GET' && r.path.startsWith(`/api2/json${path}`)).length
    // One read for the plan; a couple more at most (a read grown old in a slow run), never one per guest.
    expect(reads('/cluster/resources')).toBeLessThanOrEqual(1 + 2)
    expect(reads('/access/permissions')).toBeLessThanOrEqual(1 + 2)
    // Every guest snapshot really was taken: PVE's workers ran, one per guest.
    const posts = large.sim.requests
      .slice(before)
      .filter((r) => r.method === 'POST' && r.path.endsWith('/snapshot'))
    expect(posts).toHaveLength(ok.length)
  })
})
