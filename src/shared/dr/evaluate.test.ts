import { describe, expect, it } from 'vitest'

import { defaultDrTargets, type DrGuestRow, type DrTargets } from '../model/dr'
import type { BackupFailure, InventoryCluster, PveObject } from '../model/inventory-snapshot'
import { backup, drCluster, NOW, replication, vm } from './dr-cluster.testing'
import { evaluateDr } from './evaluate'

const targets = (extra: Partial<DrTargets> = {}): DrTargets => ({
  ...defaultDrTargets(),
  storageSites: [{ storage: 'pbs-yakro', site: 'Yamoussoukro' }],
  ...extra,
})

/** A production guest replicated 10 minutes ago to the other site, backed up an hour ago to PBS there. */
function healthy(
  over: { guest?: PveObject; archives?: PveObject[] } & Partial<InventoryCluster> = {},
): InventoryCluster {
  const { guest, archives, ...rest } = over
  return drCluster({
    resources: [vm(101, { tags: 'prod', ...guest })],
    backups: {
      archives: [{ node: 'pve1', storage: 'pbs-yakro', entries: archives ?? [backup(101, 3600)] }],
      jobs: [{ id: 'backup-daily', all: 1, enabled: 1 }],
      notBackedUp: [],
    },
    ...replication(101, 600),
    ...rest,
  })
}

function row(cluster: InventoryCluster, t: DrTargets = targets()): DrGuestRow {
  const report = evaluateDr({ clusters: [cluster], targets: t, now: NOW })
  const found = report.guests[0]
  if (found === undefined) throw new Error('no row')
  return found
}
const codes = (r: DrGuestRow): string[] => r.flags.map((f) => f.code).sort()

