import { afterEach, describe, expect, it, vi } from 'vitest'

import type { CliContext, CliIo } from '../../src/cli/context'
import { EXIT } from '../../src/cli/exit-codes'
import { runCli } from '../../src/cli/main'
import type { DrTargets } from '../../src/shared/model/dr'
import type { DrReport } from '../../src/shared/model/dr'
import { emptySettings } from '../../src/main/platform/settings-schema'
import { MemoryVault } from '../../src/main/secrets/vault'
import { useSimulatorFleet } from '../support/simulator-fleet'
import { deskClusters, type DeskRun } from './cli-desk'

// `pvedesk dr` against the simulator: the web front ends of ace-prod (101, 102, tag `web`) must have a replica at
// most 30 minutes old. Their replication jobs run every 15 minutes on the simulated clock.
const fleet = useSimulatorFleet({ scenario: 'three-sites', tickMs: null })
const TARGETS: DrTargets = {
  rules: [{ scope: 'tag', value: 'web', replicaMinutes: 30 }],
  warnAt: 0.8,
  storageSites: [],
}

async function pvedesk(args: string[], settings: { dr?: unknown } = { dr: TARGETS }): Promise<DeskRun> {
  const clusters = deskClusters(fleet)
  const vault = new MemoryVault()
  for (const c of clusters) await vault.set(c.config, c.password)
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    stdin: () => Promise.resolve(''),
  }
  // As cli-desk.ts does, with the settings file's `dr` section too.
  const context = (): Promise<CliContext> =>
    Promise.resolve({
      ...io,
      settings: {
        ...emptySettings(),
        clusters: clusters.map((c) => c.config),
        timeoutMs: 5_000,
        dr: settings.dr,
      },
      vault,
    } as unknown as CliContext)
  const code = await runCli(args, io, context)
  return { code, out: out.join('\n'), err: err.join('\n'), lines: [...out, ...err] }
}

/** Moves the simulated clock and this process's clock forward together (the CLI measures lags from its own). */
function later(seconds: number): void {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + seconds * 1000 })
}

afterEach(() => {
  vi.useRealTimers()
})

const rowOf = (out: string, vmid: number): DrReport['guests'][number] | undefined =>
  (JSON.parse(out) as DrReport).guests.find((g) => g.clusterId === 'ace-prod' && g.vmid === vmid)

describe('pvedesk dr', () => {
  it('says a guest’s backup failed when a nightly job failed for it, with the error from the job’s log', async () => {
    // The production job backs up every VM of the pool on km4-pve1 in one vzdump task (no vmid): 105 is locked.
    const run = await pvedesk(['dr', '--cluster', 'ace-prod', '--json'], {})
    expect(run.code).toBe(EXIT.drRed)
    const failed = rowOf(run.out, 105)?.flags.find((f) => f.code === 'backup-failed')
    expect(failed?.params).toMatchObject({ error: 'VM is locked (backup)' })
    expect(rowOf(run.out, 104)?.flags.map((f) => f.code)).not.toContain('backup-failed')
    const text = await pvedesk(['dr', '--cluster', 'ace-prod'], {})
    expect(text.out).toMatch(/^red\s+ace-prod\s+vm 105 \(naorlo-db01\).*VM is locked \(backup\)/m)
  })

  it('is 0 while the replicas are fresh; a broken replication turns the guest red (exit dr_red) with its reason; healed, 0 again', async () => {
    const fresh = await pvedesk(['dr', '--cluster', 'ace-prod'])
    expect(fresh.err).toBe('')
    expect(fresh.code).toBe(EXIT.ok)
    expect(fresh.out).toMatch(/^green\s+ace-prod\s+vm 101 \(naorlo-web01\)/m)

    fleet.sim.breakReplication('ace-prod', '101-0', 'zfs recv failed: pool full')
    later(3600)
    const broken = await pvedesk(['dr', '--cluster', 'ace-prod'])
    expect(broken.code).toBe(EXIT.drRed)
    expect(EXIT.drRed).toBe(11)
    const line = broken.out.split('\n').find((l) => l.includes('vm 101 (naorlo-web01)')) ?? ''
    expect(line).toMatch(/^red\s/)
    expect(line).toMatch(/replica 101-0 1 h \d+ min old \(target 30 min\)/)
    expect(line).toContain('replication 101-0 failed')
    expect(line).toContain('zfs recv failed: pool full')
    // Red comes first; the other front end still replicates.
    expect(broken.out.split('\n')[1]).toContain('vm 101')
    expect(broken.out).toMatch(/^green\s+ace-prod\s+vm 102/m)
    expect(broken.out).toMatch(/^1 red, 0 amber, 1 green, \d+ not rated$/m)

    const json = await pvedesk(['dr', '--cluster', 'ace-prod', '--json'])
    expect(json.code).toBe(EXIT.drRed)
    const row = rowOf(json.out, 101)
    expect(row?.level).toBe('red')
    expect(row?.flags.map((f) => f.code).sort()).toEqual(['replica-stale', 'replication-failed'])
    expect(row?.replication[0]).toMatchObject({
      id: '101-0',
      target: 'vitib-pve1',
      error: 'zfs recv failed: pool full',
    })

    fleet.sim.healReplication('ace-prod', '101-0')
    const healed = await pvedesk(['dr', '--cluster', 'ace-prod', '--json'])
    expect(healed.code).toBe(EXIT.ok)
    expect(rowOf(healed.out, 101)?.level).toBe('green')
  })

  it('without a dr section rates by the seed targets; an unknown cluster is not_found', async () => {
    const seed = await pvedesk(['dr', '--cluster', 'ace-prod', '--json'], {})
    const report = JSON.parse(seed.out) as DrReport
    expect(report.targets.rules.map((r) => `${r.scope}:${r.value}`)).toEqual(['tag:prod', 'tag:test'])
    expect(rowOf(seed.out, 101)?.target.from).toEqual(['tag:prod'])
    expect(report.sites.map((s) => s.site).length).toBeGreaterThan(0)
    const unknown = await pvedesk(['dr', '--cluster', 'nope'])
    expect(unknown.code).toBe(EXIT.notFound)
    expect(unknown.err).toContain('nope')
  })

  it('a hand-edited dr section with a bad rule keeps the good ones and says so', async () => {
    const run = await pvedesk(['dr', '--cluster', 'ace-prod', '--json'], {
      dr: { ...TARGETS, rules: [...TARGETS.rules, { scope: 'tag', value: '<script>', replicaMinutes: -5 }] },
    })
    expect(run.err).toMatch(/warning: settings dr/)
    expect((JSON.parse(run.out) as DrReport).targets.rules).toEqual(TARGETS.rules)
  })
})
