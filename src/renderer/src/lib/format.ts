/** Display helpers that know nothing of the domain: bytes, percentages, durations, in the UI's language. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

/** Binary units, as Proxmox VE shows them (1 GiB = 1024³ bytes). */
export function formatBytes(bytes: number | undefined, locale: string): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—'
  let value = Math.max(0, bytes)
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${UNITS[unit] ?? ''}`
}

export function formatPercent(fraction: number | undefined, locale: string): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return '—'
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(fraction)
}

export interface DurationParts {
  unit: 'seconds' | 'minutes' | 'hours' | 'days'
  count: number
}

/** The largest whole unit of a duration, for "3 h" or "2 j": enough for an operator scanning a list. */
export function durationParts(seconds: number): DurationParts {
  const s = Math.max(0, Math.floor(seconds))
  if (s < 60) return { unit: 'seconds', count: s }
  if (s < 3600) return { unit: 'minutes', count: Math.floor(s / 60) }
  if (s < 86_400) return { unit: 'hours', count: Math.floor(s / 3600) }
  return { unit: 'days', count: Math.floor(s / 86_400) }
}