describe('evaluateDr: a guest', () => {
  it('is green when replicated and backed up in time to another site', () => {
    const r = row(healthy())
    expect(r.level).toBe('green')
    expect(r.flags).toEqual([])
    expect(r.target).toEqual({ replicaMinutes: 30, backupHours: 24, from: ['tag:prod'] })
    expect(r.replication[0]).toMatchObject({
      id: '101-0',
      schedule: '*/15',
      lagSeconds: 600,
      targetSite: 'Yamoussoukro',
    })
    expect(r.lastBackup).toMatchObject({
      storage: 'pbs-yakro',
      storageSite: 'Yamoussoukro',
      ageSeconds: 3600,
    })
    expect(r.backupJobs).toEqual(['backup-daily'])
  })

  it('is red unprotected without replica nor backup', () => {
    const r = row(drCluster({ resources: [vm(101, { tags: 'prod' })] }))
    expect(r.level).toBe('red')
    expect(codes(r)).toEqual(['no-backup', 'no-replica', 'unprotected'])
  })

  it('is red replica-stale when the last sync is older than the target, with the figures', () => {
    const r = row(healthy(replication(101, 45 * 60)))
    expect(r.level).toBe('red')
    expect(r.flags).toContainEqual({
      code: 'replica-stale',
      level: 'red',
      params: { job: '101-0', lagSeconds: 2700, targetSeconds: 1800 },
    })
  })

  it('is red replica-stale "never" when the job never synced', () => {
    const r = row(healthy(replication(101, undefined)))
    expect(r.flags).toContainEqual(
      expect.objectContaining({
        code: 'replica-stale',
        params: { job: '101-0', lagSeconds: 'never', targetSeconds: 1800 },
      }),
    )
    expect(r.replication[0]?.lastSync).toBeUndefined()
  })

  it('is amber replication-failed while still within target, red (replica-stale too) when not', () => {
    const failing = row(
      healthy(replication(101, 600, { fail_count: 2, error: 'zfs error: <script>x</script>' })),
    )
    expect(failing.level).toBe('amber')
    expect(failing.flags).toContainEqual({
      code: 'replication-failed',
      level: 'amber',
      params: { job: '101-0', failCount: 2, error: 'zfs error: <script>x</script>' },
    })
    const late = row(healthy(replication(101, 3600, { fail_count: 3, error: 'x'.repeat(5000) })))
    expect(late.level).toBe('red')
    expect(codes(late)).toEqual(['replica-stale', 'replication-failed'])
    expect(
      String(late.flags.find((f) => f.code === 'replication-failed')?.params.error).length,
    ).toBeLessThanOrEqual(500)
  })

  it('is red no-replica when the only job is disabled', () => {
    const c = healthy()
    c.replication.jobs = [{ id: '101-0', guest: 101, target: 'pve2', disable: 1 }]
    expect(codes(row(c))).toContain('no-replica')
  })

  it('is red backup-overdue past the target, amber near-target over 80 % of it', () => {
    expect(row(healthy({ archives: [backup(101, 25 * 3600)] })).flags).toContainEqual(
      expect.objectContaining({
        code: 'backup-overdue',
        level: 'red',
        params: { ageSeconds: 90000, targetSeconds: 86400, storage: 'pbs-yakro' },
      }),
    )
    const near = row(healthy({ archives: [backup(101, 20 * 3600)] }))
    expect(near.level).toBe('amber')
    expect(codes(near)).toEqual(['near-target'])
    const nearReplica = row(healthy(replication(101, 25 * 60)))
    expect(nearReplica.flags).toEqual([
      {
        code: 'near-target',
        level: 'amber',
        params: { kind: 'replica', job: '101-0', lagSeconds: 1500, targetSeconds: 1800 },
      },
    ])
  })

  it('takes the newest backup of every storage', () => {
    const r = row(healthy({ archives: [backup(101, 30 * 3600), backup(101, 3600), backup(101, 50 * 3600)] }))
    expect(r.lastBackup?.ageSeconds).toBe(3600)
    expect(r.backupCount).toBe(3)
  })

  it('is red verify-failed, amber backup-unverified (PBS never verified)', () => {
    expect(row(healthy({ archives: [backup(101, 3600, { verification: { state: 'failed' } })] })).level).toBe(
      'red',
    )
    const unverified = row(healthy({ archives: [backup(101, 3600, { verification: null })] }))
    expect(codes(unverified)).toEqual(['backup-unverified'])
    expect(unverified.lastBackup?.verification).toBe('none')
  })

  it('is amber backup-failed when the newest vzdump task failed after the newest backup', () => {
    const task = (endtime: number, status: string): PveObject => ({
      type: 'vzdump',
      id: '101',
      starttime: endtime - 60,
      endtime,
      status,
      upid: 'UPID:pve1:1:1:1:vzdump:101:root@pam:',
    })
    const failed = row(healthy({ tasks: [task(NOW - 600, 'job errors')] }))
    expect(failed.flags).toContainEqual(
      expect.objectContaining({
        code: 'backup-failed',
        level: 'amber',
        params: { error: 'job errors', at: NOW - 600 },
      }),
    )
    expect(codes(row(healthy({ tasks: [task(NOW - 7200, 'job errors')] })))).toEqual([])
    expect(codes(row(healthy({ tasks: [task(NOW - 600, 'OK')] })))).toEqual([])
    expect(codes(row(healthy({ tasks: [task(NOW - 600, 'WARNINGS: 1')] })))).toEqual([])
  })

  it('is amber backup-failed when a backup job failed for it, with the error its log gave', () => {
    const failure = (endtime: number, vmid = 101): BackupFailure => ({
      vmid,
      upid: 'UPID:pve1:2:2:2:vzdump::root@pam:',
      node: 'pve1',
      starttime: endtime - 600,
      endtime,
      error: 'VM is locked (backup)',
    })
    const failed = row(healthy({ backupFailures: [failure(NOW - 600)] }))
    expect(failed.flags).toContainEqual(
      expect.objectContaining({
        code: 'backup-failed',
        level: 'amber',
        params: { error: 'VM is locked (backup)', at: NOW - 600 },
      }),
    )
    // Older than the newest backup, or another guest's: nothing.
    expect(codes(row(healthy({ backupFailures: [failure(NOW - 7200)] })))).toEqual([])
    expect(codes(row(healthy({ backupFailures: [failure(NOW - 600, 102)] })))).toEqual([])
    // A newer own vzdump task that went well wins over an older failed run of the job.
    const ok: PveObject = {
      type: 'vzdump',
      id: '101',
      starttime: NOW - 300,
      endtime: NOW - 240,
      status: 'OK',
      upid: 'UPID:pve1:3:3:3:vzdump:101:root@pam:',
    }
    expect(codes(row(healthy({ tasks: [ok], backupFailures: [failure(NOW - 600)] })))).toEqual([])
  })

  it('is amber no-job when PVE lists it as not backed up', () => {
    const c = healthy()
    c.backups.notBackedUp = [{ vmid: 101, name: 'vm101', type: 'qemu' }]
    expect(codes(row(c))).toEqual(['no-job'])
  })

  it('is amber backup-same-site when every backup is on its own site; a shared storage of no known site does not count', () => {
    const local = healthy({
      archives: [{ ...backup(101, 3600), volid: 'local:backup/vzdump-qemu-101.vma.zst', verification: null }],
    })
    local.backups.archives = [
      { node: 'pve1', storage: 'local', entries: local.backups.archives[0]?.entries ?? [] },
    ]
    const r = row(local)
    expect(r.lastBackup).toMatchObject({ storage: 'local', storageSite: 'Abidjan' })
    expect(r.lastBackup?.verification).toBeUndefined()
    expect(codes(r)).toEqual(['backup-same-site'])
    // The PBS storage not listed in storageSites: shared, so on no known site.
    const unknown = row(healthy(), targets({ storageSites: [] }))
    expect(unknown.lastBackup?.storageSite).toBeUndefined()
    expect(codes(unknown)).toEqual([])
    // Listed on the guest's own site.
    const same = row(healthy(), targets({ storageSites: [{ storage: 'pbs-yakro', site: 'Abidjan' }] }))
    expect(codes(same)).toEqual(['backup-same-site'])
  })

  it('is amber replica-same-site when the replica is on its own site', () => {
    const c = healthy()
    c.sites = { pve1: 'Abidjan', pve2: 'Abidjan' }
    expect(codes(row(c))).toContain('replica-same-site')
  })

  it('is amber ha-problem in error, or not running where HA says', () => {
    const ha = (state: string, node: string, status = 'running'): InventoryCluster =>
      healthy({
        guest: { status },
        ha: {
          resources: [{ sid: 'vm:101', state: 'started', group: 'g1' }],
          status: [{ type: 'service', sid: 'vm:101', id: 'service:vm:101', state, node }],
        },
      })
    expect(codes(row(ha('started', 'pve1')))).toEqual([])
    expect(row(ha('started', 'pve1')).ha).toMatchObject({
      sid: 'vm:101',
      group: 'g1',
      requested: 'started',
      current: 'started',
      node: 'pve1',
    })
    expect(codes(row(ha('error', 'pve1')))).toEqual(['ha-problem'])
    expect(codes(row(ha('fence', 'pve1')))).toEqual(['ha-problem'])
    expect(codes(row(ha('started', 'pve2')))).toEqual(['ha-problem'])
    expect(codes(row(ha('started', 'pve1', 'stopped')))).toEqual(['ha-problem'])
  })

  it('is amber stale-data on last-known data', () => {
    const c = healthy({ reach: 'unreachable', lastKnown: { at: '2027-01-15T08:00:00.000Z', source: 'live' } })
    expect(codes(row(c))).toEqual(['stale-data'])
  })
})

