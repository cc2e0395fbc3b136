import { describe, expect, it } from 'vitest'

import type { Entry } from '../pve-sim/test-support'
import { getList, login } from '../pve-sim/test-support'
import { useSimulatorFleet } from '../support/simulator-fleet'
import type { DeskCluster } from './cli-desk'
import { asUser, desk, deskClusters } from './cli-desk'

// `pvedesk guest …` against the simulator: each action's task followed to its end (--wait), the refusals before
// anything is sent (read-only, a privilege missing, a migration PVE's precondition forbids), PVE's own words kept.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })

const UPID = (type: string, vmid: number, user = 'root@pam'): RegExp =>
  new RegExp(
    `^UPID:[a-z0-9-]+:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:${type}:${vmid}:${user.replace('!', '\\!')}:$`,
  )

/** Every task the simulator's ace-prod knows, as root sees them: `type:id:user`. */
async function aceTasks(): Promise<string[]> {
  const info = fleet.sim.info.clusters.find((c) => c.id === 'ace-prod')
  const endpoint = info?.endpoints[0]
  if (info === undefined || endpoint === undefined) throw new Error('no ace-prod')
  const root = await login(endpoint, 'root@pam', info.login.password)
  const tasks: Entry[] = await getList(endpoint, root, '/cluster/tasks')
  return tasks.map((t) => `${String(t.type)}:${String(t.id)}:${String(t.user)}`)
}

const clusters = (): DeskCluster[] =>
  deskClusters(fleet, {
    readOnly: ['yakro-pve1'],
    extra: [
      asUser(fleet, 'ace-prod', 'ace-noc', 'noc@pve'),
      asUser(fleet, 'yakro-pve1', 'yakro-rw', 'root@pam'),
    ],
  })
const pvedesk = (args: string[], pushClock = 2): ReturnType<typeof desk> =>
  desk(clusters(), args, { sim: fleet.sim, pushClock })

