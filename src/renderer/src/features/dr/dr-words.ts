import type { TFunction } from 'i18next'

import type { DrFlag } from '../../../../shared/model/dr'
import { durationParts } from '../../lib/format'

/** A duration in its largest whole unit (« 47 min », « 2 j »), or « jamais » for PVE's never. */
export function durationText(t: TFunction, seconds: number | string | undefined): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return t('dr.matrix.never')
  const { unit, count } = durationParts(seconds)
  const whole = t(`duration.${unit}`, { count })
  // « 1 j » against a target of « 1 j » says nothing: a short figure keeps its next unit (« 1 j 2 h »).
  if (count >= 10 || (unit !== 'days' && unit !== 'hours')) return whole
  const rest = unit === 'days' ? Math.floor((seconds % 86_400) / 3600) : Math.floor((seconds % 3600) / 60)
  if (rest === 0) return whole
  return `${whole} ${t(unit === 'days' ? 'duration.hours' : 'duration.minutes', { count: rest })}`
}

const text = (value: string | number | undefined, fallback: string): string =>
  value === undefined || value === '' ? fallback : String(value)

/**
 * A flag in the operator's words, with its figures: « Réplica en retard : 47 min (objectif 30 min) ». The
 * figures come from the evaluation (seconds); a figure missing (an older report) reads as a dash, never as
 * `{{lag}}`. `nowSeconds` measures the age of last-known data.
 */
export function flagText(t: TFunction, flag: DrFlag, nowSeconds: number): string {
  const p = flag.params
  const target = durationText(t, p.targetSeconds)
  const common = {
    target,
    job: text(p.job, '—'),
    storage: text(p.storage, '—'),
    site: text(p.site, '—'),
    state: text(p.state, '—'),
    node: text(p.node, '—'),
    status: text(p.status, '—'),
    failCount: text(p.failCount, '?'),
    error: text(p.error, t('dr.flag.unknownError')),
    lag: durationText(t, p.lagSeconds),
    age: durationText(t, p.ageSeconds),
  }
  switch (flag.code) {
    case 'replica-stale':
      return p.lagSeconds === 'never' || p.lagSeconds === undefined
        ? t('dr.flag.replica-never', common)
        : t('dr.flag.replica-stale', common)
    case 'near-target':
      if (p.kind === 'replica') return t('dr.flag.near-replica', common)
      if (p.kind === 'backup') return t('dr.flag.near-backup', common)
      return t('dr.flag.near-target')
    case 'ha-problem':
      return p.status !== undefined && p.node !== undefined
        ? t('dr.flag.ha-elsewhere', common)
        : t('dr.flag.ha-problem', common)
    case 'stale-data':
      if (typeof p.since === 'number')
        return t('dr.flag.stale-since', { age: durationText(t, nowSeconds - p.since) })
      if (p.node !== undefined) return t('dr.flag.stale-node', common)
      return t('dr.flag.stale-data')
    default:
      return t(`dr.flag.${flag.code}`, common)
  }
}
