import type { TFunction } from 'i18next'

import type { DrAlert } from '../../../../../shared/model/dr'

/** What the alert is about in its sentence: the replication job (`101-0`) when it names one, else its subject. */
const whatOf = (alert: DrAlert): string => {
  const job = alert.params.job
  return typeof job === 'string' && job !== '' ? job : alert.subject
}

/** Where, as the operator says it: the site, else the cluster. */
export const alertWhere = (alert: DrAlert): string => alert.site ?? alert.clusterId

/** « VITIB · réplication 101-0 en échec », « VITIB · réplication 101-0 rétablie ». */
export function alertTitle(alert: DrAlert, t: TFunction): string {
  return `${alertWhere(alert)} · ${t(`drSites.${alert.phase}.${alert.kind}`, { what: whatOf(alert) })}`
}

/** PVE's own words for a raised alert (a replication's or a backup task's error), when it gave some. */
export function alertDetail(alert: DrAlert): string | undefined {
  if (alert.phase !== 'raised') return undefined
  const error = alert.params.error
  return typeof error === 'string' && error !== '' ? error : undefined
}

/** The one-line sentence a screen reader and the history say: title, then PVE's words after a colon. */
export function alertSentence(alert: DrAlert, t: TFunction): string {
  const detail = alertDetail(alert)
  return detail === undefined
    ? alertTitle(alert, t)
    : t('drSites.withDetail', { title: alertTitle(alert, t), detail })
}