describe('pvedesk guest power actions', () => {
  it('resets a running VM and follows its task to the end', async () => {
    const run = await pvedesk(['guest', 'reset', 'ace-prod/201', '--wait'])
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    const [upid, end] = run.out.split('\n')
    expect(upid).toMatch(UPID('qmreset', 201))
    expect(end).toBe('reset ace-prod/201 (naorlo-web01-test): OK')
  })

  it('prints the UPID and returns at once without --wait', async () => {
    const run = await pvedesk(['guest', 'start', 'ace-prod/210'], 0)
    expect(run.code).toBe(0)
    expect(run.out).toMatch(UPID('qmstart', 210))
    expect(await aceTasks()).toContain('qmstart:210:root@pam')
  })

  it('shuts down with a timeout and then stop, as PVE takes them', async () => {
    const run = await pvedesk([
      'guest',
      'shutdown',
      'ace-prod/202',
      '--timeout',
      '30',
      '--force-stop',
      '--wait',
    ])
    expect(run.err).toBe('')
    expect(run.lines.at(-1)).toBe('shutdown ace-prod/202 (naorlo-app01-test): OK')
    const status = await desk(clusters(), [
      'resources',
      '--cluster',
      'ace-prod',
      '--filter',
      'vmid:202',
      '--json',
    ])
    expect(JSON.parse(status.out)).toMatchObject([{ vmid: '202', status: 'stopped' }])
  })

  it('follows an HA guest through its request task and the HA agent task, both printed', async () => {
    const stop = await pvedesk(['guest', 'shutdown', 'ace-prod/104', '--wait'])
    expect(stop.code).toBe(0)
    expect(stop.out.split('\n')).toEqual([
      expect.stringMatching(UPID('hastop', 104)),
      expect.stringMatching(UPID('qmshutdown', 104)),
      'shutdown ace-prod/104 (naorlo-app02): OK',
    ])
    expect(stop.err).toBe("pvedesk: hastop OK: waiting for the HA agent's task")
    const start = await pvedesk(['guest', 'start', 'ace-prod/104', '--wait'])
    expect(start.out.split('\n')).toEqual([
      expect.stringMatching(UPID('hastart', 104)),
      expect.stringMatching(UPID('qmstart', 104)),
      'start ace-prod/104 (naorlo-app02): OK',
    ])
  })

  it('Ctrl-C while waiting stops following only: exit 130, the task goes on in PVE', async () => {
    const interrupt = new AbortController()
    const run = await desk(clusters(), ['guest', 'reboot', 'ace-prod/202', '--wait'], {
      signal: interrupt.signal,
      onOut: (line) => {
        if (line.startsWith('UPID:')) interrupt.abort()
      },
    })
    expect(run.code).toBe(130)
    expect(run.err).toBe(`pvedesk: interrupted: no longer following ${run.out}: the task goes on in PVE`)
    fleet.sim.advanceClock(60)
    expect(await aceTasks()).toContain('qmreboot:202:root@pam')
  })

  it('fails with exit status 8, PVE exit status and the task log when the task fails', async () => {
    // A guest snapshot PVE does not have: the rollback worker starts and fails (snapshot errors are inside tasks).
    const failed = await pvedesk(['guest', 'snapshot', 'rollback', 'ace-prod/203', 'nosuch', '--wait'])
    expect(failed.code).toBe(8)
    expect(failed.err).toMatch(/^pvedesk: pve_error: snapshot rollback nosuch ace-prod\/203 failed: /)
    expect(failed.err).toMatch(/TASK ERROR: /)
  })

  it('refuses every action on a read-only cluster, before sending anything (exit 5)', async () => {
    const before = fleet.sim.requests.length
    for (const args of [
      ['guest', 'stop', 'yakro-pve1/100'],
      ['guest', 'migrate', 'yakro-pve1/100', '--target', 'yakro-pve1'],
      ['guest', 'backup', 'yakro-pve1/100'],
      ['guest', 'snapshot', 'create', 'yakro-pve1/100', 'before'],
    ]) {
      const run = await pvedesk(args, 0)
      expect(run.code, args.join(' ')).toBe(5)
      expect(run.err).toMatch(/^pvedesk: read_only: yakro-pve1 is read-only in PVE Desk/)
    }
    const sent = fleet.sim.requests.slice(before)
    expect(sent.filter((r) => r.method !== 'GET' && !r.path.endsWith('/access/ticket'))).toEqual([])
  })

  it('refuses what the user may not do in PVE words (noc@pve: PVEAuditor only on /vms/120)', async () => {
    const run = await pvedesk(['guest', 'stop', 'ace-noc/120'], 0)
    expect(run).toMatchObject({
      code: 5,
      out: '',
      err: 'pvedesk: forbidden: Permission check failed (/vms/120, VM.PowerMgmt)',
    })
    const allowed = await pvedesk(['guest', 'reboot', 'ace-noc/201', '--wait'])
    expect(allowed.code).toBe(0)
    expect(allowed.out.split('\n')[0]).toMatch(UPID('qmreboot', 201, 'noc@pve'))
    expect(await aceTasks()).not.toContain('qmstop:120:noc@pve')
  })

  it('takes PVE-shaped arguments only (exit 2) and says which guest is missing (exit 7)', async () => {
    const cases: [string[], number, RegExp][] = [
      [['guest', 'reset', 'ace-prod'], 2, /expected CLUSTER\/VMID/],
      [['guest', 'shutdown', 'ace-prod/201', '--timeout', 'soon'], 2, /--timeout is a whole number/],
      [['guest', 'start', 'ace-prod/201', '--target', 'km4-pve2'], 2, /guest start takes no --target/],
      [['guest', 'migrate', 'ace-prod/201'], 2, /missing --target NODE/],
      [['guest', 'backup', 'ace-prod/201', '--mode', 'fast'], 2, /--mode is snapshot, suspend, stop/],
      [['guest', 'snapshot', 'create', 'ace-prod/201', '1st'], 2, /NAME: a letter/],
      [['guest', 'start', 'ace-prod/4242'], 7, /no guest 4242 in ace-prod/],
      [['guest', 'start', 'nowhere/101'], 7, /no cluster with id nowhere/],
    ]
    for (const [args, code, err] of cases) {
      const run = await pvedesk(args, 0)
      expect(run.code, args.join(' ')).toBe(code)
      expect(run.err).toMatch(err)
    }
  })
})

