import type { DrFlag, DrFlagCode, DrGuestRow, DrReport, SiteHealth } from '../../src/shared/model/dr'
import { defaultDrTargets } from '../../src/shared/model/dr'
import type { InventoryDr } from '../../src/shared/model/inventory-snapshot'

/**
 * A DR report written by hand (not by the evaluation), for the inventory's diff, export and offline tests: they
 * check how the snapshot's report is carried and shown, whatever the evaluation rates.
 */

const RED: ReadonlySet<DrFlagCode> = new Set([
  'unprotected',
  'no-replica',
  'replica-stale',
  'no-backup',
  'backup-overdue',
  'verify-failed',
])

export function drGuestRow(
  over: Partial<Omit<DrGuestRow, 'flags'>> & { vmid: number; flags?: (DrFlagCode | DrFlag)[] },
): DrGuestRow {
  const flags = (over.flags ?? []).map((f) =>
    typeof f === 'string'
      ? { code: f, level: RED.has(f) ? ('red' as const) : ('amber' as const), params: {} }
      : f,
  )
  const level =
    over.level ?? (flags.some((f) => f.level === 'red') ? 'red' : flags.length > 0 ? 'amber' : 'green')
  return {
    clusterId: 'ace-prod',
    clusterName: 'ACE prod',
    type: 'qemu',
    name: `vm${over.vmid}`,
    node: 'ace-pve1',
    site: 'Abidjan',
    status: 'running',
    tags: ['prod'],
    template: false,
    target: { replicaMinutes: 30, backupHours: 24, from: ['tag:prod'] },
    replication: [],
    backupCount: 0,
    backupSites: [],
    backupJobs: [],
    ...over,
    flags,
    level,
  }
}

export function drSite(over: Partial<SiteHealth> & { site: string }): SiteHealth {
  return {
    level: 'green',
    problems: [],
    clusters: [
      {
        clusterId: 'ace-prod',
        name: 'ACE prod',
        quorate: true,
        votes: 3,
        expectedVotes: 3,
        reach: 'live',
        lastContact: 1_796_126_400,
      },
    ],
    nodes: [
      { clusterId: 'ace-prod', node: 'ace-pve1', online: true, version: '9.1.4', subscription: 'active' },
    ],
    storage: [],
    certificates: [],
    guests: { total: 1, red: 0, amber: 0 },
    lastContact: 1_796_126_400,
    stale: false,
    ...over,
  }
}

/** The snapshot's `dr`: these rows and sites at `at` (epoch seconds), the counts made from the rows. */
export function drOf(guests: DrGuestRow[], sites: SiteHealth[], at = 1_796_126_400): InventoryDr {
  const counts = { green: 0, amber: 0, red: 0, none: 0 }
  for (const g of guests) counts[g.level]++
  const targets = defaultDrTargets()
  const report: DrReport = { at, targets, guests, sites, counts }
  return { targets, report }
}
