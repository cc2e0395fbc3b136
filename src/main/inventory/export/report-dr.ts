import type { DrGuestRow, DrReport } from '../../../shared/model/dr'
import type { InventorySnapshot } from '../../../shared/model/inventory-snapshot'
import { columns } from './cells'
import type { ReportTable } from './report'
import { drSitesSheet } from './sheets-dr'

/** The report's DR section: the counts, the red and amber guests with their reasons (red first), the sites. */
export interface ReportDr {
  counts: DrReport['counts']
  guests: ReportTable
  sites: ReportTable
}

const RANK: Record<DrGuestRow['level'], number> = { red: 0, amber: 1, green: 2, none: 3 }

/** undefined for a snapshot without a DR report (older files): the report then has no DR section. */
export function reportDr(snapshot: InventorySnapshot): ReportDr | undefined {
  const report = snapshot.dr?.report
  if (report === undefined) return undefined
  const bad = report.guests
    .filter((g) => g.level === 'red' || g.level === 'amber')
    .sort(
      (a, b) =>
        RANK[a.level] - RANK[b.level] ||
        (a.clusterId < b.clusterId ? -1 : a.clusterId > b.clusterId ? 1 : 0) ||
        a.vmid - b.vmid,
    )
  return {
    counts: report.counts,
    guests: {
      columns: columns('Level', 'Cluster', ['VMID', 'integer'], 'Name', 'Site', 'Node', 'Reasons'),
      rows: bad.map((g) => [
        g.level,
        g.clusterId,
        g.vmid,
        g.name,
        g.site,
        g.node,
        g.flags.length === 0 ? null : g.flags.map((f) => f.code).join(', '),
      ]),
    },
    sites: (({ columns, rows }) => ({ columns, rows }))(drSitesSheet(snapshot)),
  }
}

/** `2 red, 5 amber, 40 green, 3 without a target`. */
export const drCountsText = (c: DrReport['counts']): string =>
  `${c.red} red, ${c.amber} amber, ${c.green} green, ${c.none} without a target`
