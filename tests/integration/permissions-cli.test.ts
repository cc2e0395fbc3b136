import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import type { SimClusterInfo, Simulator } from '../pve-sim'
import { startSimulator } from '../pve-sim'
import type { Entry } from '../pve-sim/test-support'
import { getList, json, login, pveRequest } from '../pve-sim/test-support'
import type { CliRun } from '../support/cli-env'
import { runPvedesk, secretServiceAvailable, simCluster } from '../support/cli-env'

// Issue 7, item 3: `/access/permissions` maps path → privilege → propagate flag. oncall@pve of the three-sites
// scenario holds VM.PowerMgmt on /vms/101 without propagation, so PVE lists `"VM.PowerMgmt": 0` there and accepts
// the reboot; the CLI used to read the 0 as "denied" and exit 5 without sending anything.
// The CLI keeps its secret in the OS keychain: run under scripts/with-keyring.sh, as vault-cli.test.ts.
const hasBus = secretServiceAvailable()

let sim: Simulator
let ace: SimClusterInfo

const cli = (args: string[], stdin = ''): Promise<CliRun> => runPvedesk(args, { stdin })

const oncallPassword = (): string => {
  const user = ace.users.find((u) => u.username === 'oncall@pve')
  if (user === undefined) throw new Error('no oncall@pve in the scenario')
  return user.password
}
const km4 = (): SimClusterInfo['endpoints'][number] => {
  const endpoint = ace.endpoints[0]
  if (endpoint === undefined) throw new Error('no endpoint')
  return endpoint
}

/** The tasks PVE started for oncall@pve, as root sees them. */
async function oncallTasks(): Promise<string[]> {
  const root = await login(km4(), 'root@pam', ace.login.password)
  const tasks: Entry[] = await getList(km4(), root, '/cluster/tasks')
  return tasks.filter((t) => t.user === 'oncall@pve').map((t) => `${String(t.type)}:${String(t.id)}`)
}

describe.skipIf(!hasBus)('pvedesk guest actions under PVE permission semantics', () => {
  beforeAll(async () => {
    sim = await startSimulator({ tickMs: null })
    ace = simCluster(sim, 'ace-prod').info
    vi.stubEnv('PVEDESK_HOME', mkdtempSync(join(tmpdir(), 'pvedesk-home-')))
    const add = await cli(
      [
        'cluster',
        'add',
        'oncall',
        '--endpoint',
        km4().url,
        '--username',
        'oncall@pve',
        '--password-stdin',
        '--trust',
      ],
      oncallPassword(),
    )
    expect(add.code).toBe(0)
  })
  afterAll(async () => {
    await cli(['cluster', 'remove', 'oncall'])
    vi.unstubAllEnvs()
    await sim.dispose()
  })

  it('PVE lists the non-propagating grant with a 0, on /vms/101 only', async () => {
    const session = await login(km4(), 'oncall@pve', oncallPassword())
    const map = json(await pveRequest(km4(), { path: '/access/permissions', ticket: session.ticket }))
      .data as Record<string, Record<string, number>>
    expect(map['/vms/101']).toMatchObject({ 'VM.Audit': 0, 'VM.PowerMgmt': 0 })
    expect(map['/vms']).toMatchObject({ 'VM.Audit': 1 })
    expect(map['/vms']).not.toHaveProperty('VM.PowerMgmt')
  })

  it('reboots a guest on a grant that does not propagate: the request goes out and PVE runs it', async () => {
    const reboot = await cli(['guest', 'reboot', 'oncall/101', '--wait'])
    expect(reboot.err).toBe('')
    expect(reboot.code).toBe(0)
    expect(reboot.out).toMatch(
      /^UPID:km4-pve1:[0-9A-F:]+:qmreboot:101:oncall@pve:\nreboot oncall\/101 \(naorlo-web01\): OK$/,
    )
    expect(await oncallTasks()).toContain('qmreboot:101')
  })

  it('refuses, before sending anything, what PVE would refuse: no grant, or a user ACL that beats the group', async () => {
    // 102: PVEAuditor inherited from / only. 205: oncall's user ACL PVEAuditor on / beats the NOCOperator that the
    // group noc grants on the same path, which would allow it.
    for (const vmid of [102, 205]) {
      const refused = await cli(['guest', 'reboot', `oncall/${vmid}`])
      expect(refused).toEqual({
        code: 5,
        out: '',
        err: `pvedesk: forbidden: Permission check failed (/vms/${vmid}, VM.PowerMgmt)`,
      })
    }
    expect(await oncallTasks()).toEqual(['qmreboot:101'])
  })

  it('powers a test copy through the pool ACL its group holds, which does not propagate either', async () => {
    const start = await cli(['guest', 'reboot', 'oncall/201'])
    expect(start.code).toBe(0)
    expect(await oncallTasks()).toContain('qmreboot:201')
  })
})