describe('pvedesk guest migrate', () => {
  it('refuses, from PVE precondition, a running VM with local disks without --with-local-disks (exit 8)', async () => {
    const run = await pvedesk(['guest', 'migrate', 'ace-prod/201', '--target', 'km4-pve1', '--online'], 0)
    expect(run).toMatchObject({
      code: 8,
      out: '',
      err: "pvedesk: pve_error: can't live migrate attached local disks without with-local-disks option",
    })
    expect(await aceTasks()).not.toContain('qmigrate:201:root@pam')
  })

  it('refuses a node the cluster does not have', async () => {
    const run = await pvedesk(['guest', 'migrate', 'ace-prod/210', '--target', 'yakro-pve1'], 0)
    expect(run.code).toBe(8)
    expect(run.err).toBe("pvedesk: pve_error: no such cluster node 'yakro-pve1'")
  })

  it('migrates with its local disks and follows the task: the guest is on the target after', async () => {
    const run = await pvedesk(
      ['guest', 'migrate', 'ace-prod/210', '--target', 'km4-pve1', '--with-local-disks', '--wait'],
      5,
    )
    expect(run.err).toBe('')
    expect(run.out.split('\n')[0]).toMatch(UPID('qmigrate', 210))
    expect(run.lines.at(-1)).toBe('migrate ace-prod/210 (sandbox-debian): OK')
    const where = await desk(clusters(), [
      'resources',
      '--cluster',
      'ace-prod',
      '--filter',
      'vmid:210',
      '--json',
    ])
    expect(JSON.parse(where.out)).toMatchObject([{ vmid: '210', node: 'km4-pve1' }])
  })
})

describe('pvedesk guest backup', () => {
  // ace-prod's nodes have two backup storages since production backs up to Yamoussoukro's PBS: name one.
  it('backs up to the storage named, and follows vzdump', async () => {
    const run = await pvedesk(
      [
        'guest',
        'backup',
        'ace-prod/210',
        '--storage',
        'local',
        '--mode',
        'stop',
        '--notes',
        '{{guestname}} by CLI',
        '--wait',
      ],
      5,
    )
    expect(run.err).toBe('')
    expect(run.out.split('\n')[0]).toMatch(UPID('vzdump', 210))
    expect(run.lines.at(-1)).toBe('backup ace-prod/210 (sandbox-debian): OK')
  })

  it('wants --storage when the node has several backup storages, and names them (exit 2)', async () => {
    const before = fleet.sim.requests.length
    const run = await pvedesk(['guest', 'backup', 'yakro-rw/110'], 0)
    expect(run).toMatchObject({
      code: 2,
      out: '',
      err: 'pvedesk: invalid_request: give --storage: local, pbs-yakro take backups',
    })
    // ace-prod's km4-pve2 too: its `local` and the PBS at Yamoussoukro.
    expect(await pvedesk(['guest', 'backup', 'ace-prod/210'], 0)).toMatchObject({
      code: 2,
      err: 'pvedesk: invalid_request: give --storage: local, pbs-yakro take backups',
    })
    expect(
      fleet.sim.requests.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/vzdump')),
    ).toEqual([])
  })

  it('refuses a storage that takes no backups with PVE words (exit 8)', async () => {
    const run = await pvedesk(['guest', 'backup', 'ace-prod/210', '--storage', 'local-lvm', '--wait'], 5)
    expect(run.code).toBe(8)
    expect(run.err).toMatch(/^pvedesk: pve_error: /)
  })
})
