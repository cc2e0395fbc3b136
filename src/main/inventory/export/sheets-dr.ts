import type { DrGuestRow, DrReplication, DrReport, SiteHealth } from '../../../shared/model/dr'
import type { InventorySnapshot } from '../../../shared/model/inventory-snapshot'
import type { Cell, Sheet } from './cells'
import { columns, epoch } from './cells'

/**
 * The DR sheets: the matrix (one row per guest, as the snapshot's DR report rated it at `takenAt`) and the
 * site health. A snapshot without a DR report (older files) gives them empty. They read the report's rows as
 * they are: no other pass over the guests.
 */

/** The flags' codes, worst first as the report lists them: `replica-stale, backup-overdue`. */
const reasons = (r: DrGuestRow): Cell => (r.flags.length === 0 ? null : r.flags.map((f) => f.code).join(', '))

/** The job that says most about the replica: one that never synced, else the one furthest behind. */
function worstReplication(list: readonly DrReplication[]): DrReplication | undefined {
  let worst: DrReplication | undefined
  for (const j of list) {
    if (worst === undefined) worst = j
    else if (j.lastSync === undefined && worst.lastSync !== undefined) worst = j
    else if (worst.lastSync !== undefined && (j.lagSeconds ?? 0) > (worst.lagSeconds ?? 0)) worst = j
  }
  return worst
}

const round1 = (n: number | undefined): Cell => (n === undefined ? null : Math.round(n * 10) / 10)

function guestRow(r: DrGuestRow): Cell[] {
  const j = worstReplication(r.replication)
  const b = r.lastBackup
  const ha =
    r.ha === undefined ? null : [r.ha.requested, r.ha.current].filter((x) => x !== undefined).join(' / ')
  return [
    r.clusterId,
    r.vmid,
    r.type === 'qemu' ? 'VM' : 'CT',
    r.name,
    r.level,
    reasons(r),
    r.site,
    r.node,
    r.status,
    r.replication.length === 0 ? null : r.replication.map((x) => x.target).join(', '),
    j?.targetSite ?? null,
    epoch(j?.lastSync),
    round1(j?.lagSeconds === undefined ? undefined : j.lagSeconds / 60),
    j === undefined ? null : j.failCount,
    j?.error ?? null,
    ha === '' ? null : ha,
    epoch(b?.time),
    round1(b === undefined ? undefined : b.ageSeconds / 3600),
    b?.storage ?? null,
    b?.storageSite ?? null,
    b?.verification ?? null,
    r.backupCount,
    r.backupJobs.length === 0 ? null : r.backupJobs.join(', '),
    r.target.replicaMinutes ?? null,
    r.target.backupHours ?? null,
    r.target.from.length === 0 ? null : r.target.from.join(', '),
  ]
}

export function drGuestsSheet(snapshot: InventorySnapshot): Sheet {
  const report = snapshot.dr?.report
  return {
    name: 'DR guests',
    columns: columns(
      'Cluster',
      ['VMID', 'integer'],
      'Type',
      'Name',
      'Level',
      'Reasons',
      'Site',
      'Node',
      'Status',
      'Replication target',
      'Replica site',
      ['Last sync (UTC)', 'date'],
      ['Replication lag (min)', 'decimal'],
      ['Fail count', 'integer'],
      'Replication error',
      'HA (requested / current)',
      ['Last backup (UTC)', 'date'],
      ['Backup age (h)', 'decimal'],
      'Backup storage',
      'Backup site',
      'Verification',
      ['Backups', 'integer'],
      'Backup jobs',
      ['Replica target (min)', 'integer'],
      ['Backup target (h)', 'integer'],
      'Targets from',
    ),
    rows: report === undefined ? [] : report.guests.map(guestRow),
  }
}

const list = (items: readonly string[]): Cell => (items.length === 0 ? null : items.join(', '))

function siteRow(s: SiteHealth): Cell[] {
  const quorum = s.clusters.map((c) =>
    c.quorate === undefined
      ? `${c.clusterId}: standalone`
      : `${c.clusterId}: ${c.quorate ? 'yes' : 'no'}${c.votes === undefined ? '' : ` (${c.votes}${c.expectedVotes === undefined ? '' : `/${c.expectedVotes}`})`}`,
  )
  const storage = (level: 'critical' | 'warning'): Cell =>
    list(
      s.storage
        .filter((x) => x.level === level)
        .map((x) => `${x.storage} (${x.total > 0 ? Math.round((x.used / x.total) * 1000) / 10 : 0} %)`),
    )
  return [
    s.site,
    s.level,
    list(s.problems.map((p) => p.code)),
    list(quorum),
    `${s.nodes.filter((n) => n.online).length}/${s.nodes.length}`,
    storage('critical'),
    storage('warning'),
    list(s.certificates.map((c) => `${c.node} ${c.filename} (${Math.floor(c.daysLeft)} d)`)),
    s.guests.total,
    s.guests.red,
    s.guests.amber,
    epoch(s.lastContact),
    s.stale ? 'yes' : 'no',
  ]
}

export function drSitesSheet(snapshot: InventorySnapshot): Sheet {
  const report: DrReport | undefined = snapshot.dr?.report
  return {
    name: 'DR sites',
    columns: columns(
      'Site',
      'Level',
      'Problems',
      'Quorum (votes)',
      'Nodes online',
      'Storage critical',
      'Storage warning',
      'Certificates expiring',
      ['Guests', 'integer'],
      ['Red guests', 'integer'],
      ['Amber guests', 'integer'],
      ['Last contact (UTC)', 'date'],
      'Stale',
    ),
    rows: report === undefined ? [] : report.sites.map(siteRow),
  }
}
