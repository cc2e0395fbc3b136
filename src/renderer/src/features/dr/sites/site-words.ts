import type { TFunction } from 'i18next'

import type { DrReport, SiteHealth } from '../../../../../shared/model/dr'
import { durationParts, formatPercent } from '../../../lib/format'

type Problem = SiteHealth['problems'][number]
type Params = Problem['params']

/** The problem codes the cards have words for; another code (a newer evaluation) is shown as it is. */
const KNOWN = new Set([
  'quorum-lost',
  'node-down',
  'storage-critical',
  'storage-warning',
  'no-contact',
  'certificate-expiring',
  'subscription-inactive',
  'mixed-versions',
])

const text = (params: Params, ...keys: string[]): string => {
  for (const key of keys) {
    const value = params[key]
    if (typeof value === 'string' && value !== '') return value
    if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  }
  return '—'
}

const numberOf = (params: Params, ...keys: string[]): number | undefined => {
  for (const key of keys) {
    const value = params[key]
    if (typeof value === 'number' && Number.isFinite(value)) return value
  }
  return undefined
}

/** A storage problem's share used: as a fraction, a percentage or used/total, whichever the evaluation gave. */
function usedShare(params: Params): number | undefined {
  const fraction = numberOf(params, 'fraction', 'usage', 'ratio')
  if (fraction !== undefined) return fraction
  const percent = numberOf(params, 'usedPercent', 'percent')
  if (percent !== undefined) return percent / 100
  const used = numberOf(params, 'used')
  const total = numberOf(params, 'total')
  return used !== undefined && total !== undefined && total > 0 ? used / total : undefined
}

/** One problem of a site in words, with its figures: « Quorum perdu sur ACE Prod ». */
export function problemText(problem: Problem, site: SiteHealth, t: TFunction, locale: string): string {
  const { params } = problem
  if (!KNOWN.has(problem.code)) return t('drSites.problem.unknown', { code: problem.code })
  const clusterId = text(params, 'clusterId', 'cluster')
  const clusterName =
    typeof params.clusterName === 'string'
      ? params.clusterName
      : (site.clusters.find((c) => c.clusterId === clusterId)?.name ?? clusterId)
  return t(`drSites.problem.${problem.code}`, {
    cluster: clusterName,
    node: text(params, 'node', 'nodes'),
    storage: text(params, 'storage'),
    percent: formatPercent(usedShare(params), locale),
    days: text(params, 'daysLeft', 'days'),
    status: text(params, 'subscription', 'status'),
    versions: text(params, 'versions'),
  })
}

/** « 2 min », « 3 h »: the largest whole unit, as the tree's stale labels say it. */
export function ageText(seconds: number, t: TFunction): string {
  const { unit, count } = durationParts(seconds)
  return t(`duration.${unit}`, { count })
}

/** « il y a 2 min », or « jamais » without a contact. */
export function sinceText(epochSeconds: number | undefined, nowMs: number, t: TFunction): string {
  if (epochSeconds === undefined) return t('drSites.never')
  return t('drSites.ago', { age: ageText(nowMs / 1000 - epochSeconds, t) })
}

/** Mantine colour per level; the level is always said in words beside it. */
export const LEVEL_COLOUR = { green: 'green', amber: 'orange', red: 'red' } as const

/** Red sites first, then amber, then green; by name within a level, so the cards keep their places. */
const RANK = { red: 0, amber: 1, green: 2 } as const
export const orderedSites = (report: DrReport): DrReport['sites'] =>
  [...report.sites].sort((a, b) => RANK[a.level] - RANK[b.level] || a.site.localeCompare(b.site))
