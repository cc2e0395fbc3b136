// Test-only: DR reports the renderer's unit tests render. No product module imports this file.
import type { DrGuestRow, DrReport } from '../../../../shared/model/dr'
import { defaultDrTargets } from '../../../../shared/model/dr'

/** A green production guest of ace-prod replicated to VITIB and backed up on PBS at Yamoussoukro; `patch` wins. */
export const drRow = (vmid: number, patch: Partial<DrGuestRow> = {}): DrGuestRow => ({
  clusterId: 'ace-prod',
  clusterName: 'ace-prod',
  vmid,
  type: 'qemu',
  name: `guest-${vmid}`,
  node: 'km4-pve1',
  site: 'Km4',
  status: 'running',
  tags: ['prod'],
  template: false,
  target: { replicaMinutes: 30, backupHours: 24, from: ['tag:prod'] },
  replication: [
    {
      id: `${vmid}-0`,
      target: 'vitib-pve1',
      targetSite: 'VITIB',
      schedule: '*/15',
      disabled: false,
      lastSync: 1_000_000 - 600,
      lagSeconds: 600,
      durationSeconds: 4,
      failCount: 0,
    },
  ],
  lastBackup: {
    volid: `pbs-yakro:backup/vm/${vmid}/2026-12-01T01:00:00Z`,
    storage: 'pbs-yakro',
    storageSite: 'Yamoussoukro',
    time: 1_000_000 - 3 * 3600,
    ageSeconds: 3 * 3600,
    size: 12 * 1024 ** 3,
    protected: false,
    verification: 'ok',
  },
  backupCount: 3,
  backupSites: ['Yamoussoukro'],
  backupJobs: ['backup-prod'],
  level: 'green',
  flags: [],
  ...patch,
})

export const drReport = (guests: DrGuestRow[], at = 1_000_000): DrReport => ({
  at,
  targets: defaultDrTargets(),
  guests,
  sites: [],
  counts: {
    green: guests.filter((g) => g.level === 'green').length,
    amber: guests.filter((g) => g.level === 'amber').length,
    red: guests.filter((g) => g.level === 'red').length,
    none: guests.filter((g) => g.level === 'none').length,
  },
})

/** 101 red (replica 47 min late), 102 amber (replication failing), 103 green, 110 untargeted (none). */
export const mixedReport = (): DrReport =>
  drReport([
    drRow(103, { name: 'naorlo-app01' }),
    drRow(101, {
      name: 'naorlo-web01',
      level: 'red',
      flags: [
        {
          code: 'replica-stale',
          level: 'red',
          params: { job: '101-0', lagSeconds: 47 * 60, targetSeconds: 30 * 60 },
        },
      ],
    }),
    drRow(102, {
      name: 'naorlo-web02',
      node: 'km4-pve2',
      level: 'amber',
      flags: [
        {
          code: 'replication-failed',
          level: 'amber',
          params: { job: '102-0', failCount: 2, error: '<script>alert(1)</script> no space left' },
        },
      ],
    }),
    drRow(110, {
      name: 'dns01',
      type: 'lxc',
      tags: ['infra'],
      level: 'none',
      target: { from: [] },
      replication: [],
    }),
  ])
