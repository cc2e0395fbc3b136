import { describe, expect, it } from 'vitest'

import { useSimulatorFleet } from '../support/simulator-fleet'
import { desk, deskClusters } from './cli-desk'

// `pvedesk guest snapshot …` against the simulator: create, the tree with NOW, rollback and delete, each task
// followed; PVE's own refusals (a name already used fails inside its task) kept.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })

const pvedesk = (args: string[]): ReturnType<typeof desk> =>
  desk(deskClusters(fleet), args, { sim: fleet.sim, pushClock: 3 })

describe('pvedesk guest snapshot', () => {
  it('lists a VM guest snapshots as a tree down to NOW, like qm listsnapshot', async () => {
    const run = await pvedesk(['guest', 'snapshot', 'list', 'ace-prod/103'])
    expect(run.code).toBe(0)
    const lines = run.out.split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^`-> pre_upgrade_9 +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +Before the PVE 9 upgrade$/)
    expect(lines[1]).toMatch(/^ {4}`-> pre_release +\S+ +Release 2026\.03 \(RAM\)$/)
    expect(lines[2]).toMatch(/^ {8}`-> NOW +You are here!$/)
    const json = await pvedesk(['guest', 'snapshot', 'list', 'ace-prod/103', '--json'])
    expect(JSON.parse(json.out)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'pre_release',
          parent: 'pre_upgrade_9',
          vmstate: true,
          current: false,
        }),
        expect.objectContaining({ name: 'current', parent: 'pre_release', current: true }),
      ]),
    )
  })

  it('creates, rolls back to and deletes a guest snapshot, each task followed to its end', async () => {
    const create = await pvedesk([
      'guest',
      'snapshot',
      'create',
      'ace-prod/210',
      'before-upgrade',
      '--description',
      'CLI test',
      '--wait',
    ])
    expect(create.err).toBe('')
    expect(create.out).toMatch(
      /^UPID:km4-pve2:\S+:qmsnapshot:210:root@pam:\nsnapshot create before-upgrade ace-prod\/210 \(sandbox-debian\): OK$/,
    )
    const listed = await pvedesk(['guest', 'snapshot', 'list', 'ace-prod/210'])
    expect(listed.out.split('\n')).toEqual([
      expect.stringMatching(/^`-> before-upgrade +\S+ +CLI test$/),
      expect.stringMatching(/^ {4}`-> NOW +You are here!$/),
    ])
    const rollback = await pvedesk([
      'guest',
      'snapshot',
      'rollback',
      'ace-prod/210',
      'before-upgrade',
      '--wait',
    ])
    expect(rollback.lines.at(-1)).toBe('snapshot rollback before-upgrade ace-prod/210 (sandbox-debian): OK')
    const remove = await pvedesk(['guest', 'snapshot', 'delete', 'ace-prod/210', 'before-upgrade', '--wait'])
    expect(remove.out).toMatch(
      /:qmdelsnapshot:210:root@pam:\nsnapshot delete before-upgrade ace-prod\/210 \(sandbox-debian\): OK$/,
    )
    const after = await pvedesk(['guest', 'snapshot', 'list', 'ace-prod/210'])
    expect(after.out).toMatch(/^`-> NOW +You are here!$/)
  })

  it('a name already used fails inside its task: exit 8 with PVE exit status and log', async () => {
    const first = await pvedesk(['guest', 'snapshot', 'create', 'ace-prod/210', 'twice', '--wait'])
    expect(first.code).toBe(0)
    const again = await pvedesk(['guest', 'snapshot', 'create', 'ace-prod/210', 'twice', '--wait'])
    expect(again.code).toBe(8)
    expect(again.out).toMatch(/:qmsnapshot:210:root@pam:$/)
    expect(again.err).toMatch(/^pvedesk: pve_error: snapshot create twice ace-prod\/210 failed: .*twice/)
    expect(again.err).toMatch(/\nTASK ERROR: /)
  })

  it('a container snapshot with RAM is refused before anything is sent (exit 2)', async () => {
    const run = await pvedesk(['guest', 'snapshot', 'create', 'ace-prod/110', 'ram', '--vmstate'])
    expect(run.code).toBe(2)
    expect(run.err).toMatch(/only VMs \(qemu\)/)
  })
})
