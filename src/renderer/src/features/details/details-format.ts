import type { TFunction } from 'i18next'

import { durationParts, formatBytes, formatPercent } from '../../lib/format'

/** `used / max (percent)`, or a dash when PVE did not report the maximum. */
export function usage(used: number | undefined, max: number | undefined, locale: string): string {
  if (max === undefined) return '—'
  const fraction = used === undefined || max === 0 ? undefined : used / max
  return `${formatBytes(used, locale)} / ${formatBytes(max, locale)} (${formatPercent(fraction, locale)})`
}

/** An uptime in its largest sensible unit, or a dash when stopped or not reported. */
export function uptime(t: TFunction, seconds: number | undefined): string {
  if (seconds === undefined || seconds === 0) return '—'
  const { unit, count } = durationParts(seconds)
  return t(`duration.${unit}`, { count })
}
