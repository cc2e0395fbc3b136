import type { DrAlert, DrAlertKind, DrFlagCode, DrReport } from '../model/dr'

/** Which guest flags are worth a notification, and as what. */
const GUEST_ALERTS: Partial<Record<DrFlagCode, DrAlertKind>> = {
  'replica-stale': 'replica-lag',
  'replication-failed': 'replication-failed',
  'backup-failed': 'backup-failed',
  'backup-overdue': 'backup-overdue',
  'no-backup': 'backup-overdue',
}
/** Which site problems are, and as what. */
const SITE_ALERTS: Readonly<Record<string, DrAlertKind>> = {
  'quorum-lost': 'quorum-lost',
  'node-down': 'node-down',
  'storage-critical': 'storage-critical',
  'certificate-expiring': 'certificate-expiring',
}

type Condition = Omit<DrAlert, 'id' | 'at' | 'phase'>

/** Every bad condition of a report, by a key that stays the same while it lasts (names may change, ids do not). */
function conditions(report: DrReport): Map<string, Condition> {
  const found = new Map<string, Condition>()
  for (const row of report.guests) {
    const subject = `${row.type === 'qemu' ? 'vm' : 'ct'} ${row.vmid}${row.name !== '' ? ` (${row.name})` : ''}`
    for (const flag of row.flags) {
      const kind = GUEST_ALERTS[flag.code]
      if (kind === undefined) continue
      const key = `${kind}\u0000${row.clusterId}\u0000guest:${row.vmid}`
      // no-backup and backup-overdue are one alert: the first one of the row gives the figures.
      if (found.has(key)) continue
      found.set(key, {
        kind,
        clusterId: row.clusterId,
        site: row.site,
        subject,
        vmid: row.vmid,
        node: row.node,
        params: { flag: flag.code, ...flag.params },
      })
    }
  }
  for (const site of report.sites) {
    for (const problem of site.problems) {
      const kind = SITE_ALERTS[problem.code]
      if (kind === undefined) continue
      const clusterId = String(problem.params.cluster ?? '')
      const node = typeof problem.params.node === 'string' ? problem.params.node : undefined
      const subject =
        kind === 'quorum-lost'
          ? clusterId
          : kind === 'storage-critical'
            ? String(problem.params.storage ?? '')
            : kind === 'certificate-expiring'
              ? `${node ?? ''}/${String(problem.params.filename ?? '')}`
              : (node ?? '')
      const key = `${kind}\u0000${clusterId}\u0000${subject}`
      if (found.has(key)) continue
      found.set(key, { kind, clusterId, site: site.site, subject, node, params: { ...problem.params } })
    }
  }
  return found
}

const alert = (c: Condition, phase: DrAlert['phase'], at: number): DrAlert => ({
  ...c,
  id: `${c.kind}:${c.clusterId}:${c.subject}:${at}`,
  at,
  phase,
})

/**
 * The transitions between two reports: what turned bad (`raised`) and what recovered (`cleared`). The first report
 * of a session (`before` undefined) raises only what is bad in it, so a restart does not clear the history.
 */
export function alertsBetween(before: DrReport | undefined, after: DrReport): DrAlert[] {
  const now = conditions(after)
  const then = before === undefined ? new Map<string, Condition>() : conditions(before)
  const alerts: DrAlert[] = []
  for (const [key, c] of now) if (!then.has(key)) alerts.push(alert(c, 'raised', after.at))
  for (const [key, c] of then) if (!now.has(key)) alerts.push(alert(c, 'cleared', after.at))
  return alerts
}
