import type { DrFlag, DrGuestRow, DrReport, SiteHealth } from '../shared/model/dr'
import type { CliContext } from './context'
import { printable } from './printable'
import { printTable } from './table'

/** A duration in seconds as people say it: `45 min`, `2 h 5 min`, `3 d 4 h`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s`
  const minutes = Math.floor(s / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`
  const days = Math.floor(hours / 24)
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`
}

const figure = (value: string | number | undefined): string =>
  typeof value === 'number' ? duration(value) : (value ?? '?')
const text = (value: string | number | undefined): string => printable(String(value ?? ''))

/** One flag in words (English, as the rest of the CLI). */
export function flagWords(flag: DrFlag): string {
  const p = flag.params
  switch (flag.code) {
    case 'unprotected':
      return 'unprotected: neither replica nor backup'
    case 'no-replica':
      return `no replication job (target ${figure(p.targetSeconds)})`
    case 'replica-stale':
      return p.lagSeconds === 'never'
        ? `replica ${text(p.job)} never synced (target ${figure(p.targetSeconds)})`
        : `replica ${text(p.job)} ${figure(p.lagSeconds)} old (target ${figure(p.targetSeconds)})`
    case 'replication-failed':
      return `replication ${text(p.job)} failed ${text(p.failCount)}×${p.error !== undefined ? `: ${text(p.error)}` : ''}`
    case 'no-backup':
      return `no backup (target ${figure(p.targetSeconds)})`
    case 'backup-overdue':
      return `last backup ${figure(p.ageSeconds)} old (target ${figure(p.targetSeconds)})`
    case 'backup-failed':
      return `last backup task failed: ${text(p.error)}`
    case 'backup-unverified':
      return `last backup on ${text(p.storage)} never verified`
    case 'verify-failed':
      return `last backup on ${text(p.storage)} failed its verification`
    case 'no-job':
      return 'no backup job includes it'
    case 'backup-same-site':
      return `every backup is on its own site (${text(p.site)})`
    case 'replica-same-site':
      return `replica on its own site (${text(p.site)})`
    case 'near-target':
      return p.kind === 'replica'
        ? `replica ${figure(p.lagSeconds)} old, near its target ${figure(p.targetSeconds)}`
        : `last backup ${figure(p.ageSeconds)} old, near its target ${figure(p.targetSeconds)}`
    case 'ha-problem':
      return `HA: ${text(p.state)}${p.node !== undefined && p.node !== '' ? ` on ${text(p.node)}` : ''}`
    case 'stale-data':
      return p.since !== undefined
        ? `last-known data (${text(p.since)})`
        : 'last-known data: the node did not answer'
  }
}

type Problem = SiteHealth['problems'][number]

export function problemWords(problem: Problem): string {
  const p = problem.params
  switch (problem.code) {
    case 'quorum-lost':
      return `quorum lost on ${text(p.cluster)}`
    case 'no-contact':
      return `no contact with ${text(p.cluster)}`
    case 'node-down':
      return `node ${text(p.node)} down`
    case 'storage-critical':
    case 'storage-warning':
      return `storage ${text(p.storage)} ${text(p.usedPercent)} % full`
    case 'certificate-expiring':
      return `certificate ${text(p.filename)} of ${text(p.node)} expires in ${text(p.daysLeft)} days`
    case 'subscription-inactive':
      return `subscription of ${text(p.node)}: ${text(p.status)}`
    case 'mixed-versions':
      return `mixed PVE versions (${text(p.versions)})`
    default:
      return text(problem.code)
  }
}

const guestName = (row: DrGuestRow): string =>
  `${row.type === 'qemu' ? 'vm' : 'ct'} ${row.vmid}${row.name !== '' ? ` (${printable(row.name)})` : ''}`

/** The matrix for a terminal: rated guests red first (the report's order), then each site, then the counts. */
export function printDrReport(ctx: Pick<CliContext, 'out'>, report: DrReport): void {
  const rows = report.guests
    .filter((g) => g.level !== 'none')
    .map((g) => ({
      level: g.level,
      cluster: printable(g.clusterId),
      guest: guestName(g),
      site: printable(g.site),
      reasons: g.flags.map(flagWords).join('; '),
    }))
  printTable(ctx, ['level', 'cluster', 'guest', 'site', 'reasons'], rows)
  ctx.out('')
  for (const site of report.sites) {
    const words = site.problems.map(problemWords).join('; ')
    ctx.out(
      `site ${printable(site.site)}: ${site.level}${site.stale ? ' (stale)' : ''}, ${site.guests.total} guests (${site.guests.red} red, ${site.guests.amber} amber)${words !== '' ? `: ${words}` : ''}`,
    )
  }
  const c = report.counts
  ctx.out(`${c.red} red, ${c.amber} amber, ${c.green} green, ${c.none} not rated`)
}
