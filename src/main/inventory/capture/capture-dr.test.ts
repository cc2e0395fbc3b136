import { describe, expect, it } from 'vitest'

import { evaluateDr } from '../../../shared/dr/evaluate'
import type { DrTargets } from '../../../shared/model/dr'
import type { CaptureOptions } from './capture-types'
import { captureInventory } from './capture-inventory'
import { settingsDrTargets } from './capture-dr'
import { MAX_TASKS } from './cluster-capture'
import { fakePve } from './fake-pve.testing'

const TAKEN_AT_MS = Date.UTC(2026, 11, 1, 12, 0, 0)

const options = (
  clusters: CaptureOptions['clusters'],
  more: Partial<CaptureOptions> = {},
): CaptureOptions => ({
  clusters,
  trigger: 'manual',
  appVersion: '0.1.0',
  takenBy: { user: 'noc', host: 'desk01' },
  consoleSessions: [],
  now: () => TAKEN_AT_MS,
  ...more,
})

const targets: DrTargets = {
  rules: [{ scope: 'cluster', value: 'ace', replicaMinutes: 60, backupHours: 48 }],
  warnAt: 0.75,
  storageSites: [{ storage: 'nfs', site: 'Site B' }],
}

describe('the DR part of a capture', () => {
  it('keeps /cluster/tasks newest first, and the DR report evaluated at takenAt with the targets given', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4', shuffle: true })
    const snapshot = await captureInventory(options([ace.cluster], { drTargets: targets }))
    const cluster = snapshot.clusters[0]
    expect(cluster?.reach).toBe('partial') // n2 is offline in the fake
    expect(cluster?.tasks?.map((t) => t.type)).toEqual(['vzdump', 'qmstart'])
    expect(snapshot.issues.filter((i) => i.path === '/cluster/tasks' || i.path === 'dr')).toEqual([])

    expect(snapshot.dr?.targets).toEqual(targets)
    const now = TAKEN_AT_MS / 1000
    expect(snapshot.dr?.report.at).toBe(now)
    // The same answer the live view would give from the same lists at that moment.
    expect(snapshot.dr?.report).toEqual(
      evaluateDr({ clusters: snapshot.clusters, targets, now, lastContact: { ace: now } }),
    )
  })

  it('uses the default targets when none are given', async () => {
    const ace = fakePve({ id: 'ace', version: '8.4.1' })
    const snapshot = await captureInventory(options([ace.cluster]))
    expect(snapshot.dr?.targets.rules.map((r) => `${r.scope}:${r.value}`)).toEqual(['tag:prod', 'tag:test'])
  })

  it('keeps at most MAX_TASKS of a task list a hostile server made huge, and says so', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    ace.override(
      '/cluster/tasks',
      Array.from({ length: MAX_TASKS + 300 }, (_, i) => ({
        upid: `UPID:n1:${i}`,
        type: 'vzdump',
        id: String(100 + (i % 50)),
        starttime: 1_796_000_000 + i,
        status: 'OK',
      })),
    )
    const snapshot = await captureInventory(options([ace.cluster]))
    const tasks = snapshot.clusters[0]?.tasks ?? []
    expect(tasks).toHaveLength(MAX_TASKS)
    // The newest are the ones kept.
    expect(tasks[0]?.starttime).toBe(1_796_000_000 + MAX_TASKS + 299)
    expect(snapshot.issues.find((i) => i.path === '/cluster/tasks')?.message).toContain(
      `the newest ${MAX_TASKS} only`,
    )
  })

  it('a task list that fails is an issue, and the DR report is still made', async () => {
    const ace = fakePve({ id: 'ace', version: '9.1.4' })
    ace.override('/cluster/tasks', new Error('500 boom'))
    const snapshot = await captureInventory(options([ace.cluster]))
    expect(snapshot.clusters[0]?.tasks).toBeUndefined()
    expect(snapshot.issues.some((i) => i.path === '/cluster/tasks')).toBe(true)
    expect(snapshot.dr?.report.at).toBe(TAKEN_AT_MS / 1000)
  })
})

describe('settingsDrTargets (the CLI capture)', () => {
  it('reads the settings file’s dr targets, and falls back to the defaults on anything else', () => {
    expect(settingsDrTargets(targets)).toEqual(targets)
    for (const edited of [undefined, null, 'prod', { rules: 'all' }, { targets: { warnAt: 7 } }])
      expect(settingsDrTargets(edited).rules[0]).toMatchObject({ scope: 'tag', value: 'prod' })
  })
})