describe('evaluateDr: targets', () => {
  const rated = (t: DrTargets, guest: PveObject): DrGuestRow =>
    row(drCluster({ resources: [vm(101, guest)] }), t)

  it('a tag rule beats a cluster rule', () => {
    const t = targets({
      rules: [
        { scope: 'cluster', value: 'c1', backupHours: 1 },
        { scope: 'tag', value: 'prod', backupHours: 48 },
      ],
    })
    expect(rated(t, { tags: 'prod' }).target).toEqual({ backupHours: 48, from: ['tag:prod'] })
    expect(rated(t, { tags: 'web' }).target).toEqual({ backupHours: 1, from: ['cluster:c1'] })
  })

  it('the strictest figure of two matching tag or pool rules wins, each kind on its own', () => {
    const t = targets({
      rules: [
        { scope: 'tag', value: 'prod', replicaMinutes: 30, backupHours: 24 },
        { scope: 'pool', value: 'erp', replicaMinutes: 60, backupHours: 6 },
      ],
    })
    expect(rated(t, { tags: 'prod;web', pool: 'erp' }).target).toEqual({
      replicaMinutes: 30,
      backupHours: 6,
      from: ['tag:prod', 'pool:erp'],
    })
  })

  it('no rule → none, listed but not rated; a template → none', () => {
    const none = rated(targets(), { tags: 'dev' })
    expect(none.level).toBe('none')
    expect(none.flags).toEqual([])
    expect(rated(targets(), { tags: 'prod', template: 1 }).level).toBe('none')
  })
})

describe('evaluateDr: the report', () => {
  it('lists red first and counts each level', () => {
    const c = drCluster({
      resources: [
        vm(100, { tags: 'dev' }),
        vm(101, { tags: 'prod' }),
        vm(102, { tags: 'test' }),
        { type: 'node', node: 'pve1' },
      ],
      backups: {
        archives: [{ node: 'pve1', storage: 'pbs-yakro', entries: [backup(102, 3600)] }],
        jobs: [],
        notBackedUp: [{ vmid: 102 }],
      },
    })
    const report = evaluateDr({ clusters: [c], targets: targets(), now: NOW })
    expect(report.guests.map((g) => [g.vmid, g.level])).toEqual([
      [101, 'red'],
      [102, 'amber'],
      [100, 'none'],
    ])
    expect(report.counts).toEqual({ green: 0, amber: 1, red: 1, none: 1 })
    expect(report.at).toBe(NOW)
  })
})
